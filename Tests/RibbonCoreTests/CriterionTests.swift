import Foundation
import Testing
@testable import RibbonCore

@Suite("HR criterion, K_ε and explained stress on hand-made spectra")
struct CriterionTests {
    @Test("K_ε is the smallest K whose tail share is ≤ ε")
    func kEpsilon() {
        let w = WidthSpectrum(rawEigenvalues: [1, 0.1, 0.01, 0.001])  // total 1.111
        #expect(w.kEpsilon(0.5) == 1)  // tail 0.111 ≤ 0.5555
        #expect(w.kEpsilon(0.05) == 2)  // tail after 1: 0.111 > 0.05555; after 2: 0.011 ≤
        #expect(w.kEpsilon(0.001) == 3)  // tail after 3: 0.001 ≤ 0.001111
        #expect(w.kEpsilon(1e-6) == 4)
    }

    @Test("Geometric variances with ratio 0.4 pass ρ* = 0.5, with ratio 0.6 fail")
    func verdicts() throws {
        let criterion = try HyperRibbonCriterion(rho: 0.5, epsilon: 1e-3)
        let pass = WidthSpectrum(rawEigenvalues: (0..<30).map { pow(0.4, Double($0)) })
        let fail = WidthSpectrum(rawEigenvalues: (0..<30).map { pow(0.6, Double($0)) })
        #expect(criterion.verdict(for: pass).isHyperRibbon)
        #expect(abs(criterion.verdict(for: pass).worstRatio! - 0.4) < 1e-12)
        let v = criterion.verdict(for: fail)
        #expect(!v.isHyperRibbon)
        #expect(abs(v.margin - (0.5 - 0.6)) < 1e-12)
    }

    @Test("A bad ratio beyond K_ε does not matter; one inside does")
    func onlyLeadingRatiosCount() throws {
        let criterion = try HyperRibbonCriterion(rho: 0.5, epsilon: 1e-3)
        // 1, 0.1, 0.01, then a plateau of 1e-6 values: K_ε = 3 (tail 4e-6 ≤ 1.1e-3).
        let w = WidthSpectrum(rawEigenvalues: [1, 0.1, 0.01, 1e-6, 1e-6, 1e-6, 1e-6])
        #expect(criterion.verdict(for: w).isHyperRibbon)
        // A flat pair at the top fails.
        #expect(!criterion.verdict(for: WidthSpectrum(rawEigenvalues: [1, 0.9, 0.01])).isHyperRibbon)
    }

    @Test("Explained stress follows χ_K = 1 − √(1 − Σ_{k≤K} μ_k²/Σ μ_k²)")
    func stress() {
        let w = WidthSpectrum(rawEigenvalues: [3, 4].map(Double.init))  // sorted 4, 3: squares 16, 9
        #expect(abs(w.explainedStress[0] - (1 - (1 - 16.0 / 25).squareRoot())) < 1e-15)
        #expect(w.explainedStress[1] == 1)
    }

    @Test("Floor: values below 1e-15 μ₁ and negative noise become 0 and are counted")
    func floor() {
        let w = WidthSpectrum(rawEigenvalues: [1, 1e-10, 1e-16, -1e-17])
        #expect(w.variances == [1, 1e-10, 0, 0])
        #expect(w.flooredCount == 2 && w.negativeCount == 1)
        #expect(w.ratios.count == 2)
    }

    @Test("Out-of-range criterion parameters are rejected with the allowed range")
    func badCriterion() {
        #expect(throws: RibbonError.self) { try HyperRibbonCriterion(rho: 1.2) }
        do { _ = try HyperRibbonCriterion(epsilon: 0) } catch { #expect(error.message.contains("(0, 1)")) }
    }
}
