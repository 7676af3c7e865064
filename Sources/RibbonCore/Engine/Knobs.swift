/// How the teacher w* is set relative to the initial weights: knob (ii) and its profile.
public enum TargetProfile: String, Sendable, Codable, CaseIterable {
    /// w*_i = r σ₀ for every mode (equal weights).
    case weights
    /// √λ_i w*_i equal for every mode: w*_i = r σ₀ √(λ₁/λ_i) (equal outputs).
    case outputs
}

extension TargetProfile {
    /// The teacher w*_i in the eigenbasis of a spectrum (descending λ_i), for ratio r and init scale σ₀:
    /// r σ₀ (weights) or r σ₀ √(λ₁/λ_i) (outputs); 0 where λ_i = 0 (no input variance there).
    public func teacher(eigenvalues lambda: [Double], ratio: Double, sigma0: Double) -> [Double] {
        let scale = ratio * sigma0
        return lambda.map { l in self == .weights ? scale : l > 0 ? scale * (lambda[0] / l).squareRoot() : 0 }
    }
}

/// Discrete gradient descent (factor (1 − ηλ)^t) or its gradient-flow limit e^{−λτ}, τ = ηt.
public enum Dynamics: String, Sendable, Codable, CaseIterable {
    /// Discrete gradient descent: mode i moves by (1 − ηλ_i)^t.
    case discrete
    /// Gradient flow: mode i moves by e^{−λ_i τ}, τ = ηt.
    case flow
}

/// The training knobs besides the spectrum. Validated on construction, so an engine never sees
/// a divergent step size or a negative ratio.
public struct Knobs: Sendable, Equatable {
    /// Learning rate η.
    public let eta: Double
    /// Number of gradient-descent steps T (an integer, 1 ≤ T ≤ 1e15); the cloud holds t = 0…T.
    public let steps: Double
    /// r = |w*_i| / σ₀ (weights profile) — the scale of the ground truth relative to the init.
    public let ratio: Double
    /// Standard deviation σ₀ of the initial weights w₀ ~ N(0, σ₀² I).
    public let sigma0: Double
    /// Target profile of w*: how knob (ii) is spread over the modes.
    public let target: TargetProfile
    /// Discrete GD or gradient flow.
    public let dynamics: Dynamics

    /// Largest accepted T: beyond 2^53 consecutive integers are no longer doubles.
    public static let maximumSteps = 1e15

    /// Validates every knob (η > 0, integer 1 ≤ T ≤ 1e15, r ≥ 0, σ₀ > 0); ηλ₁ < 2 is checked against a
    /// spectrum by `validateStability`.
    public init(
        eta: Double = 1, steps: Double, ratio: Double, sigma0: Double = 1,
        target: TargetProfile = .weights, dynamics: Dynamics = .discrete
    ) throws(RibbonError) {
        guard eta.isFinite, eta > 0 else { throw .parameter("eta must be a finite number > 0 (got \(eta))") }
        guard steps.isFinite, steps >= 1, steps <= Knobs.maximumSteps, steps.rounded() == steps else {
            throw .parameter("steps must be an integer with 1 ≤ steps ≤ 1e15 (got \(steps))")
        }
        guard ratio.isFinite, ratio >= 0 else { throw .parameter("ratio must be a finite number ≥ 0 (got \(ratio))") }
        guard sigma0.isFinite, sigma0 > 0 else {
            throw .parameter("sigma0 must be a finite number > 0 (got \(sigma0))")
        }
        self.eta = eta
        self.steps = steps
        self.ratio = ratio
        self.sigma0 = sigma0
        self.target = target
        self.dynamics = dynamics
    }

    /// Checks that gradient descent on `spectrum` converges: 0 < ηλ₁ < 2 (not needed for flow).
    public func validateStability(for spectrum: Spectrum) throws(RibbonError) {
        let top = eta * spectrum.lambda1
        if dynamics == .discrete && !(top < 2) {
            throw .parameter(
                "eta·lambda1 = \(top) ≥ 2: gradient descent diverges; allowed: 0 < eta·lambda1 < 2, or gradient flow",
                topic: .dynamics)
        }
    }

    /// Gradient-flow time τ = η T.
    public var flowTime: Double { eta * steps }

    /// The same knobs with a different ratio (used by scans and boundary searches).
    public func with(ratio: Double) throws(RibbonError) -> Knobs {
        try Knobs(eta: eta, steps: steps, ratio: ratio, sigma0: sigma0, target: target, dynamics: dynamics)
    }

    /// The same knobs with a different number of steps.
    public func with(steps: Double) throws(RibbonError) -> Knobs {
        try Knobs(eta: eta, steps: steps, ratio: ratio, sigma0: sigma0, target: target, dynamics: dynamics)
    }
}
