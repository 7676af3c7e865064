import RibbonCore
import RibbonSim

/// `ribbon verify` as a ``Report``: the point's parameters (the same fields for a single point and for every
/// point of `verify --from-scan`, so their CSVs share one header), the rules, and one check per compared
/// quantity.
extension Verification {
    /// The report of this verification; `point` are its parameter fields (``Verification/pointParameters``).
    public func report(simulation: Simulation, criterion: HyperRibbonCriterion, point: [Field]) -> Report {
        let s = simulation.settings
        let conventions = Conventions(
            dynamics: s.knobs.dynamics, target: s.knobs.target, criterion: criterion, checkpoints: s.schedule)
        var fields = [
            Field(
                "simulation",
                .text(
                    "n=\(s.samples) R=\(s.runs) checkpoints=\(s.schedule.name) seed=\(s.seed) points=\(simulation.pointCount) "
                        + "embedding: \(simulation.embedding.method)")),
            Field(
                "estimator",
                .text(
                    "measured μ_k = v_kᵀ S v_k: the unbiased simulated covariance S along the exact eigenvectors (no "
                        + "eigenvalue-repulsion bias); sample_eigenvalue_estimate = eigenvalues of S, what inPCA of the cloud shows; "
                        + "variances are of z (inPCA eigenvalue / s); hyper_ribbon rows: 1 = HR, 0 = not")),
            Field(
                "test",
                .text(
                    "\(method); a row fails when |z| > \(String(format: "%.2f", criticalValue)); 'detectable' = relative "
                        + "deviation found with 90% power")),
        ]
        fields += conventions.entries.map { Field($0.key, .text($0.value)) }
        let compared = reference == "E2" ? "exact E2 (same checkpoints)" : "\(reference) (E2 beside it)"
        return Report(
            study: "verify", title: "verify: simulated training vs \(compared) vs asymptotic · \(s.spectrum.summary)",
            parameters: point, conventions: fields, checks: rows,
            summary: [
                Field("alpha", .number(alpha)), Field("critical_value", .number(criticalValue)),
                Field("replicates", .integer(replicates)), Field("reference", .text(reference)),
                Field("hyper_ribbon_exact", .bool(exactVerdict.isHyperRibbon)),
                Field("hyper_ribbon_simulated", .bool(simulatedVerdict.isHyperRibbon)),
                Field("runs_to_judge_verdict", .integer(verdictRuns)), Field("detectable", .number(detectable)),
            ])
    }

    /// The parameter fields of a verified point: where it came from (`scan_index`, `side`), its model, the
    /// simulation's size and seed, and its status (`error` for a point that could not be simulated).
    public static func pointParameters(
        scanIndex: Int?, side: String, spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion,
        batch: Int?, samples: Int, runs: Int, seed: UInt64, error: String?
    ) -> [Field] {
        [Field("scan_index", .integer(scanIndex)), Field("side", .text(side))]
            + ModelParameters.point(spectrum: spectrum, knobs: knobs, criterion: criterion)
            + [
                Field("batch", .integer(batch)), Field("samples", .integer(samples)), Field("runs", .integer(runs)),
                Field("seed", .integer(Int(exactly: seed))), Field("status", .text(error == nil ? "ok" : "error")),
                Field("error", error.map(ReportValue.text) ?? .missing),
            ]
    }

    /// The rows that fail, named with their z: "variance 2 (z −4.31)".
    public var failingQuantities: [String] {
        rows.filter { $0.verdict == .fail }.map { r in
            r.quantity.description + (r.z.map { " (z \(String(format: "%+.2f", $0)))" } ?? "")
        }
    }

    /// The verdict row's judgement: nil when not judged.
    public var verdictPass: Bool? { rows.last?.pass }
}
