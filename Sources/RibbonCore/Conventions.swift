/// Every convention a number depends on, named, so no output can lose them.
///
/// The same list is printed by `--help`, written into every JSON output and `.meta.json` sidecar,
/// and documented in the README.
public struct Conventions: Sendable, Equatable {
    /// Discrete GD or gradient flow.
    public let dynamics: Dynamics
    /// nil when it varies per row of a scan (then the row's `target` column says).
    public let target: TargetProfile?
    /// The eigenvalue floor: variances with |μ| < relativeFloor·μ₁ are set to 0.
    public let relativeFloor: Double
    /// nil when ρ*, ε vary per row of a scan (then the rows' `rho`, `epsilon` columns say).
    public let criterion: HyperRibbonCriterion?
    /// The checkpoint schedule of a simulation (nil: every step, as in E2/E3).
    public let checkpoints: CheckpointSchedule?

    /// The conventions of one output; pass nil for `target` or `criterion` when they vary per scan row.
    public init(
        dynamics: Dynamics, target: TargetProfile?, relativeFloor: Double = WidthSpectrum.defaultRelativeFloor,
        criterion: HyperRibbonCriterion?, checkpoints: CheckpointSchedule? = nil
    ) {
        self.checkpoints = checkpoints
        self.dynamics = dynamics
        self.target = target
        self.relativeFloor = relativeFloor
        self.criterion = criterion
    }

    /// (key, statement) pairs, in a fixed order.
    public var entries: [(key: String, value: String)] {
        [
            (
                "dynamics",
                dynamics == .discrete
                    ? "discrete GD: mode i moves by (1 − ηλ_i)^t, t = 0…T"
                    : "gradient flow: mode i moves by e^{−λ_i s}, s ∈ [0, τ], τ = ηT"
            ),
            (
                "time_weights",
                checkpoints.map { schedule -> String in
                    if case .logSpaced(let k) = schedule {
                        return
                            "log:\(k): about \(k) log-spaced checkpoints, each weighted by the number of steps nearest to it (ω_t, Σ ω_t = 1)"
                    }
                    return "uniform over the trajectory (each of the T+1 checkpoints weighs 1/(T+1))"
                } ?? "uniform over the trajectory (each of the T+1 checkpoints weighs 1/(T+1))"
            ),
            ("coordinates", "prediction coordinates z_i = √λ_i w_i in the eigenbasis of Σ = XᵀX/n"),
            ("initialisation", "w₀ ~ N(0, σ₀² I), centred; a_i = −w*_i"),
            (
                "target",
                target.map {
                    $0 == .weights
                        ? "weights: w*_i = r σ₀ for every mode"
                        : "outputs: √λ_i w*_i = r σ₀ √λ₁ for every mode"
                }
                    ?? "per row (column target): weights w*_i = r σ₀, or outputs √λ_i w*_i = r σ₀ √λ₁"
            ),
            ("centring", "population covariance over checkpoints and initialisations (divide by N, not N − 1)"),
            ("ratios", "ratios are of variances μ_{k+1}/μ_k (= squared width ratios)"),
            ("explained_stress", "χ_K = 1 − √(1 − Σ_{k≤K} μ_k² / Σ_k μ_k²)"),
            (
                "distance",
                "regression Bhattacharyya d_B = (n/8σ_n²) Σ λ_i Δw_i² (sum over samples); inPCA eigenvalues are e_k = s·μ_k, the eigenvalues of the weighted −½Π^{1/2}PDPΠ^{1/2} (point weights π, Σπ = 1); with N equally weighted points the unnormalised eigenvalues of −½PDP are N·e_k; ratios and χ_K are scale-free"
            ),
            ("eigenvalue_floor", "eigenvalues with |μ| < \(relativeFloor)·μ₁ are set to 0 and counted"),
            (
                "engine",
                "exact widths: dense eigensolve of the covariance after the proven truncation (every eigenvalue moved ≤ 1e-16 max C_ii); above \(WidthSpectrum.denseLimit) kept modes the large-d engine: C ≈ D + LLᵀ (pivoted Cholesky, residual trace ≤ 1e-15 max C_ii) and only the leading variances that decide HR (certified: Krylov residuals, inertia count, Kato–Temple); K_ε exact when reached, else bracketed by interlacing (columns engine, k_epsilon_max, ratios_tested, variance_error_bound)"
            ),
            (
                "criterion",
                "HR(ρ* = \(criterion.map { "\($0.rho)" } ?? "per row"), ε = \(criterion.map { "\($0.epsilon)" } ?? "per row")): μ_{k+1}/μ_k ≤ ρ* for all k < K_ε, K_ε = min K with Σ_{k>K} μ_k ≤ ε Σ μ_k"
            ),
        ]
    }
}
