import RealModule

/// The Goldilocks-zone section formulas (OUTLIERS.md §1): a random d-dimensional section of a Hessian
/// with ρ_D = Tr H/‖H‖_F. Both are d → ∞ laws (asymptotic).
public enum GoldilocksSection {
    /// ⟨Tr(PᵀHP)/‖PᵀHP‖_F⟩ ≈ √d ρ_D/√(ρ_D² + d + 1).
    public static func traceRatio(rho: Double, dimension d: Int) -> Double {
        Double(d).squareRoot() * rho / (rho * rho + Double(d) + 1).squareRoot()
    }

    /// Fraction of positive eigenvalues ≈ ½ + (1/π)[x√(1 − x²) + arcsin x], x = ρ_D/(2√d) clipped to [−1, 1].
    public static func positiveFraction(rho: Double, dimension d: Int) -> Double {
        let x = min(max(rho / (2 * Double(d).squareRoot()), -1), 1)
        return 0.5 + (x * (1 - x * x).squareRoot() + Double.asin(x)) / Double.pi
    }

    /// Both formulas at (ρ_D, d), tagged; d ≥ 1 and a finite ρ_D.
    public static func predictions(rho: Double, dimension d: Int) throws(RibbonError) -> [Prediction] {
        guard d >= 1 else { throw .parameter("the section dimension d must be at least 1 (got \(d))") }
        guard rho.isFinite else { throw .parameter("ρ_D must be finite (got \(rho))") }
        return [
            Prediction(
                name: "section_trace_ratio", tag: .asymptotic, value: traceRatio(rho: rho, dimension: d),
                formula: "⟨Tr(PᵀHP)/‖PᵀHP‖_F⟩ ≈ √d ρ_D/√(ρ_D² + d + 1)"),
            Prediction(
                name: "positive_fraction", tag: .asymptotic, value: positiveFraction(rho: rho, dimension: d),
                formula: "½ + (1/π)[x√(1−x²) + arcsin x], x = ρ_D/(2√d) clipped to [−1, 1]"),
        ]
    }
}
