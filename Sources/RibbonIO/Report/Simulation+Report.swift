import RibbonCore
import RibbonSim

/// `ribbon simulate` as a ``Report``: one row per inPCA eigenvalue (the variance e_k/s and χ_k beside it;
/// for classification the Fisher-limit eigenvalue as its small-noise prediction, not judged).
extension Simulation {
    public func report(criterion: HyperRibbonCriterion) -> Report {
        let s = settings
        let stress = embedding.explainedStress
        var checks: [Check] = []
        for (k, e) in embedding.eigenvalues.enumerated() {
            let limit = fisherLimit.flatMap { k < $0.eigenvalues.count ? $0.eigenvalues[k] : nil }
            checks.append(
                Check(
                    Quantity("inpca_eigenvalue", index: k + 1), tag: .asymptotic, predicted: limit, measured: e,
                    standardError: nil,
                    verdict: .notJudged(reason: nil),
                    references: [
                        Field("variance", .number(s.distanceScale.isFinite ? e / s.distanceScale : nil)),
                        Field("explained_stress", .number(stress[k])),
                        Field("ratio_to_fisher_limit", .number(limit.map { e / $0 })),
                    ]))
        }
        var conventions = [Field("embedding", .text(embedding.method))]
        if case .object(let members) = s.json {
            conventions += members.compactMap { name, value in
                if case .string(let text) = value { return Field(name, .text(text)) }
                return nil
            }
        }
        conventions += Conventions(
            dynamics: s.knobs.dynamics, target: s.knobs.target, criterion: criterion, checkpoints: s.schedule
        )
        .entries.map { Field($0.key, .text($0.value)) }
        let likelihood: String
        switch s.likelihood {
        case .regression: likelihood = "regression"
        case .classification(let c): likelihood = "classification:\(c)"
        }
        return Report(
            study: "simulate", title: "simulate · \(s.spectrum.summary)",
            parameters: ModelParameters.point(spectrum: s.spectrum, knobs: s.knobs, criterion: criterion) + [
                Field("likelihood", .text(likelihood)), Field("batch", .integer(s.sgd?.batch)),
                Field("samples", .integer(s.samples)), Field("runs", .integer(s.runs)),
                Field("seed", .integer(Int(exactly: s.seed))),
            ],
            conventions: conventions, checks: checks,
            summary: [
                Field("points", .integer(pointCount)), Field("failed_runs", .integer(failures.count)),
                Field("negative_eigenvalues_among_computed", .integer(embedding.negativeCount)),
                Field("lanczos_relative_residual", .number(embedding.relativeResidual)),
                Field("infinite_distances", .integer(anomalies.infinite)),
                Field("negative_distances", .integer(anomalies.negative)),
                Field("nan_distances", .integer(anomalies.notANumber)),
            ])
    }
}
