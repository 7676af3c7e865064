import GSL
import RibbonCore

/// The exact null distribution of the verifier's statistics when the theory (E2) is right, for full-batch
/// GD or flow regression from Gaussian initialisations (tag: exact, sampled by Monte Carlo).
///
/// Why it is exact and cheap: in prediction coordinates a run is z_t = √λ∘(w* + a∘q^t) with
/// a = w₀ − w* Gaussian, so the verifier's unbiased covariance estimate is
///   S = K∘P + (s sᵀ)∘Q,  P = (1/R) Σ_r u_r u_rᵀ,  Q = sample covariance of the u_r,  u_r = √λ∘a_r,
/// with K_ij = Cov_t(q_iᵗ, q_jᵗ) and s_i = Σ_t ω_t q_iᵗ over the checkpoints. One null replicate draws R
/// Gaussian vectors (O(R d²)) instead of training R models; its statistics are computed exactly like the
/// simulated ones. The spread, bias and skew of every statistic at this R, and their joint law, come out
/// of the same draws, so a max-|z| test over all rows has the family-wise size asked for, up to the Monte
/// Carlo error of the critical value.
public struct VerificationNull: Sendable {
    /// Null replicates × statistics.
    public let draws: [[Double]]
    /// Whether each replicate's HR verdict (from its projected variances) differs from the exact one.
    public let verdictMismatch: [Bool]

    /// `statistics` maps a covariance estimate in z coordinates (d × d, row-major) to the statistic vector
    /// and the replicate's HR verdict.
    public init(
        spectrum: Spectrum, knobs: Knobs, times: [Int], weights: [Double], runs: Int, replicates: Int, seed: UInt64,
        statistics: @Sendable ([Double]) throws(RibbonError) -> (values: [Double], hyperRibbon: Bool),
        exactHyperRibbon: Bool
    ) throws(RibbonError) {
        let d = spectrum.dimension
        let moments = try TrajectoryCovariance.checkpointMoments(
            spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let center = TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs)  // √λ∘a, a = −w* (mean of u)
        let spread = spectrum.eigenvalues.map { knobs.sigma0 * $0.squareRoot() }  // σ₀√λ
        let k = moments.timeCovariance, s = moments.mean
        let results = SeedStatistics.parallelRuns(replicates) { b throws(RibbonError) -> ([Double], Bool) in
            let rng = RandomGenerator(seed: seed).child(1000 + b)
            var p = [Double](repeating: 0, count: d * d), q = p
            var mean = [Double](repeating: 0, count: d)
            var us = [Double](repeating: 0, count: runs * d)
            for r in 0..<runs {
                for i in 0..<d {
                    let u = center[i] + spread[i] * rng.gaussian()
                    us[r * d + i] = u
                    mean[i] += u / Double(runs)
                }
            }
            for r in 0..<runs {
                for i in 0..<d {
                    let ui = us[r * d + i], ci = ui - mean[i]
                    for j in 0...i {
                        p[i * d + j] += ui * us[r * d + j]
                        q[i * d + j] += ci * (us[r * d + j] - mean[j])
                    }
                }
            }
            var c = [Double](repeating: 0, count: d * d)
            for i in 0..<d {
                for j in 0...i {
                    let value =
                        k[i * d + j] * p[i * d + j] / Double(runs) + s[i] * s[j] * q[i * d + j] / Double(runs - 1)
                    c[i * d + j] = value
                    c[j * d + i] = value
                }
            }
            let out = try statistics(c)
            return (out.values, out.hyperRibbon != exactHyperRibbon)
        }
        var draws: [[Double]] = [], mismatch: [Bool] = []
        for r in results {
            let (values, differs) = try r.get()
            draws.append(values)
            mismatch.append(differs)
        }
        self.draws = draws
        verdictMismatch = mismatch
    }

    /// Mean of statistic i over the replicates.
    public func mean(_ i: Int) -> Double { draws.reduce(0) { $0 + $1[i] } / Double(draws.count) }

    /// Standard deviation of statistic i over the replicates.
    public func standardDeviation(_ i: Int) -> Double {
        let m = mean(i)
        return (draws.reduce(0) { $0 + ($1[i] - m) * ($1[i] - m) } / Double(max(draws.count - 1, 1))).squareRoot()
    }

    /// The joint test's critical value c for family-wise size α: the smallest c with
    /// P_null(max_i |x_i − mean_i|/sd_i > c, or the verdict row fails) ≤ α, where the verdict row is in the
    /// family only when `judgeVerdict`, estimated conservatively from the replicates. Returns c (∞ if no c
    /// reaches α).
    public func criticalValue(alpha: Double, means: [Double], deviations: [Double], judgeVerdict: Bool) -> Double {
        var maxima: [Double] = []
        var always = 0
        for (b, x) in draws.enumerated() {
            if judgeVerdict && verdictMismatch[b] { always += 1; continue }
            var m = 0.0
            for i in means.indices where deviations[i] > 0 { m = max(m, abs(x[i] - means[i]) / deviations[i]) }
            maxima.append(m)
        }
        return Self.conservativeUpperQuantile(maxima, alpha: alpha, total: draws.count, alreadyRejected: always)
    }

    /// The critical value c with at most α of `total` replicates rejecting (max > c, plus `alreadyRejected`
    /// that reject regardless), conservative for the Monte Carlo error of the quantile: it allows the one-sided
    /// 95% lower confidence count of exceedances, αB − 1.645·√(αB(1 − α)), so the realised size stays ≤ α in
    /// 95% of tables. ∞ if no c reaches α.
    static func conservativeUpperQuantile(_ maxima: [Double], alpha: Double, total: Int, alreadyRejected: Int = 0)
        -> Double
    {
        let expected = alpha * Double(total)
        let allowed = Int((expected - 1.645 * (expected * (1 - alpha)).squareRoot()).rounded(.down)) - alreadyRejected
        guard allowed >= 0 else { return .infinity }
        let sorted = maxima.sorted(by: >)
        // Reject when the max exceeds c: c = the (allowed+1)-th largest maximum keeps ≤ allowed rejections.
        return allowed < sorted.count ? sorted[allowed] : 0
    }

    /// Fraction of replicates whose HR verdict differs from the exact one.
    public var verdictMismatchRate: Double {
        Double(verdictMismatch.filter { $0 }.count) / Double(max(verdictMismatch.count, 1))
    }
}
