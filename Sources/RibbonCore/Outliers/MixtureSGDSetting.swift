/// Online SGD for softmax regression on a k-class Gaussian mixture (OUTLIERS.md §2): Y = μ_y + Z,
/// Z ~ N(0, I_d/λ), orthonormal means (|μ| = 1), uniform class prior 1/k, loss cross-entropy plus
/// β/2‖x‖², step δ = c_δ/d, time t = ℓδ, start x = 0.
public struct MixtureSGDSetting: Sendable, Equatable {
    /// Classes k, signal-to-noise λ, ridge β, step constant c_δ.
    public let classes: Int, lambda: Double, ridge: Double, stepConstant: Double

    /// The largest stable step constant: 4λ. One step along a sampled input overshoots when
    /// δ λ_max(M)|Y|² ≥ 2, with λ_max(M) ≤ ½ for the softmax curvature M and |Y|² ≈ d/λ (criterion).
    public static func maximumStepConstant(lambda: Double) -> Double { 4 * lambda }

    /// Validated: k ≥ 2, λ > 0, β ≥ 0, 0 < c_δ < 4λ.
    public init(classes: Int, lambda: Double, ridge: Double, stepConstant: Double) throws(RibbonError) {
        guard classes >= 2 else { throw .parameter("classes k must be at least 2 (got \(classes))") }
        guard classes <= 64 else { throw .parameter("classes k must be at most 64 (got \(classes))") }
        guard lambda > 0, lambda.isFinite else { throw .parameter("λ must be a finite number > 0 (got \(lambda))") }
        guard ridge >= 0, ridge.isFinite else { throw .parameter("β must be a finite number ≥ 0 (got \(ridge))") }
        let limit = Self.maximumStepConstant(lambda: lambda)
        guard stepConstant > 0, stepConstant < limit else {
            throw .parameter(
                "step constant c_δ must be in (0, 4λ) = (0, \(limit)) (got \(stepConstant)): beyond, one step overshoots along the sampled input (δ·½·d/λ ≥ 2)"
            )
        }
        self.classes = classes
        self.lambda = lambda
        self.ridge = ridge
        self.stepConstant = stepConstant
    }
}

/// The summary statistics of x = (x¹..x^k): overlaps m_ab = x^a·μ_b and R⊥_ab = x^a_⊥·x^b_⊥ with
/// the components orthogonal to the means; both k × k row-major.
public struct MixtureSummary: Sendable, Equatable {
    /// m_ab = x^a·μ_b.
    public var overlaps: [Double]
    /// R⊥_ab.
    public var orthogonal: [Double]
    /// k.
    public let classes: Int

    /// Zero statistics (x = 0).
    public init(classes k: Int) {
        classes = k
        overlaps = [Double](repeating: 0, count: k * k)
        orthogonal = overlaps
    }

    /// Statistics from flat storage (m then R⊥).
    public init(flat: [Double], classes k: Int) {
        precondition(flat.count == 2 * k * k)
        classes = k
        overlaps = Array(flat[0..<(k * k)])
        orthogonal = Array(flat[(k * k)...])
    }

    /// The named scalars compared between the ODE and SGD (symmetric under relabelling the classes).
    public var scalars: [(name: String, value: Double)] {
        let k = classes
        var diag = 0.0, off = 0.0, rDiag = 0.0, rOff = 0.0
        for a in 0..<k {
            for b in 0..<k {
                if a == b {
                    diag += overlaps[a * k + b]; rDiag += orthogonal[a * k + b]
                } else {
                    off += overlaps[a * k + b]; rOff += orthogonal[a * k + b]
                }
            }
        }
        let n = Double(k), pairs = Double(k * (k - 1))
        return [
            ("m_diag", diag / n), ("m_offdiag", off / pairs), ("R_perp_diag", rDiag / n),
            ("R_perp_offdiag", rOff / pairs),
        ]
    }
}
