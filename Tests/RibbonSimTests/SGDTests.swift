import Foundation
import GSL
import RibbonTestSupport
import Testing
@testable import RibbonCore
@testable import RibbonSim

@Suite("Minibatch SGD: theory and simulation")
struct SGDTests {
    static func data(d: Int = 12, n: Int = 200) throws -> LinearDataset {
        try LinearDataset(
            spectrum: Spectrum.geometric(slope: 1, dimension: d), samples: n, knobs: Knobs(steps: 50, ratio: 3),
            rng: RandomGenerator(seed: 4))
    }

    /// B = n without replacement uses every sample every step: exactly full-batch GD (up to the order
    /// in which the per-sample gradients are summed, ≲ 1e-12 relative over 50 steps).
    @Test("SGD with B = n without replacement reproduces full-batch GD")
    func fullBatchLimit() throws {
        let data = try Self.data()
        let knobs = try Knobs(steps: 50, ratio: 3)
        let noise = try SGDNoise(batch: 200, sampling: .withoutReplacement, samples: 200)
        let times = Array(0...50), weights = [Double](repeating: 1.0 / 51, count: 51)
        let root = RandomGenerator(seed: 9)
        let sgd = try SGDTraining.train(
            data, knobs: knobs, noise: noise, runs: 3, times: times, weights: weights, rng: root)
        let gd = try RegressionTraining.train(
            data, knobs: knobs, runs: 3, times: times, weights: weights, rng: root.child(1))
        #expect(noise.scale == 0)
        var worst = 0.0
        for r in 0..<3 {
            for j in times.indices {
                for i in 0..<12 {
                    worst = max(worst, abs(sgd.points[r][j][i] - gd.points[r][j][i]) / max(abs(gd.points[r][j][i]), 1))
                }
            }
        }
        #expect(worst < 1e-12, "worst \(worst)")
    }

    @Test("The SGD covariance tends to E2 as the batch grows (noise scale → 0)")
    func largeBatchLimit() throws {
        let spectrum = try Spectrum.geometric(slope: 0.8, dimension: 10)
        let knobs = try Knobs(eta: 0.7, steps: 80, ratio: 4)
        let (times, weights) = CheckpointSchedule.everyStep.checkpoints(steps: 80)
        let e2 = try TrajectoryCovariance.checkpointed(spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let huge = try TrajectoryCovariance.sgd(
            spectrum: spectrum, knobs: knobs, noise: SGDNoise(batch: 1_000_000_000, labelNoise: 1),
            times: times, weights: weights)
        // Entry errors relative to √(C_ii C_jj): the added term is O(η²/B) = O(1e-9).
        var worst = 0.0
        for i in 0..<10 {
            for j in 0..<10 {
                worst = max(
                    worst, abs(huge[i * 10 + j] - e2[i * 10 + j]) / (e2[i * 10 + i] * e2[j * 10 + j]).squareRoot())
            }
        }
        #expect(worst < 1e-7, "worst \(worst)")
        // Label noise alone (r = 0, σ₀ = 0.01 so the multiplicative part, ∝ tr(Λ)σ₀²/σ_ε² ≈ 4e-5, is
        // negligible): the exact term matches the closed form η σ_ε² s λ (1 − S(q²))/(2 − ηλ).
        let small = try Knobs(eta: 0.01, steps: 80, ratio: 0, sigma0: 0.01)
        let label = try SGDNoise(batch: 1000, labelNoise: 2)
        let exact = try TrajectoryCovariance.sgd(
            spectrum: spectrum, knobs: small, noise: label, times: times, weights: weights)
        let base = try TrajectoryCovariance.checkpointed(
            spectrum: spectrum, knobs: small, times: times, weights: weights)
        let closed = TrajectoryCovariance.sgdLabelNoiseDiagonal(spectrum: spectrum, knobs: small, noise: label)
        for i in 0..<10 {
            expectClose(exact[i * 10 + i] - base[i * 10 + i], closed[i], relative: 1e-3, "mode \(i)")
        }
    }

    /// Three stable (η, B, σ_ε, sampling) points × three seeds, d = 20, n = 1000, R = 40, at correct theory:
    /// the studentised-bootstrap joint test fails a call with probability ≈ α = 1%, so nine calls have
    /// P(≥ 2 fail) ≈ 0.3%; the test allows one.
    @Test("Simulated SGD spread agrees with the exact SGD covariance")
    func agreement() throws {
        var failed = 0, judged = 0
        let points: [(eta: Double, batch: Int, noise: Double, sampling: SGDNoise.Sampling)] = [
            (1, 8, 1, .withReplacement), (1, 32, 3, .withoutReplacement), (0.5, 4, 0.5, .withReplacement),
        ]
        for p in points {
            for seed in 1...3 {
                let settings = try SimulationSettings(
                    spectrum: Spectrum.geometric(slope: 1, dimension: 20),
                    knobs: Knobs(eta: p.eta, steps: 100, ratio: 5), samples: 1000,
                    runs: 40, seed: UInt64(seed),
                    sgd: SGDNoise(batch: p.batch, labelNoise: p.noise, sampling: p.sampling, samples: 1000))
                let v = try Verification(simulation: try Simulation(settings), criterion: HyperRibbonCriterion())
                failed += v.allPass ? 0 : 1
                judged += v.rows.filter { $0.pass != nil }.count
            }
        }
        print("SGD agreement: \(failed) of 9 calls fail (\(judged) judged rows)")
        #expect(failed <= 1 && judged >= 9 * 10)
    }

    @Test("Heavy-tailed SGD (second-moment growth ρ₂ ≥ 1) is not judged, and says why")
    func heavyTailed() throws {
        let noise = try SGDNoise(batch: 2)
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 20)
        #expect(try noise.secondMomentGrowth(spectrum: spectrum, eta: 1) > 1)
        #expect(try noise.secondMomentGrowth(spectrum: spectrum, eta: 0.2) < 1)
        let settings = try SimulationSettings(
            spectrum: spectrum, knobs: Knobs(steps: 30, ratio: 5), samples: 200, runs: 10, sgd: noise)
        let v = try Verification(simulation: try Simulation(settings), criterion: HyperRibbonCriterion(), bootstrap: 20)
        #expect(v.rows.allSatisfy { $0.pass == nil && ($0.reason ?? "").contains("ρ₂") })
    }
}
