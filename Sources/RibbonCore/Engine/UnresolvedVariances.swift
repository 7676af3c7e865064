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
