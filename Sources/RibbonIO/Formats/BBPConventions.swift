import RibbonCore

/// The conventions of BBP outputs (`boundary bbp`, `scan bbp`).
public enum BBPConventions {
    public static let entries: [(String, JSONValue)] = [
        (
            "threshold",
            .string(
                "BBP: logit θ² > √γ_A (θ² = Dσ_c²/((C−1)σ_E²), γ_A = D/(N(C−1))); mixture θ > √γ (θ = λ|μ|²/k, γ = d/M̃); asymptotic"
            )
        ),
        (
            "root",
            .string(
                "GSL Brent on ln x of the squared outlier overlap continued below the threshold (same asymptotic theory, independent algebra), tolerance 1e-12 in ln x"
            )
        ),
        ("integer_boundary", .string("counts: the smallest N, D, M̃ or the largest C, d, k with outliers")),
    ]
}
