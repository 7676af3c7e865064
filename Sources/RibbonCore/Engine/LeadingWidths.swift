/// Which eigen-solution the exact widths use.
public enum WidthMethod: String, Sendable, Codable, CaseIterable {
    /// Dense d × d eigensolve when the kept order is small, the large-d path otherwise.
    case automatic
    /// Always the dense eigensolve of the (truncated) matrix: every variance.
    case dense
    /// Always the large-d path: low-rank factorisation and certified leading eigenvalues.
    case lowRank = "low-rank"
}

/// What the large-d engine knows beyond the leading variances it computed: enough to apply HR(ρ*, ε) and
/// the explained stress exactly, and to bracket K_ε when it lies beyond them.
public struct UnresolvedVariances: Sendable, Equatable {
    /// The model dimension d.
    public let dimension: Int
    /// Modes kept by the proven truncation (the order of the factorised matrix).
    public let keptModes: Int
    /// Σ_k μ_k = tr C (exact: the diagonal needs no eigensolve).
    public let total: Double
    /// Σ_k μ_k² = ‖C‖_F² of the factorised matrix (for the explained stress).
    public let sumOfSquares: Double
    /// Rank m of the low-rank signal factor.
    public let rank: Int
    /// Krylov vectors used.
    public let basisSize: Int
    /// The largest certified absolute error of a reported variance (factorisation + eigensolver + truncation).
    public let errorBound: Double
    /// Suffix sums Σ_{j≥i} δ_j of the descending diagonal δ of D, i = 0…n. Because C ≈ D + LLᵀ with LLᵀ ⪰ 0 of
    /// rank m, δ_k ≤ μ_k ≤ δ_{k−m} (Weyl, interlacing): they bracket every tail sum.
    let diagonalTails: [Double]

    /// K_ε exactly when the leading variances reach it, else the proven range: tails are bounded below by
    /// Σ_{k>K} δ_k and by tr − S_p − (K − p)μ_p, and above by Σ_{k>K−m} δ_k and (n − K)μ_p.
    func kEpsilonRange(_ epsilon: Double, leading mu: [Double]) -> ClosedRange<Int> {
        let threshold = epsilon * total
        var partial = 0.0
        for (i, v) in mu.enumerated() {
            partial += v
            if total - partial <= threshold { return (i + 1)...(i + 1) }
        }
        let p = mu.count, n = keptModes
        let last = mu.last ?? 0
        let fromDiagonal = diagonalTails.firstIndex { $0 <= threshold } ?? n
        var low = max(p + 1, fromDiagonal)
        var high = min(n, fromDiagonal + rank)
        if last > 0 {
            let remaining = (total - partial - threshold) / last
            if remaining.isFinite { low = max(low, p + Int(remaining.rounded(.up))) }
            let emptied = (threshold / last).rounded(.down)
            if emptied.isFinite && emptied < Double(n) { high = min(high, max(p + 1, n - Int(emptied))) }
        }
        low = min(low, n)
        return low...max(low, high)
    }
}

extension WidthSpectrum {
    /// Above this kept order the automatic method takes the large-d path (measured crossover: `ribbon bench`).
    public static let denseLimit = 400

    /// The large-d path: C ≈ D + LLᵀ (`LowRankCovariance`), then as many certified leading eigenvalues
    /// (`KrylovEigenvalues`) as HR(ρ*, ε) needs, and at least `leading`. Same conventions as the dense path:
    /// floor, truncation, scale. Throws when the criterion cannot be decided (never a guessed verdict).
    init(
        lowRank entries: CovarianceEntries, order n: Int, dimension: Int, truncationBound: Double,
        criterion: HyperRibbonCriterion, leading: Int, solvers: EigenvalueSolvers, relativeFloor: Double
    ) throws(RibbonError) {
        let c = LowRankCovariance(entries: entries, order: n)
        guard c.scale.isFinite, c.trace.isFinite else {
            throw RibbonError(
                .numerical,
                "the covariance overflows double precision (σ₀, r or λ₁ too large); rescale the inputs: widths scale as σ₀² and ratios are scale-free"
            )
        }
        let trace = c.trace
        let rho = criterion.rho, epsilon = criterion.epsilon
        let wanted = max(leading, 1)
        let eigen = try KrylovEigenvalues(of: c, solvers: solvers) { theta in
            var sum = 0.0
            for i in theta.indices {
                if i >= 1 && theta[i] > rho * theta[i - 1] { return max(i + 1, wanted) }
                sum += theta[i]
                if trace - sum <= epsilon * trace { return max(i + 1, wanted) }
            }
            return theta.count + 1
        }
        let delta = c.diagonal.sorted(by: >)
        var tails = [Double](repeating: 0, count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) { tails[i] = tails[i + 1] + delta[i] * c.scale }
        let unresolved = UnresolvedVariances(
            dimension: dimension, keptModes: n, total: trace * c.scale,
            sumOfSquares: c.frobeniusSquared() * c.scale * c.scale, rank: c.rank, basisSize: eigen.basisSize,
            errorBound: (eigen.bounds.max() ?? 0) * c.scale + truncationBound, diagonalTails: tails)
        self.init(
            rawEigenvalues: eigen.values.map { $0 * c.scale }, relativeFloor: relativeFloor, dimension: dimension,
            truncationBound: truncationBound, unresolved: unresolved)
        // The verdict must be decidable from what was computed: either K_ε is among the leading variances or
        // a ratio before it fails.
        let range = kEpsilonRange(epsilon)
        if range.lowerBound > count {
            let known = ratios.prefix(max(count - 1, 0))
            guard known.contains(where: { $0 > rho }) else {
                throw RibbonError(
                    .numerical,
                    "the large-d engine computed \(count) leading variances but HR(\(rho), \(epsilon)) needs more (K_ε in \(range))"
                )
            }
        }
    }
}
