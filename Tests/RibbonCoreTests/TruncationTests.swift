import Foundation
import Testing
@testable import RibbonCore

@Suite("Proven truncation of the covariance")
struct TruncationTests {
    /// Weyl: truncation moves each eigenvalue by ≤ δ (the reported bound); both computations also
    /// carry the eigensolver's own rounding, ≲ 10 ε μ₁ each. Every variance must agree to
    /// δ + 20 ε μ₁ (measured worst 1.25e-15 μ₁ = 5.6 ε), and floored counts and verdicts must be identical.
    @Test(
        "Truncated and full width spectra agree to the proven bound",
        arguments: [
            (0.25, 1000.0, 10.0), (0.5, 1.0, 0.1), (1.0, 1000.0, 10.0), (2.0, 1e6, 100.0), (4.0, 10.0, 1.0),
            (1.0, 1e12, 1e3),
        ])
    func agreesWithFull(c: Double, steps: Double, ratio: Double) throws {
        let spectrum = try Spectrum.geometric(slope: c, dimension: 200)
        let knobs = try Knobs(steps: steps, ratio: ratio)
        let truncatedCovariance = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs, truncation: 1e-16)
        let truncated = try WidthSpectrum(covariance: truncatedCovariance)
        let full = try WidthSpectrum(covariance: TrajectoryCovariance(spectrum: spectrum, knobs: knobs))
        let top = full.variances[0]
        #expect(truncated.variances.count == 200)
        #expect(truncatedCovariance.truncationBound <= 1e-16 * top)
        for k in 0..<200 {
            #expect(
                abs(truncated.variances[k] - full.variances[k]) <= truncatedCovariance.truncationBound + 20
                    * Double.ulpOfOne * top, "k=\(k + 1)")
        }
        let criterion = try HyperRibbonCriterion()
        let (vt, vf) = (criterion.verdict(for: truncated), criterion.verdict(for: full))
        #expect(vt.isHyperRibbon == vf.isHyperRibbon && vt.kEpsilon == vf.kEpsilon && vt.worstIndex == vf.worstIndex)
        #expect(abs((vt.worstRatio ?? 0) - (vf.worstRatio ?? 0)) < 1e-12)
        print(
            "c=\(c) T=\(steps) r=\(ratio): kept \(truncatedCovariance.order) of 200 modes, bound \(truncatedCovariance.truncationBound / top) μ₁"
        )
    }

    @Test("The bound really bounds: a loose tolerance keeps few modes and still respects δ")
    func looseTolerance() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 60)
        let knobs = try Knobs(steps: 100, ratio: 5)
        let loose = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs, truncation: 1e-4)
        let a = try WidthSpectrum(covariance: loose, relativeFloor: 0)
        let b = try WidthSpectrum(covariance: TrajectoryCovariance(spectrum: spectrum, knobs: knobs), relativeFloor: 0)
        #expect(loose.order < 20)
        for k in 0..<60 {
            #expect(abs(a.variances[k] - b.variances[k]) <= loose.truncationBound + 1e-15 * b.variances[0])
        }
        // The bound is not vacuous: some eigenvalue actually moved, by less than δ.
        #expect(zip(a.variances, b.variances).contains { abs($0 - $1) > 0 })
    }
}
