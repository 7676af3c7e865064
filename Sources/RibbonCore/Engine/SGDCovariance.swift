import GSL
import RealModule

/// Minibatch SGD noise (THEORY.md §6): batch size B, additive label noise σ_ε², and the
/// multiplicative noise of Gaussian inputs.
public struct SGDNoise: Sendable, Equatable {
    /// How each minibatch is drawn.
    public enum Sampling: String, Sendable, CaseIterable {
        /// B samples drawn independently (with replacement): gradient-noise covariance × 1.
        case withReplacement = "with-replacement"
        /// B distinct samples out of n: the finite-population factor (n − B)/(n − 1) multiplies it.
        case withoutReplacement = "without-replacement"
    }

    /// The largest batch size accepted (B beyond it is full-batch GD to double precision for any n
    /// a simulation can hold).
    public static let maximumBatch = 1e9

    /// Batch size B.
    public let batch: Int
    /// Label-noise standard deviation σ_ε.
    public let labelNoise: Double
    public let sampling: Sampling
    /// Data-set size n (used only for sampling without replacement).
    public let samples: Int

    /// Validated noise settings.
    public init(batch: Int, labelNoise: Double = 0, sampling: Sampling = .withReplacement, samples: Int = .max)
        throws(RibbonError)
    {
        guard batch >= 1, Double(batch) <= Self.maximumBatch else {
            throw .parameter("batch B must be an integer in 1...1e9 (got \(batch))")
        }
        guard labelNoise >= 0, labelNoise.isFinite else {
            throw .parameter("label noise σ_ε must be a finite number ≥ 0 (got \(labelNoise))")
        }
        if sampling == .withoutReplacement && batch > samples {
            throw .parameter("batch B = \(batch) exceeds the \(samples) samples; without replacement B ≤ n")
        }
        self.batch = batch
        self.labelNoise = labelNoise
        self.sampling = sampling
        self.samples = samples
    }

    /// The factor multiplying the per-step gradient-noise covariance: 1/B, times (n − B)/(n − 1)
    /// without replacement (0 at B = n: full-batch GD).
    public var scale: Double {
        let base = 1 / Double(batch)
        guard sampling == .withoutReplacement, samples != .max else { return base }
        return samples > 1 ? base * Double(samples - batch) / Double(samples - 1) : 0
    }
}

extension SGDNoise {
    /// ρ₂: the spectral radius of the map the diagonal of E[δδᵀ] follows under SGD on Gaussian inputs,
    /// A = diag((1 − ηλ_i)² + η² s λ_i²) + η² s λλᵀ (s = `scale`). For ρ₂ ≥ 1 the mean covariance
    /// grows without bound even though typical runs converge (heavy-tailed SGD): the exact mean
    /// is then dominated by rare runs and no finite ensemble estimates it.
    public func secondMomentGrowth(spectrum: Spectrum, eta: Double) throws(RibbonError) -> Double {
        let lambda = spectrum.eigenvalues, d = lambda.count
        let s = eta * eta * scale
        var a = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0..<d { a[i * d + j] = s * lambda[i] * lambda[j] }
            // Diagonal: (1 − ηλ_i)² from Q P Q plus η² s λ_i² from Λ P Λ (the trace term added above).
            a[i * d + i] += (1 - eta * lambda[i]) * (1 - eta * lambda[i]) + s * lambda[i] * lambda[i]
        }
        do { return try SymmetricEigensolver(order: d).eigenvalues(of: a).map(abs).max() ?? 0 } catch {
            throw RibbonError(.numerical, "eigenvalues of the SGD second-moment map failed: \(error)")
        }
    }
}

extension TrajectoryCovariance {
    /// The largest T the exact SGD recursion iterates (O(d² T) work).
    public static let maximumSGDSteps = 200_000.0

