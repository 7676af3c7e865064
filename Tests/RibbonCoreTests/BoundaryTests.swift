import Foundation
import RibbonTestSupport
import Testing
@testable import RibbonCore

@Suite("Boundary solver and closed-form boundaries")
struct BoundaryTests {
    static func base(c: Double, steps: Double, ratio: Double = 1, d: Int = 200) throws -> PhasePoint {
        PhasePoint(
            model: .geometric(lambda1: 1, dimension: d), shape: c,
            knobs: try Knobs(steps: steps, ratio: ratio), criterion: try HyperRibbonCriterion())
    }

    /// Issue #3: the smallest-ratio table of THEORY.md §5 by `boundary --axis ratio` to 0.5%.
    @Test(
        "Ratio boundary reproduces THEORY.md §5 to 0.5%, including never and always",
        arguments: [
            (0.5, 1.0, 48.7), (0.5, 10.0, 31.1), (0.5, 100.0, 27.1), (0.5, 1e3, 27.1), (0.5, 1e4, .infinity),
            (1.0, 1.0, 0.256), (1.0, 10.0, 6.51), (1.0, 100.0, 14.0), (1.0, 1e3, 15.6), (1.0, 1e4, .infinity),
            (2.0, 1.0, 0.0), (2.0, 10.0, 0.197), (2.0, 100.0, 1.22), (2.0, 1e3, 2.28), (2.0, 1e4, .infinity),
        ])
    func ratioTable(c: Double, steps: Double, expected: Double) throws {
        let solver = try BoundarySolver(axis: .ratio, range: 0.01...1e4)
        let result = try solver.solve(try Self.base(c: c, steps: steps))
        if expected.isInfinite {
            #expect(result.status == .never)
        } else if expected == 0 {
            #expect(result.status == .always)
        } else {
            #expect(result.status == .boundary)
            let value = try #require(result.value)
            // The table prints 3 digits (rounding ≤ 0.2%); the solver converges to 1e-6.
            expectClose(value, expected, relative: 0.005, "found \(value)")
            #expect(result.flips.first?.entersHyperRibbon == true)
        }
    }

    @Test(
        "Steps boundary at r = 1000 against THEORY.md's measured T* and P2",
        arguments: [
            (0.5, 8.1e3), (1.0, 4.1e3), (2.0, 1.86e3),
        ])
    func stepsBoundary(c: Double, expected: Double) throws {
        let solver = try BoundarySolver(axis: .steps, range: 1...1e7)
        let base = try Self.base(c: c, steps: 1, ratio: 1000)
        let result = try solver.solve(base)
        let value = try #require(result.value)
        // THEORY.md prints 2–3 digits: 3% covers that rounding.
        expectClose(value, expected, relative: 0.03, "found \(value)")
        let spectrum = try base.spectrum()
        let p2 = BoundaryClosedForms.steps(spectrum: spectrum, knobs: base.knobs, criterion: base.criterion)[0]
        // κ* ≈ 1.8e3 for ρ* = 0.5, independent of c.
        expectClose(p2.value!, 1.8e3, relative: 0.05)
        print("steps boundary c=\(c): exact \(value), P2 \(p2.value!), gap \(value / p2.value!)×")
    }

    @Test(
        "P3 and P3′ reproduce the values THEORY.md §5 quotes",
        arguments: [
            (0.5, 100.0, 22.4), (0.5, 1e3, 22.7), (0.75, 100.0, 18.4), (0.75, 1e3, 18.8),
            (1.0, 100.0, 14.8), (1.0, 1e3, 15.1), (1.5, 1e3, 9.3), (2.0, 1e3, 5.9),
        ])
    func p3Prime(c: Double, steps: Double, expected: Double) throws {
        let base = try Self.base(c: c, steps: steps)
        let forms = BoundaryClosedForms.ratio(
            spectrum: try base.spectrum(), knobs: base.knobs, criterion: base.criterion)
        let p3prime = try #require(forms.first { $0.name == "P3_prime" }?.value)
        expectClose(p3prime, expected, relative: 0.01, "P3′ = \(p3prime)")
    }

    @Test(
        "P3 whole-block values quoted in THEORY.md §5 (c = 2: 4.6, c = 1: 38, c = 0.5: 3.8e3 at T = 1e3)",
        arguments: [(2.0, 4.6), (1.0, 38.0), (0.5, 3.8e3)])
    func p3WholeBlock(c: Double, expected: Double) throws {
        let base = try Self.base(c: c, steps: 1e3)
        let p3 = BoundaryClosedForms.ratio(spectrum: try base.spectrum(), knobs: base.knobs, criterion: base.criterion)[
            0]
        expectClose(p3.value!, expected, relative: 0.03, "P3 = \(p3.value!)")
    }

    /// In early training (ηλ₁T = 0.01) every ratio is e^{−c}(1 + O(ηλT)), so the exact slope
    /// boundary must sit within ~1% of P1's ln(1/ρ*) = ln 2.
    @Test("P1: in early training the exact slope boundary is ln(1/ρ*)")
    func slopeBoundary() throws {
        let solver = try BoundarySolver(axis: .slope, range: 0.1...5)
        var base = try Self.base(c: 1, steps: 10, ratio: 1)
        base.knobs = try Knobs(eta: 1e-3, steps: 10, ratio: 1)
        let result = try solver.solve(base)
        let value = try #require(result.value)
        #expect(result.status == .boundary)
        expectClose(value, log(2.0), relative: 0.01, "found \(value)")
    }

    @Test("Bad ranges are rejected", arguments: [(0.0, 1.0), (2.0, 1.0), (1.0, .infinity)])
    func badRange(low: Double, high: Double) {
        #expect(throws: RibbonError.self) { try BoundarySolver(axis: .ratio, range: low...max(low, high)) }
    }
}
