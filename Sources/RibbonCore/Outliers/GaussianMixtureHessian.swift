import RealModule

/// The test Hessian of softmax regression on a k-class Gaussian mixture at x = 0 (OUTLIERS.md §2):
/// Y = μ_y + Z, Z ~ N(0, I_d/λ), orthogonal means of norm |μ|, M̃ test samples. Its class block is
/// w Ŝ + βI with w = (k − 1)/k² and Ŝ the test second moment: k spikes of strength θ = λ|μ|²/k over a
/// Marchenko–Pastur bulk with ratio γ = d/M̃.
public struct GaussianMixtureHessian: Sendable, Equatable {
    /// Classes k, dimension d, test samples M̃.
    public let classes: Int, dimension: Int, testSamples: Int
    /// Signal-to-noise λ (Z has variance 1/λ), mean norm |μ|, ridge β.
    public let lambda: Double, meanNorm: Double, ridge: Double

    /// Validated parameters: k ≥ 2, d ≥ k, M̃ ≥ 1, λ > 0, |μ| ≥ 0, β ≥ 0.
    public init(classes: Int, dimension: Int, testSamples: Int, lambda: Double, meanNorm: Double = 1, ridge: Double = 0)
        throws(RibbonError)
    {
        guard classes >= 2 else { throw .parameter("classes k must be at least 2 (got \(classes))") }
        guard dimension >= classes else {
            throw .parameter("dimension d must be at least k = \(classes) (got \(dimension)): the means are orthogonal")
        }
        guard testSamples >= 1 else { throw .parameter("test samples M̃ must be at least 1 (got \(testSamples))") }
        guard lambda > 0, lambda.isFinite else { throw .parameter("λ must be a finite number > 0 (got \(lambda))") }
        guard meanNorm >= 0, meanNorm.isFinite else {
            throw .parameter("|μ| must be a finite number ≥ 0 (got \(meanNorm))")
        }
        guard ridge >= 0, ridge.isFinite else { throw .parameter("β must be a finite number ≥ 0 (got \(ridge))") }
        self.classes = classes
        self.dimension = dimension
        self.testSamples = testSamples
        self.lambda = lambda
        self.meanNorm = meanNorm
        self.ridge = ridge
    }

    /// w = (k − 1)/k².
    public var weight: Double { Double(classes - 1) / Double(classes * classes) }
    /// γ = d/M̃.
    public var aspectRatio: Double { Double(dimension) / Double(testSamples) }
    /// θ = λ|μ|²/k.
    public var spikeStrength: Double { lambda * meanNorm * meanNorm / Double(classes) }
    /// Bulk edge β + (w/λ)(1 + √γ)².
    public var bulkEdge: Double { let s = 1 + aspectRatio.squareRoot(); return ridge + weight / lambda * s * s }
    /// Outliers iff θ > √γ.
    public var hasOutliers: Bool { spikeStrength > aspectRatio.squareRoot() }
    /// Outlier location β + (w/λ)(1 + θ)(1 + γ/θ) (nil below threshold).
    public var outlier: Double? {
        guard hasOutliers else { return nil }
        let t = spikeStrength
        return ridge + weight / lambda * (1 + t) * (1 + aspectRatio / t)
    }
    /// Squared overlap (1 − γ/θ²)/(1 + γ/θ) with the mean directions (0 below threshold).
    public var overlapSquared: Double {
        guard hasOutliers else { return 0 }
        let t = spikeStrength, g = aspectRatio
        return (1 - g / (t * t)) / (1 + g / t)
    }
    /// The threshold of λ|μ|² (θ = √γ).
    public var thresholdSignal: Double { Double(classes) * aspectRatio.squareRoot() }

    /// The closed forms, tagged.
    public var predictions: [Prediction] {
        let k = classes
        return [
            Prediction(name: "aspect_ratio", tag: .exact, value: aspectRatio, formula: "γ = d/M̃"),
            Prediction(name: "spike_strength", tag: .exact, value: spikeStrength, formula: "θ = λ|μ|²/k"),
            Prediction(
                name: "block_spikes", tag: .exact, value: Double(k), formula: "k spikes in a class block (one per mean)"
            ),
            Prediction(
                name: "bulk_edge", tag: .asymptotic, value: bulkEdge, formula: "β + (w/λ)(1 + √γ)², w = (k−1)/k²"),
            Prediction(
                name: "bbp_threshold", tag: .asymptotic, value: thresholdSignal,
                formula: "outliers iff λ|μ|² > k√γ (θ > √γ)"),
            Prediction(
                name: "outlier", tag: .asymptotic, value: outlier, formula: "β + (w/λ)(1 + θ)(1 + γ/θ)",
                note: hasOutliers ? nil : "below the BBP threshold: no outliers"),
            Prediction(
                name: "overlap_squared", tag: .asymptotic, value: overlapSquared, formula: "(1 − γ/θ²)/(1 + γ/θ)"),
            Prediction(
                name: "full_hessian_outliers_init", tag: .exact, value: Double(k * (k - 1)),
                formula: "k(k − 1) at x = 0: (1/k)Π ⊗ Ŝ, k groups of k − 1"),
            Prediction(
                name: "full_hessian_outliers_trained", tag: .asymptotic, value: Double(k),
                formula: "k outliers + k(k − 2) mini-bulk after training (measured, OUTLIERS.md)"),
        ]
    }
}