    /// The exact trajectory covariance under minibatch SGD on Gaussian inputs (tag exact for
    /// x ~ N(0, Σ) drawn afresh per sample; the finite-data simulation approaches it for n ≫ d):
    /// C_SGD = C_E2 + Λ^{1/2} ⟨ΔV_t⟩_ω Λ^{1/2}, where ΔV_t is the run-to-run covariance SGD adds to
    /// GD's, ΔV_0 = 0,
    ///   ΔV_{t+1} = Q ΔV_t Q + η² s (Λ P_t Λ + tr(Λ P_t) Λ + σ_ε² Λ),  s = `noise.scale`,
    ///   P_t = E[δ_t δ_tᵀ] = Q^t (σ₀² I + w* w*ᵀ) Q^t + ΔV_t,  δ = w − w*,
    /// in the eigenbasis (Q = I − ηΛ). The bracket is the covariance of one minibatch gradient for
    /// Gaussian x (multiplicative part ΛPΛ + tr(ΛP)Λ, label part σ_ε²Λ). ΔV only accumulates, so
    /// nothing cancels; the GD part comes from the stable E2 engine (same checkpoints).
    public static func sgd(spectrum: Spectrum, knobs: Knobs, noise: SGDNoise, times: [Int], weights: [Double])
        throws(RibbonError) -> [Double]
    {
        guard knobs.dynamics == .discrete else {
            throw .parameter("SGD is a discrete-step process; it has no gradient-flow form", topic: .dynamics)
        }
        guard knobs.steps <= maximumSGDSteps else {
            throw .parameter(
                "the exact SGD covariance iterates every step: steps must be at most \(Int(maximumSGDSteps)) (got \(knobs.steps))"
            )
        }
        var c = try checkpointed(spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let d = spectrum.dimension
        let lambda = spectrum.eigenvalues
        let q = lambda.map { 1 - knobs.eta * $0 }
        let wStar = knobs.target.teacher(eigenvalues: lambda, ratio: knobs.ratio, sigma0: knobs.sigma0)
        let sigma2 = knobs.sigma0 * knobs.sigma0
        let s = knobs.eta * knobs.eta * noise.scale
        let label = noise.labelNoise * noise.labelNoise
        var extra = [Double](repeating: 0, count: d * d)  // ΔV_t
        var average = [Double](repeating: 0, count: d * d)  // Σ_t ω_t ΔV_t
        var qt = [Double](repeating: 1, count: d)  // Q^t (diagonal)
        var next = 0
        let last = times.last ?? 0
        var lp = [Double](repeating: 0, count: d)
        for t in 0...last {
            if next < times.count && times[next] == t {
                let w = weights[next]
                for e in 0..<(d * d) { average[e] += w * extra[e] }
                next += 1
            }
            if t == last { break }
            // (Λ P)_ii and tr(Λ P), with P = Q^t(σ₀² I + w*w*ᵀ)Q^t + ΔV.
            var trace = 0.0
            for i in 0..<d {
                let p = qt[i] * qt[i] * (sigma2 + wStar[i] * wStar[i]) + extra[i * d + i]
                lp[i] = lambda[i] * p
                trace += lp[i]
            }
            for i in 0..<d {
                for j in 0..<d {
                    let p = qt[i] * qt[j] * ((i == j ? sigma2 : 0) + wStar[i] * wStar[j]) + extra[i * d + j]
                    var source = lambda[i] * p * lambda[j]
                    if i == j { source += lambda[i] * (trace + label) }
                    extra[i * d + j] = q[i] * extra[i * d + j] * q[j] + s * source
                }
            }
            for i in 0..<d { qt[i] *= q[i] }
        }
        for i in 0..<d {
            for j in 0..<d { c[i * d + j] += (lambda[i] * lambda[j]).squareRoot() * average[i * d + j] }
        }
        return c
    }

    /// The exact SGD covariance with every step uniformly weighted (the measure of `widths`, scans and
    /// boundaries).
    public static func sgd(spectrum: Spectrum, knobs: Knobs, noise: SGDNoise) throws(RibbonError) -> [Double] {
        let (times, weights) = CheckpointSchedule.everyStep.checkpoints(steps: Int(knobs.steps))
        return try sgd(spectrum: spectrum, knobs: knobs, noise: noise, times: times, weights: weights)
    }

    /// Asymptotic label-noise term (multiplicative noise dropped): ΔC_ii ≈ η σ_ε² s λ_i (1 − S_T(q_i²))/(2 − ηλ_i)
    /// with s = `noise.scale`; stationary (T → ∞) η σ_ε² λ_i/(2B) for ηλ_i ≪ 1 and sampling with replacement.
    public static func sgdLabelNoiseDiagonal(spectrum: Spectrum, knobs: Knobs, noise: SGDNoise) -> [Double] {
        let averager = TimeAverager(knobs: knobs)
        return spectrum.eigenvalues.map { l in
            let mode = averager.mode(lambda: l)
            return knobs.eta * noise.labelNoise * noise.labelNoise * noise.scale * l * (1 - averager.meanOfSquare(mode))
                / (2 - knobs.eta * l)
        }
    }
}
