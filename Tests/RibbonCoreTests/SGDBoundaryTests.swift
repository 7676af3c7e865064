import Foundation
import GSL
import RibbonTestSupport
import Testing
@testable import RibbonCore

@Suite("SGD phase boundary along the batch size")
struct SGDBoundaryTests {
    static func base(c: Double, steps: Double, ratio: Double, labelNoise: Double, d: Int = 40) throws -> PhasePoint {
        PhasePoint(
            model: .geometric(lambda1: 1, dimension: d), shape: c, knobs: try Knobs(steps: steps, ratio: ratio),
            criterion: try HyperRibbonCriterion(), sgd: try SGDNoise(batch: 1, labelNoise: labelNoise))
    }

    /// The secular-equation threshold against an independent oracle: the spectral radius ρ₂ of the
    /// second-moment map computed by GSL's dense eigensolver must cross 1 exactly there. (The oracle
    /// needs (1 − ηλ_d)² < 1 in double precision, i.e. ηλ_d ≳ 1e-15: c(d − 1) ≤ 30 here.)
    @Test(
        "Heavy-tail batch threshold: ρ₂ crosses 1 at B = η²θ",
        arguments: [(0.5, 1.0), (0.25, 0.7), (1.0, 1.9), (0.5, 0.2)])
    func heavyTailThreshold(c: Double, eta: Double) throws {
        let spectrum = try Spectrum.geometric(lambda1: 1, slope: c, dimension: 30)
        let b = try SGDNoise.heavyTailBatch(spectrum: spectrum, eta: eta)
        func rho2(_ batchSize: Double) throws -> Double {
            // ρ₂ at a real-valued B (SGDNoise takes integers): the map built directly.
            let lambda = spectrum.eigenvalues, d = lambda.count, s = eta * eta / batchSize
            var a = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                for j in 0..<d { a[i * d + j] = s * lambda[i] * lambda[j] }
                a[i * d + i] += (1 - eta * lambda[i]) * (1 - eta * lambda[i]) + s * lambda[i] * lambda[i]
            }
            return try SymmetricEigensolver(order: d).eigenvalues(of: a).map(abs).max() ?? 0
        }
        #expect(try rho2(b * (1 - 1e-6)) > 1)
        #expect(try rho2(b * (1 + 1e-6)) < 1)
        // And the library's own ρ₂ at integer batches on either side agrees.
        let below = max(1, Int(b.rounded(.down))), above = Int(b.rounded(.down)) + 1
        if Double(below) <= b {
            #expect(try SGDNoise(batch: below).secondMomentGrowth(spectrum: spectrum, eta: eta) >= 1)
        }
        #expect(try SGDNoise(batch: above).secondMomentGrowth(spectrum: spectrum, eta: eta) < 1)
    }

    /// The first-order noise trace N₁ (O(dT) diagonal recursion) against the full O(d²T) exact SGD
    /// covariance: tr(C_SGD − C_GD)·B → N₁ as B → ∞, with relative error O(1/B) (second order in s).
    @Test("First-order SGD noise trace matches the exact SGD covariance at large B", arguments: [0.0, 3.0])
    func firstOrderTrace(labelNoise: Double) throws {
        let spectrum = try Spectrum.geometric(lambda1: 1, slope: 0.4, dimension: 25)
        let knobs = try Knobs(eta: 0.8, steps: 60, ratio: 5)
        let (times, weights) = CheckpointSchedule.everyStep.checkpoints(steps: 60)
        let gd = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs)
        let n1 = SGDNoise.firstOrderNoiseTrace(spectrum: spectrum, knobs: knobs, labelNoise: labelNoise)
        for batch in [10_000, 1_000_000] {
            let sgd = try TrajectoryCovariance.sgd(
                spectrum: spectrum, knobs: knobs,
                noise: try SGDNoise(batch: batch, labelNoise: labelNoise), times: times, weights: weights)
            let d = spectrum.dimension
            let extra = (0..<d).reduce(0.0) { $0 + sgd[$1 * d + $1] - gd.matrix[$1 * d + $1] } * Double(batch)
            // Second-order terms are O(s) relative: a few × 1/B here (ρ₂ − 1 ≈ ηλ-scale constants).
            expectClose(extra, n1, relative: 50 / Double(batch), "B=\(batch): \(extra) vs \(n1)")
        }
    }

    /// GD's trace helper equals the trace of the full E2 matrix.
    @Test("tr C_GD helper equals the trace of the E2 matrix")
    func traceHelper() throws {
        let spectrum = try Spectrum.geometric(lambda1: 1, slope: 0.7, dimension: 30)
        let knobs = try Knobs(steps: 200, ratio: 3)
        let c = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs)
        let direct = (0..<30).reduce(0.0) { $0 + c.matrix[$1 * 30 + $1] }
        #expect(abs(TrajectoryCovariance.trace(spectrum: spectrum, knobs: knobs) - direct) <= 1e-14 * direct)
    }

    /// The flip is where the exact verdict changes: one batch below it and at it disagree, and a huge
    /// batch recovers full-batch GD's margin (B → ∞ is GD exactly).
    @Test("Batch boundary: verdict flips at the reported integer; B → ∞ recovers GD")
    func batchFlip() throws {
        let base = try Self.base(c: 0.25, steps: 100, ratio: 100, labelNoise: 1)
        let solver = try BoundarySolver(axis: .batch, range: 1...1e6)
        let result = try solver.solve(base)
        #expect(result.status == .boundary)
        let flip = try #require(result.flips.first)
        #expect(flip.entersHyperRibbon)
        #expect(result.range.lowerBound == 4)  // first batch above the heavy-tail threshold 3.896
        #expect(try solver.verdict(base, at: flip.value).isHyperRibbon)
        #expect(try !solver.verdict(base, at: flip.value - 1).isHyperRibbon)
        var gd = base
        gd.sgd = nil
        let gdMargin = try gd.criterion.verdict(for: gd.exactWidths(spectrum: gd.spectrum())).margin
        let hugeMargin = try solver.margin(base, at: 1e9)
        #expect(abs(hugeMargin - gdMargin) < 1e-6)
        // S1 is an asymptotic share criterion: measured 2.2× high here (c well below c* = ln 2).
        let s1 = try #require(
            BoundaryClosedForms.batch(
                spectrum: try base.spectrum(), knobs: base.knobs,
                criterion: base.criterion, noise: base.sgd
            ).first?.value)
        #expect(s1 > flip.value && s1 < 3 * flip.value, "S1 \(s1) vs exact \(flip.value)")
    }

    @Test("Batch ranges entirely in the heavy-tail region are refused")
    func heavyTailRangeRefused() throws {
        let base = try Self.base(c: 0.5, steps: 100, ratio: 10, labelNoise: 0)
        #expect(throws: RibbonError.self) { try BoundarySolver(axis: .batch, range: 1...2).solve(base) }
    }
}
