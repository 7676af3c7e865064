import Foundation
import GSL
import Testing
@testable import RibbonCore

/// Inputs found by an adversarial review that used to hang, crash, or print a wrong verdict.
@Suite("Regressions from the numerical review")
struct ReviewRegressionTests {
    @Test("θ functions at an underflowed nome return at once (no infinite loop); extreme slopes run")
    func thetaUnderflow() throws {
        #expect(Theta.theta2(nome: 0) == 0 && Theta.theta3(nome: 0) == 1 && Theta.theta4(nome: 0) == 1)
        for c in [0.0264, 0.013, 1491.0, 5000.0] {
            let symbol = ToeplitzSymbol(slope: c)
            #expect(symbol.complementaryModulus.isFinite || symbol.complementaryModulus.isNaN)
            _ = try? symbol.ellipticValue(at: 0)
            let spectrum = try Spectrum.geometric(slope: c, dimension: 20)
            let knobs = try Knobs(steps: 10, ratio: 1)
            _ = try WidthAnalysis(spectrum: spectrum, knobs: knobs, criterion: HyperRibbonCriterion())
        }
    }

    @Test("N_f saturates at d when ln κ/c overflows (κ = ∞ or c tiny) instead of trapping")
    func blockSizeOverflow() throws {
        let flow = ClosedForms(
            spectrum: try Spectrum.geometric(slope: 1, dimension: 10),
            knobs: try Knobs(eta: 1e300, steps: 1e15, ratio: 3, dynamics: .flow))
        #expect(flow.convergedBlockSize == 10)
        let tiny = ClosedForms(
            spectrum: try Spectrum.geometric(slope: 1e-300, dimension: 10), knobs: try Knobs(steps: 10, ratio: 1))
        #expect(tiny.convergedBlockSize == 10)
    }

    @Test("A covariance that overflows or underflows double precision is an error, not a verdict")
    func scaleGuards() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 5)
        for sigma0 in [1e155, 1e-160, 1e-300] {
            do {
                _ = try WidthAnalysis(
                    spectrum: spectrum, knobs: Knobs(steps: 100, ratio: 1, sigma0: sigma0),
                    criterion: HyperRibbonCriterion())
                Issue.record("σ₀ = \(sigma0) accepted")
            } catch {
                #expect(error.kind == .numerical && error.message.contains("double precision"))
            }
        }
        // Within range the verdict is scale-free: σ₀ = 1e-100 and 1 agree (widths scale as σ₀²).
        let a = try WidthAnalysis(
            spectrum: spectrum, knobs: Knobs(steps: 100, ratio: 1, sigma0: 1e-100), criterion: HyperRibbonCriterion())
        let b = try WidthAnalysis(
            spectrum: spectrum, knobs: Knobs(steps: 100, ratio: 1), criterion: HyperRibbonCriterion())
        #expect(
            a.verdict.isHyperRibbon == b.verdict.isHyperRibbon
                && abs(a.verdict.worstRatio! - b.verdict.worstRatio!) < 1e-12)
        let finite = a.widths.explainedStress.allSatisfy { $0.isFinite }
        #expect(finite)
    }

    @Test("P2_B1 is a lower bound on T*: it holds when the exact boundary lies above it")
    func lowerBound() throws {
        let base = PhasePoint(
            model: .geometric(lambda1: 1, dimension: 60), shape: 1, knobs: try Knobs(steps: 1, ratio: 1000),
            criterion: try HyperRibbonCriterion())
        let analysis = try BoundaryAnalysis(base: base, solver: BoundarySolver(axis: .steps, range: 1...1e6))
        let b1 = try #require(analysis.closedForms.first { $0.name == "P2_B1" })
        #expect(b1.isLowerBound && analysis.exact.value! > b1.value! && b1.boundHolds == true)
    }

    @Test("A steps range without two integers is refused; integer ends are used otherwise")
    func integerStepsRange() throws {
        #expect(throws: RibbonError.self) { try BoundarySolver(axis: .steps, range: 1.4...1.6) }
        let solver = try BoundarySolver(axis: .steps, range: 1.4...10.5)
        #expect(solver.range == 2...10)
    }
}
