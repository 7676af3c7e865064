import GSL
import RibbonCore

/// The SGD verifier's joint test: a studentised (bootstrap-t) bootstrap over runs.
///
/// Why not the exact null of ``VerificationNull``: SGD's multiplicative noise has no Gaussian law, and the
/// plain bootstrap SE is biased low at R ≈ 40 with heavy tails (measured: 9% of judged calls failed at correct
/// theory with bootstrap SEs and a Bonferroni z threshold). Here every statistic is standardised by its own
/// jackknife SE, inside each bootstrap replicate too, and the critical value is the (1 − α) quantile of
/// max_i |t*_i| over the replicates, so skew, heavy tails and the correlation between rows enter the threshold.
///
/// Why it is cheap: the judged statistics depend on S only through its projections on the A exact axes, and
/// v_jᵀ S v_j = (1/R) Σ_k a_kj + (1/(R − 1)) Σ_k (b_kj − b̄_j)² with a_kj the run's within-run variance along v_j
/// and b_kj its mean's projection. Precomputing a and b (R × A) makes a replicate, and each of its R
/// leave-one-out copies, O(R·A + d) instead of O(R·d²).
struct SGDBootstrap {
    /// Jackknife SE of each statistic at the simulated runs.
    let standardErrors: [Double]
    /// Bootstrap bias estimate, mean(θ*) − θ̂, per statistic.
    let bias: [Double]
    /// max_i |t*_i| per replicate, over every statistic but the last (the worst ratio, which only feeds the verdict).
    let maxima: [Double]

    init(
        moments: EnsembleMoments, statistic: Statistic, axes vectors: [[Double]], replicates: Int, rng: RandomGenerator
    ) throws(RibbonError) {
        let runs = moments.runs, d = moments.dimension, axisCount = statistic.axes
        guard runs >= 3 else { throw .parameter("the SGD bootstrap needs at least 3 runs (got \(runs))") }
        // a[k][j], b[k][j]; b centred over all runs (the between-run scatter is shift invariant).
        var a = [[Double]](repeating: [Double](repeating: 0, count: axisCount), count: runs), b = a
        for k in 0..<runs {
            let second = moments.seconds[k], mean = moments.means[k]
            for j in 0..<axisCount {
                let v = vectors[j]
                var quadratic = 0.0, projection = 0.0
                for x in 0..<d {
                    var row = 0.0
                    for y in 0..<d { row += second[x * d + y] * v[y] }
                    quadratic += v[x] * row
                    projection += v[x] * mean[x]
                }
                a[k][j] = quadratic - projection * projection
                b[k][j] = projection
            }
        }
        for j in 0..<axisCount {
            let centre = (0..<runs).reduce(0.0) { $0 + b[$1][j] } / Double(runs)
            for k in 0..<runs { b[k][j] -= centre }
        }
        var projected = statistic.exactVariances
        /// θ from the runs `picked` (with repetitions), leaving out position `omit` if given.
        func theta(_ picked: [Int], omitting omit: Int? = nil) -> [Double] {
            let n = Double(picked.count - (omit == nil ? 0 : 1))
            for j in 0..<axisCount {
                var sa = 0.0, s1 = 0.0, s2 = 0.0
                for (position, k) in picked.enumerated() where position != omit {
                    sa += a[k][j]; s1 += b[k][j]; s2 += b[k][j] * b[k][j]
                }
                projected[j] = sa / n + (s2 - s1 * s1 / n) / (n - 1)
            }
            return statistic.values(projected)
        }
        /// Jackknife SE of every statistic over the picked runs.
        func jackknife(_ picked: [Int]) -> [Double] {
            let n = picked.count
            let leaveOneOut = (0..<n).map { theta(picked, omitting: $0) }
            return (0..<leaveOneOut[0].count).map { i in
                let m = leaveOneOut.reduce(0) { $0 + $1[i] } / Double(n)
                return (Double(n - 1) / Double(n) * leaveOneOut.reduce(0) { $0 + ($1[i] - m) * ($1[i] - m) })
                    .squareRoot()
            }
        }
        let all = Array(0..<runs)
        let estimate = theta(all)
        standardErrors = jackknife(all)
        var draws: [[Double]] = [], errors: [[Double]] = []
        for _ in 0..<replicates {
            let picked = (0..<runs).map { _ in rng.integer(below: runs) }
            draws.append(theta(picked))
            errors.append(jackknife(picked))
        }
        let count = estimate.count
        let bias = (0..<count).map { i in draws.reduce(0) { $0 + $1[i] } / Double(replicates) - estimate[i] }
        self.bias = bias
        maxima = zip(draws, errors).map { draw, se in
            var m = 0.0
            for i in 0..<(count - 1) where se[i] > 0 { m = max(m, abs(draw[i] - estimate[i] - bias[i]) / se[i]) }
            return m
        }
    }
}
