import Foundation
import RibbonTestSupport
import Testing
@testable import RibbonCore

/// THEORY.md §5 table: the smallest ratio r with HR(0.5, 1e-3), λ_i = e^{−c(i−1)}, ηλ₁ = 1,
/// weights target, σ₀ = 1, d = 200. ∞ = no r in range works; ≤0.01 = every r ≥ 0.01 works.
@Suite("THEORY.md §5 smallest-ratio table by bisection on the engine")
struct ReferenceTableTests {
    static func isHyperRibbon(c: Double, steps: Double, ratio: Double) throws -> Bool {
        let spectrum = try Spectrum.geometric(slope: c, dimension: 200)
        let widths = try WidthSpectrum(
            covariance: TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(steps: steps, ratio: ratio)))
        return try HyperRibbonCriterion().verdict(for: widths).isHyperRibbon
    }

    /// The smallest r in [1e-2, 1e4] with HR (nil if none): scan log r in 1.25× steps for the
    /// last flip from false to true, then bisect in log r to 1e-4 relative.
    static func smallestRatio(c: Double, steps: Double) throws -> Double? {
        var grid: [Double] = []
        var r = 1e-2
        while r <= 1e4 { grid.append(r); r *= 1.25 }
        let verdicts = try grid.map { try isHyperRibbon(c: c, steps: steps, ratio: $0) }
        guard verdicts.last == true else { return nil }
        guard let lastFail = verdicts.lastIndex(of: false) else { return grid[0] }
        var lo = grid[lastFail], hi = grid[lastFail + 1]
        while hi / lo > 1 + 1e-4 {
            let mid = (lo * hi).squareRoot()
            if try isHyperRibbon(c: c, steps: steps, ratio: mid) { hi = mid } else { lo = mid }
        }
        return hi
    }

    /// The table prints 3 significant digits: 1% covers rounding (≤ 0.2%) with room to spare.
    @Test(
        "Smallest ratio reproduced to 1%",
        arguments: [
            (0.5, 1.0, 48.7), (0.5, 10.0, 31.1), (0.5, 100.0, 27.1), (0.5, 1e3, 27.1), (0.5, 1e4, .infinity),
            (1.0, 1.0, 0.256), (1.0, 10.0, 6.51), (1.0, 100.0, 14.0), (1.0, 1e3, 15.6), (1.0, 1e4, .infinity),
            (2.0, 1.0, 0.01), (2.0, 10.0, 0.197), (2.0, 100.0, 1.22), (2.0, 1e3, 2.28), (2.0, 1e4, .infinity),
        ])
    func smallestRatio(c: Double, steps: Double, expected: Double) throws {
        let found = try Self.smallestRatio(c: c, steps: steps)
        if expected.isInfinite {
            #expect(found == nil, "expected no r to work, found \(String(describing: found))")
        } else if expected == 0.01 {
            #expect(found == 0.01, "expected HR at every r ≥ 0.01")
        } else {
            let r = try #require(found)
            expectClose(r, expected, relative: 0.01, "found \(r), table \(expected)")
        }
    }
}
