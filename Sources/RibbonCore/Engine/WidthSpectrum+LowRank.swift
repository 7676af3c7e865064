extension WidthSpectrum {
    /// Above this kept order the automatic method takes the large-d path. Chosen, not tuned: up to 400 modes the
    /// dense solve gives every variance (exact K_ε, fitted decay rate, floor count) in tens of milliseconds;
    /// beyond it the O(n³) cost grows fast (before this engine: d = 800 ran at 17 points/s, d = 3072 at 0.08).
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
