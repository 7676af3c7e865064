import Foundation
import GSL
import Testing
@testable import RibbonCore
@testable import RibbonSim

/// The verifier's joint test at correct theory (E2 is right by construction) and against wrong predictions.
/// Fixed seeds make each check deterministic; the counts below state what they could and could not miss.
@Suite("verify: calibrated size, stated power")
struct VerificationCalibrationTests {
    /// 40 random points (seeded), R = 10 runs, d = 12: at the nominal 1% the expected number of failing calls
    /// is 0.4; the check allows ≤ 3 (false alarm P(≥ 4 | p = 1%) = 0.08%), and a regression to the old 13%
    /// false-fail rate would be caught with P(≥ 4 | p = 13%) = 75%. Measured: see the assertion message.
    @Test("Family-wise false-fail rate at correct theory stays near α (40 seeded points, R = 10)")
    func size() throws {
        let generator = RandomGenerator(seed: 13)
        var failed: [String] = []
        for i in 0..<40 {
            let c = 0.3 + 2.2 * generator.uniform(), t = (exp(log(3) + log(1000) * generator.uniform())).rounded()
            let r = exp(log(0.1) + log(500) * generator.uniform())
            let settings = try SimulationSettings(
                spectrum: try Spectrum.geometric(slope: c, dimension: 12),
                knobs: try Knobs(steps: t, ratio: r), samples: 60, runs: 10,
                schedule: t > 300 ? .logSpaced(40) : .everyStep, seed: UInt64(100 + i))
            let v = try Verification(
                simulation: try Simulation(settings), criterion: try HyperRibbonCriterion(), nullReplicates: 1000)
            if !v.allPass { failed.append("c=\(c) T=\(t) r=\(r)") }
        }
        #expect(failed.count <= 3, "\(failed.count)/40 calls failed: \(failed)")
    }

    /// Power: μ₁…μ₃ predicted 40% too high at R = 40, d = 12, c = 1, T = 100, r = 28 (detectable there ≈ 25%):
    /// every one of 5 seeds fails, and names a variance row.
    @Test("Predictions 40% off in μ₁…μ₃ fail at R = 40")
    func power() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 12)
        let knobs = try Knobs(steps: 100, ratio: 28)
        let exact = try WidthSpectrum(spectrum: spectrum, knobs: knobs, solvers: EigenvalueSolvers()).variances
        let wrong = try TheoryPrediction(
            variances: exact.enumerated().map { $0.offset < 3 ? $0.element * 1.4 : $0.element }, source: "test")
        for seed in 1...5 {
            let settings = try SimulationSettings(
                spectrum: spectrum, knobs: knobs, samples: 60, runs: 40, seed: UInt64(seed))
            let v = try Verification(
                simulation: try Simulation(settings), criterion: try HyperRibbonCriterion(), nullReplicates: 1000,
                against: wrong)
            #expect(!v.allPass, "seed \(seed)")
            #expect(v.rows.contains { $0.quantity.name == "variance" && $0.pass == false })
            #expect((v.detectable ?? 1) < 0.6)
        }
    }

    /// The exact null's spread matches the spread of the simulated statistic across independent simulations
    /// (8 seeds at one point): the null SD of μ₁ within a factor 2 of the seeds' sample SD (8 seeds give the
    /// sample SD to about ±25%).
    @Test("The null SD of μ₁ is the simulation's own spread")
    func nullSpread() throws {
        let spectrum = try Spectrum.geometric(slope: 0.9, dimension: 12)
        let knobs = try Knobs(steps: 60, ratio: 0.5)
        var values: [Double] = [], nullSD = 0.0
        for seed in 1...8 {
            let settings = try SimulationSettings(
                spectrum: spectrum, knobs: knobs, samples: 60, runs: 20, seed: UInt64(seed))
            let v = try Verification(
                simulation: try Simulation(settings), criterion: try HyperRibbonCriterion(), nullReplicates: 1000)
            values.append(v.rows[0].measured)
            nullSD = v.rows[0].standardError!
        }
        let mean = values.reduce(0, +) / 8
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 7).squareRoot()
        #expect(sd / nullSD > 0.5 && sd / nullSD < 2, "seed SD \(sd), null SD \(nullSD)")
    }
}
