import RealModule

/// Softmax of i.i.d. Gaussian logits as a random-energy model (OUTLIERS.md §1): C classes, logit
/// standard deviation σ_z. Freezing at σ_z* = √(2 ln C); the curvature factor 1 − E‖p‖² ≈ 1 − e^{σ_z²}/C
/// below it and ≈ √(2 ln C)/σ_z above it (C → ∞; finite-C corrections are large).
public struct SoftmaxFreezing: Sendable, Equatable {
    public let classes: Int
    public let logitScale: Double

    /// Validated: C ≥ 2, σ_z ≥ 0.
    public init(classes: Int, logitScale: Double) throws(RibbonError) {
        guard classes >= 2 else { throw .parameter("classes C must be at least 2 (got \(classes))") }
        guard logitScale >= 0, logitScale.isFinite else {
            throw .parameter("σ_z must be a finite number ≥ 0 (got \(logitScale))")
        }
        self.classes = classes
        self.logitScale = logitScale
    }

    /// σ_z* = √(2 ln C).
    public var freezingScale: Double { (2 * Double.log(Double(classes))).squareRoot() }
    /// The REM approximation of 1 − E‖p‖² on the side of σ_z* the point lies.
    public var curvatureFactor: Double {
        logitScale < freezingScale
            ? 1 - Double.exp(logitScale * logitScale) / Double(classes) : freezingScale / logitScale
    }

    /// The closed forms, tagged; `measured` is a Monte Carlo estimate of 1 − E‖p‖² shown beside.
    public func predictions(measured: Double? = nil) -> [Prediction] {
        var note = measured == nil ? nil : "exact column: seeded Monte Carlo"
        if logitScale < freezingScale, Double.exp(logitScale * logitScale) / Double(classes) > 0.5 {
            note =
                "outside the expansion's range (it needs e^{σ_z²} ≪ C)"
                + (measured == nil ? "" : "; exact column: seeded Monte Carlo")
        }
        return [
            Prediction(name: "freezing_scale", tag: .asymptotic, value: freezingScale, formula: "σ_z* = √(2 ln C)"),
            Prediction(
                name: "curvature_factor", tag: .asymptotic, value: curvatureFactor, exact: measured,
                formula: logitScale < freezingScale
                    ? "1 − E‖p‖² ≈ 1 − e^{σ_z²}/C (below σ_z*)" : "1 − E‖p‖² ≈ √(2 ln C)/σ_z (above σ_z*)",
                note: note),
        ]
    }
}
