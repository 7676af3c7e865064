import Testing
@testable import RibbonCore

/// The BBP threshold along every knob: closed form against the Brent root of the continued overlap
/// (same theory, different algebra), and against the models' own `hasOutliers` on either side.
@Suite("BBP boundaries along every knob")
struct BBPBoundaryTests {
    static let logit = BBPBoundary.Point.logit(classes: 10, samples: 300, parameters: 1000, varianceRatio: 0.01)
    static let mixture = BBPBoundary.Point.mixture(classes: 4, testSamples: 2400, dim: 600, lambda: 20, meanNorm: 1.3)

    @Test("Closed form and root agree to 1e-11 for every knob of both models")
    func rootMatchesClosedForm() throws {
        for (model, base) in [(BBPBoundary.Model.logit, Self.logit), (.mixture, Self.mixture)] {
            for knob in BBPBoundary.Knob.knobs(of: model) {
                let b = try BBPBoundary(model: model, knob: knob, base: base)
                let root = try b.root()
                #expect(
                    abs(root.value - b.closedForm) <= 1e-11 * b.closedForm,
                    "\(model) \(knob): \(root.value) vs \(b.closedForm)")
                #expect(abs(model.margin(at: base.setting(knob, to: b.closedForm))) < 1e-12)
            }
        }
    }

    /// The models' hasOutliers is the independent side: θ² > √γ_A and θ > √γ, evaluated on integer points.
    @Test("Just past the integer boundary the model has outliers; one step back it has none")
    func integerBoundariesMatchModels() throws {
        // Logit along N: smallest N with outliers.
        let n = try #require(try BBPBoundary(model: .logit, knob: .samples, base: Self.logit).integerBoundary)
        func logit(_ samples: Int, classes: Int = 10) throws -> LogitGradientModel {
            try LogitGradientModel(classes: classes, samples: samples, parameters: 1000, classVariance: 0.01)
        }
        #expect(try logit(n).hasOutliers && !(try logit(n - 1).hasOutliers))
        // Logit along C: largest C with outliers (C* = 1 + NDρ² = 31).
        let b = try BBPBoundary(model: .logit, knob: .classes, base: Self.logit)
        #expect(abs(b.closedForm - 31) < 1e-12)
        #expect(b.integerBoundary == 30)
        #expect(try logit(300, classes: 30).hasOutliers && !(try logit(300, classes: 31).hasOutliers))
        // Mixture along d: largest d with outliers.
        let d = try #require(try BBPBoundary(model: .mixture, knob: .dim, base: Self.mixture).integerBoundary)
        func mixture(_ dim: Int) throws -> GaussianMixtureHessian {
            try GaussianMixtureHessian(classes: 4, dimension: dim, testSamples: 2400, lambda: 20, meanNorm: 1.3)
        }
        #expect(try mixture(d).hasOutliers && !(try mixture(d + 1).hasOutliers))
    }

    @Test("OUTLIERS.md thresholds: σ_c²/σ_E² = √((C − 1)/(ND)) and λ|μ|² = k√γ")
    func specThresholds() throws {
        let v = try BBPBoundary(model: .logit, knob: .varianceRatio, base: Self.logit).closedForm
        #expect(abs(v - (9.0 / 300_000).squareRoot()) < 1e-15)
        let m = try LogitGradientModel(classes: 10, samples: 300, parameters: 1000, classVariance: 0.01)
        #expect(abs(v - m.thresholdVarianceRatio) < 1e-15)
        let l = try BBPBoundary(model: .mixture, knob: .lambda, base: Self.mixture).closedForm
        #expect(abs(l * 1.69 - 4 * 0.5) < 1e-12)
    }

    @Test("Knobs of the other model and bad values are refused")
    func badInput() {
        #expect(throws: RibbonError.self) { try BBPBoundary(model: .logit, knob: .lambda, base: Self.logit) }
        var bad = Self.mixture
        bad.lambda = -1
        #expect(throws: RibbonError.self) { try BBPBoundary(model: .mixture, knob: .dim, base: bad) }
        var one = Self.logit
        one.classes = 1
        #expect(throws: RibbonError.self) { try BBPBoundary(model: .logit, knob: .samples, base: one) }
    }
}
