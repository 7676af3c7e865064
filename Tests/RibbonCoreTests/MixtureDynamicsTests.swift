import Foundation
import Testing
@testable import RibbonCore

@Suite("Effective dynamics of online SGD on the Gaussian mixture (OUTLIERS.md §2)")
struct MixtureDynamicsTests {
    /// scripts/mixture_ode_golden.py: the expectations as direct 2k-dimensional Gauss–Hermite
    /// integrals over (ζ, η) (no Stein's lemma), scipy DOP853 at rtol 1e-11.
    @Test("The ODE matches the independent 2k-dimensional oracle to 1e-7 (relative, absolute floor 1e-9)")
    func goldenValues() throws {
        let cases = try Fixtures.decode(MixtureODEGolden.self, from: "mixture_ode_golden.json").cases
        #expect(cases.count == 4)
        for c in cases {
            let setting = try MixtureSGDSetting(
                classes: c.classes, lambda: c.lambda, ridge: c.ridge, stepConstant: c.stepConstant)
            let times = try c.states.map { try #require($0["time"]) }
            let solved = try MixtureDynamics(setting: setting).solve(at: times)
            for (state, summary) in zip(c.states, solved) {
                for (name, value) in summary.scalars {
                    let expected = try #require(state[name], "\(name) missing from the fixture")
                    // Quadrature error of the default rule is ≲ 1e-8 here; the ODE tolerance is 1e-9 relative.
                    #expect(
                        abs(value - expected) <= 1e-7 * abs(expected) + 1e-9,
                        "k = \(setting.classes), λ = \(setting.lambda), t = \(state["time"]!), \(name): \(value) vs \(expected)"
                    )
                }
            }
        }
    }

    @Test(
        "OUTLIERS.md check point: m_diag(t = 5) for k = 4, λ = 20, β = 0.02, c_δ = 1 within 0.1% of the quoted 0.7318")
    func specCheckPoint() throws {
        let setting = try MixtureSGDSetting(classes: 4, lambda: 20, ridge: 0.02, stepConstant: 1)
        let m = try MixtureDynamics(setting: setting).solve(at: [5])[0].scalars[0].value
        // We get 0.73228 (converged in the nodes: 6 and 10 per dimension agree to 1e-12); the spec
        // quotes 0.7318: 0.07% apart, reported in the issue note.
        #expect(abs(m - 0.7318) < 0.001 * 0.7318)
        #expect(abs(m - 0.732282) < 1e-6)
    }

    @Test("Monte Carlo expectations agree with Gauss–Hermite within their sampling error")
    func monteCarloAgrees() throws {
        let setting = try MixtureSGDSetting(classes: 3, lambda: 5, ridge: 0.05, stepConstant: 2)
        let exact = try MixtureDynamics(setting: setting, expectation: .gaussHermite(nodes: 14)).solve(at: [2])[0]
            .scalars
        let mc = try MixtureDynamics(setting: setting, expectation: .monteCarlo(draws: 40_000, seed: 3)).solve(at: [2])[
            0
        ].scalars
        for (e, m) in zip(exact, mc) {
            // 40 000 fixed draws: a few 1e-3 relative on the drift, integrated over t = 2.
            #expect(abs(e.value - m.value) <= 0.02 * abs(e.value) + 1e-3, "\(e.name)")
            #expect(e.value != m.value)
        }
    }

    @Test("Without noise in the step (c_δ → 0) and without ridge, R⊥ stays 0 and m is symmetric under relabelling")
    func structure() throws {
        let setting = try MixtureSGDSetting(classes: 3, lambda: 10, ridge: 0, stepConstant: 1e-12)
        let s = try MixtureDynamics(setting: setting).solve(at: [3])[0]
        #expect(s.orthogonal.allSatisfy { abs($0) < 1e-10 })
        // Rows of m sum to 0: the softmax residual sums to zero over classes and x starts at 0.
        for b in 0..<3 { #expect(abs(s.overlaps[b] + s.overlaps[3 + b] + s.overlaps[6 + b]) < 1e-10) }
        #expect(abs(s.overlaps[0] - s.overlaps[4]) < 1e-10 && abs(s.overlaps[1] - s.overlaps[5]) < 1e-10)
    }

    @Test("Bad settings are refused with what is allowed")
    func badSettings() {
        #expect(throws: RibbonError.self) { try MixtureSGDSetting(classes: 1, lambda: 1, ridge: 0, stepConstant: 1) }
        #expect(throws: RibbonError.self) { try MixtureSGDSetting(classes: 3, lambda: 0, ridge: 0, stepConstant: 1) }
        #expect(throws: RibbonError.self) { try MixtureSGDSetting(classes: 3, lambda: 1, ridge: -1, stepConstant: 1) }
        do {
            _ = try MixtureSGDSetting(classes: 3, lambda: 2, ridge: 0, stepConstant: 8)
            Issue.record("c_δ = 4λ accepted")
        } catch { #expect(error.message.contains("(0, 4λ)")) }
        let setting = try! MixtureSGDSetting(classes: 8, lambda: 1, ridge: 0, stepConstant: 1)
        #expect(throws: RibbonError.self) {
            try MixtureDynamics(setting: setting, expectation: .gaussHermite(nodes: 10))
        }
    }
}
