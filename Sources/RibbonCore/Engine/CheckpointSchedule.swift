import RealModule

/// Which checkpoints t of a trajectory form the cloud, and their weights ω_t (Σ ω_t = 1).
///
/// `.everyStep` is the uniform measure on t = 0…T of THEORY.md §2. `.logSpaced(K)` keeps about K
/// distinct integer checkpoints, denser early as in deep-network experiments, each weighted by
/// the number of steps nearest to it (ties to the earlier one), so the weighted cloud stands for
/// the same uniform measure. Every average over t becomes the ω-weighted average (THEORY.md §1).
public enum CheckpointSchedule: Sendable, Equatable {
    /// Every step t = 0…T, each weighted 1/(T+1).
    case everyStep
    /// About K log-spaced checkpoints, each weighted by the share of steps nearest to it.
    case logSpaced(Int)

    /// Parses `every` or `log:K`.
    public init(parsing text: String) throws(RibbonError) {
        if text == "every" { self = .everyStep; return }
        if text.hasPrefix("log:"), let k = Int(text.dropFirst(4)), k >= 2 { self = .logSpaced(k); return }
        throw .parameter(
            "the checkpoint schedule must be 'every' or 'log:K' with K ≥ 2 (got '\(text)')", topic: .checkpoints)
    }

    /// The schedule as written on the command line: `every` or `log:K`.
    public var name: String {
        switch self {
        case .everyStep: return "every"
        case .logSpaced(let k): return "log:\(k)"
        }
    }

    /// Checkpoint steps (ascending, starting at 0 and ending at T) and their weights.
    public func checkpoints(steps: Int) -> (times: [Int], weights: [Double]) {
        switch self {
        case .everyStep:
            return (Array(0...steps), [Double](repeating: 1 / Double(steps + 1), count: steps + 1))
        case .logSpaced(let k):
            var times = Set([0, steps])
            let top = Double.log(Double(steps) + 1)
            for i in 0..<k { times.insert(Int((Double.exp(top * Double(i) / Double(k - 1)) - 1).rounded())) }
            let sorted = times.filter { $0 >= 0 && $0 <= steps }.sorted()
            // Voronoi cells on the integers: t belongs to the nearest checkpoint (earlier on ties).
            var weights = [Double](repeating: 0, count: sorted.count)
            for j in sorted.indices {
                let lo = j == 0 ? 0 : (sorted[j - 1] + sorted[j]) / 2 + 1
                let hi = j == sorted.count - 1 ? steps : (sorted[j] + sorted[j + 1]) / 2
                weights[j] = Double(hi - lo + 1) / Double(steps + 1)
            }
            return (sorted, weights)
        }
    }
}

extension TrajectoryCovariance {
    /// The exact covariance for a cloud of checkpoints with weights ω (E2 with S_T replaced by
    /// Σ_t ω_t x^t), or of gradient flow sampled at τ_t = ηt.
    ///
    /// Summed directly over the checkpoints in centred (two-pass) form, with every deviation
    /// q^t − S computed as expm1(t ln q) − (S − 1): no cancellation at ηλT ≪ 1. O(K d²).
    public static func checkpointed(spectrum: Spectrum, knobs: Knobs, times: [Int], weights: [Double])
        throws(RibbonError) -> [Double]
    {
        let d = spectrum.dimension
        let b = amplitudes(spectrum: spectrum, knobs: knobs)
        let moments = try checkpointMoments(spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let sigma2 = knobs.sigma0 * knobs.sigma0
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var value = b[i] * b[j] * moments.timeCovariance[i * d + j]
                if i == j { value += sigma2 * spectrum.eigenvalues[i] * moments.meanSquare[i] }
                c[i * d + j] = value
                c[j * d + i] = value
            }
        }
        return c
    }

    /// The time moments of the modes over weighted checkpoints: Cov_t(q_iᵗ, q_jᵗ) (d × d), Σ_t ω_t q_iᵗ and
    /// Σ_t ω_t q_i^{2t}. Summed in centred (two-pass) form, every deviation q^t − S computed as
    /// expm1(t ln q) − (S − 1): no cancellation at ηλT ≪ 1. O(K d²).
    public static func checkpointMoments(spectrum: Spectrum, knobs: Knobs, times: [Int], weights: [Double])
        throws(RibbonError) -> (timeCovariance: [Double], mean: [Double], meanSquare: [Double])
    {
        try knobs.validateStability(for: spectrum)
        let d = spectrum.dimension
        let k = times.count
        // dev[i][j] = q_i^{t_j} − Σ_t ω_t q_i^t ; sq[i] = Σ_t ω_t q_i^{2t}.
        var deviation = [Double](repeating: 0, count: d * k)
        var meanSquare = [Double](repeating: 0, count: d), means = meanSquare
        for i in 0..<d {
            let lambda = spectrum.eigenvalues[i]
            var powersMinusOne = [Double](repeating: 0, count: k)
            for (j, t) in times.enumerated() {
                powersMinusOne[j] = Self.powerMinusOne(lambda: lambda, t: t, knobs: knobs)
            }
            var mean = 0.0
            for j in 0..<k { mean += weights[j] * powersMinusOne[j] }
            means[i] = 1 + mean
            for j in 0..<k {
                deviation[i * k + j] = powersMinusOne[j] - mean
                let p = powersMinusOne[j] + 1
                meanSquare[i] += weights[j] * p * p
            }
        }
        var cov = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = 0.0
                for m in 0..<k { s += weights[m] * deviation[i * k + m] * deviation[j * k + m] }
                cov[i * d + j] = s
                cov[j * d + i] = s
            }
        }
        return (cov, means, meanSquare)
    }

    /// q^t − 1 for q = 1 − ηλ (discrete) or e^{−λη t} − 1 (flow), without cancellation.
    static func powerMinusOne(lambda: Double, t: Int, knobs: Knobs) -> Double {
        if t == 0 { return 0 }
        if knobs.dynamics == .flow { return Double.expMinusOne(-lambda * knobs.eta * Double(t)) }
        let (logAbs, negative) = TimeAverager.logMagnitude(h: knobs.eta * lambda)
        return TimeAverager.power(logAbs: logAbs, negative: negative, exponent: Double(t)).powerMinusOne
    }
}
