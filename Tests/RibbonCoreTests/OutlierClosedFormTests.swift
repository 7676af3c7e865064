import Foundation
import Testing
@testable import RibbonCore

/// The closed forms of OUTLIERS.md against the values quoted there (computed by us independently
/// when the spec was written; 3 printed digits, so 0.5% relative).
@Suite("Outlier closed forms against OUTLIERS.md")
struct OutlierClosedFormTests {
    static func close(_ a: Double?, _ b: Double, _ tolerance: Double = 5e-3) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance * abs(b)
    }

    @Test("Logit-gradient model: D = 1000, C = 10, N = 300, σ_E² = 1")
    func logit() throws {
        let weak = try LogitGradientModel(classes: 10, samples: 300, parameters: 1000, classVariance: 0.01)
        #expect(Self.close(weak.outlier, 2.53e-3) && Self.close(weak.overlapSquared, 0.525))
        let strong = try LogitGradientModel(classes: 10, samples: 300, parameters: 1000, classVariance: 0.05)
        #expect(Self.close(strong.outlier, 6.29e-3) && Self.close(strong.overlapSquared, 0.926))
        let none = try LogitGradientModel(classes: 10, samples: 300, parameters: 1000, classVariance: 0.004)
        #expect(none.outlier == nil && !none.hasOutliers && none.overlapSquared == 0)
        // At the threshold the outlier meets the edge and the overlap vanishes (continuity of the BBP transition).
        let t = try LogitGradientModel(
            classes: 10, samples: 300, parameters: 1000,
            classVariance: weak.thresholdVarianceRatio * (1 + 1e-9))
        #expect(Self.close(t.outlier, t.bulkEdge, 1e-6) && abs(t.overlapSquared) < 1e-6)
        #expect(weak.spikeCount == 9)
        #expect(
            LogitGradientModel.confidentSpectrum(classes: 4, epsilon: 0.1) == [4 * 0.1 * 0.9 / 3, 0.1 / 3, 0.1 / 3, 0])
    }

    @Test("Mixture test Hessian: d = 600, k = 4, β = 0.02")
    func mixture() throws {
        let m = try GaussianMixtureHessian(classes: 4, dimension: 600, testSamples: 2400, lambda: 20, ridge: 0.02)
        #expect(Self.close(m.outlier, 0.079, 1e-2) && Self.close(m.overlapSquared, 0.943))
        let none = try GaussianMixtureHessian(classes: 4, dimension: 600, testSamples: 600, lambda: 2.5, ridge: 0.02)
        #expect(none.outlier == nil)
        let t = try GaussianMixtureHessian(
            classes: 4, dimension: 600, testSamples: 2400, lambda: m.thresholdSignal * (1 + 1e-9), ridge: 0.02)
        #expect(Self.close(t.outlier, t.bulkEdge, 1e-6) && abs(t.overlapSquared) < 1e-6)
    }

    @Test("Goldilocks section and softmax freezing")
    func sectionsAndFreezing() throws {
        #expect(Self.close(GoldilocksSection.positiveFraction(rho: 8.81, dimension: 50), 0.869))
        #expect(GoldilocksSection.positiveFraction(rho: 1e6, dimension: 4) == 1)
        #expect(GoldilocksSection.positiveFraction(rho: 0, dimension: 4) == 0.5)
        let rem = try SoftmaxFreezing(classes: 10, logitScale: 1)
        #expect(abs(rem.freezingScale - (2 * log(10.0)).squareRoot()) < 1e-15)
    }

    @Test("Bad parameters are refused", arguments: [0, 1])
    func bad(k: Int) {
        #expect(throws: RibbonError.self) {
            try GaussianMixtureHessian(classes: k, dimension: 10, testSamples: 10, lambda: 1)
        }
        #expect(throws: RibbonError.self) {
            try LogitGradientModel(classes: k, samples: 10, parameters: 10, classVariance: 1)
        }
    }
}
