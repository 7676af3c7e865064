import RibbonCore
import RibbonSim

/// `ribbon outliers zone` as a ``Report``: per weight scale α and section dimension d, the network's exact
/// Hessian measures (ρ_D, softmax curvature factor, cross-term share) and the section statistics against the
/// section formulas at the measured ρ_D; optionally subspace training.
extension GoldilocksSweep {
    /// The section formulas are d → ∞ laws at a finite D with no error model: shown beside the measurement, not judged.
    static let notJudged = Check.Verdict.notJudged(reason: "asymptotic section formula at finite D: shown, not judged")

    public func report(parameters: [Field]) -> Report {
        var checks: [Check] = []
        for r in sectionRows {
            let at = [Field("scale", .number(r.scale)), Field("dimension", .integer(r.dimension))]
            func measured(_ name: String, _ value: Double) -> Check {
                Check(
                    Quantity(name), tag: .measured, predicted: nil, measured: value, standardError: nil,
                    verdict: .notJudged(reason: nil), coordinates: at)
            }
            checks += [
                measured("rho_D", r.rho), measured("curvature_factor", r.curvatureFactor),
                measured("cross_share", r.crossShare),
                Check(
                    Quantity("trace_ratio"), tag: .asymptotic, predicted: r.traceRatioPredicted, measured: r.traceRatio,
                    standardError: r.traceRatioSE,
                    z: Check.standardScore(
                        measured: r.traceRatio, predicted: r.traceRatioPredicted, standardError: r.traceRatioSE),
                    verdict: Self.notJudged, coordinates: at),
                Check(
                    Quantity("positive_fraction"), tag: .asymptotic, predicted: r.positivePredicted,
                    measured: r.positiveFraction,
                    standardError: r.positiveSE,
                    z: Check.standardScore(
                        measured: r.positiveFraction, predicted: r.positivePredicted, standardError: r.positiveSE),
                    verdict: Self.notJudged, coordinates: at),
            ]
        }
        for r in trainingRows {
            let at = [Field("scale", .number(r.scale)), Field("dimension", .integer(r.dimension))]
            let extra = [Field("runs", .integer(r.runs)), Field("learning_rate", .number(r.rate))]
            checks += [
                Check(
                    Quantity("success_share"), tag: .measured, predicted: nil, measured: r.successShare,
                    standardError: SeedStatistics.binomialStandardError(share: r.successShare, runs: r.runs),
                    verdict: .notJudged(reason: nil), coordinates: at, references: extra),
                Check(
                    Quantity("mean_accuracy"), tag: .measured, predicted: nil, measured: r.meanAccuracy,
                    standardError: nil,
                    verdict: .notJudged(reason: nil), coordinates: at, references: extra),
            ]
        }
        return Report(
            study: "outliers zone", title: "outliers zone: Goldilocks zone of a ReLU network (OUTLIERS.md §1)",
            parameters: parameters,
            conventions: [
                Field(
                    "sections",
                    .text(
                        "Haar-random d-dimensional sections P; trace ratio Tr(PᵀHP)/‖PᵀHP‖_F and positive-eigenvalue fraction, mean ± SE over sections"
                    )),
                Field(
                    "measured_quantities",
                    .text(
                        "rho_D = Tr H/‖H‖_F, curvature_factor = 1 − E‖p‖², cross_share = ‖H′‖_F/‖H‖_F of the exact Hessian at θ = αθ₀"
                    )),
                Field(
                    "training",
                    .text(
                        "full-batch GD on φ in θ = αθ₀ + Pφ, η = 1/‖H(αθ₀)‖₂; success = training accuracy ≥ \(GoldilocksSweep.successAccuracy); SE binomial"
                    )),
            ], checks: checks)
    }
}
