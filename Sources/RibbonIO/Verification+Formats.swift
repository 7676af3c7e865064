import RibbonCore
import RibbonSim

/// Outputs of `ribbon verify`: the table a person reads, one JSON object, and tidy CSV rows (one per
/// compared quantity, the point's parameters on every row) shared with `verify --from-scan`.

extension Verification {
    /// The report a person reads first: one row per compared quantity, with its SE, the deviation it could
    /// detect, and pass or FAIL.
    public func table(simulation: Simulation, criterion: HyperRibbonCriterion) -> String {
        let s = simulation.settings
        var lines = ["ribbon \(RunMetadata.version) · verify: simulated training vs \(reference == "E2" ? "exact E2 (same checkpoints)" : "\(reference) (E2 beside it)") vs asymptotic"]
        lines.append("spectrum   \(s.spectrum.summary)   η=\(NumberFormat.short(s.knobs.eta))  T=\(NumberFormat.short(s.knobs.steps))  r=\(NumberFormat.short(s.knobs.ratio))  σ₀=\(NumberFormat.short(s.knobs.sigma0))  target=\(s.knobs.target.rawValue)  \(s.knobs.dynamics.rawValue)")
        lines.append("simulation n=\(s.samples)  R=\(s.runs)  checkpoints=\(s.schedule.name)  seed=\(s.seed)  points=\(simulation.pointCount)  embedding: \(simulation.embedding.method)")
        lines.append("simulated μ_k = v_kᵀ S v_k: the unbiased simulated covariance S along the exact eigenvectors (no eigenvalue-repulsion bias); 'sample eig.' = eigenvalues of S, what inPCA of the cloud shows")
        lines.append("test: \(method); a row fails when |z| > \(String(format: "%.2f", criticalValue)); 'detectable' = relative deviation found with 90% power; variances are of z (inPCA eigenvalue / s)")
        lines.append("")
        let against = reference != "E2"
        var headers = ["quantity", "k", "simulated", "± SE"]
        if against { headers.append("predicted") }
        headers += ["exact [exact]", "asymptotic", "z", "detectable", "result", "sample eig."]
        var t = TextTable(headers: headers, alignments: [.left, .right, .right, .right] + (against ? [.right] : []) + [.right, .right, .right, .right, .left, .right])
        for r in rows {
            let isVerdict = r.quantity == "hyper_ribbon"
            func show(_ x: Double?) -> String { x.map { isVerdict ? ($0 == 1 ? "yes" : "no") : NumberFormat.short($0) } ?? "" }
            var cells = [r.quantity, r.k.map(String.init) ?? "", show(r.simulated), isVerdict ? "" : NumberFormat.short(r.standardError)]
            if against { cells.append(show(r.predicted)) }
            cells += [show(r.exact), r.asymptotic.map { NumberFormat.short($0) } ?? "",
                      isVerdict || r.pass == nil ? "" : String(format: "%+.2f", r.deviation),
                      r.detectable.map { String(format: "%.1f%%", 100 * $0) } ?? "",
                      (r.pass.map { $0 ? "pass" : "FAIL" } ?? "not judged") + (r.note.map { " (\($0))" } ?? ""),
                      r.sampleEigenvalueEstimate.map { NumberFormat.short($0) } ?? ""]
            t.append(cells)
        }
        lines.append(t.render())
        lines.append("")
        let judged = rows.filter { $0.pass != nil }.count
        var summary = "\(judged - failed) of \(judged) judged rows pass" + (failed > 0 ? "; \(failed) FAIL" : "")
            + (judged < rows.count ? "; \(rows.count - judged) not judged" : "")
        if let x = detectable { summary += "; could detect deviations ≥ \(String(format: "%.1f%%", 100 * x)) (90% power, family-wise false-fail ≤ \(NumberFormat.short(alpha)))" }
        if let failing = rows.first(where: { $0.pass == false }) {
            summary += "; first failing: \(failing.quantity)\(failing.k.map { " \($0)" } ?? "")"
        }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The verification as one JSON object: the rows, overall pass, parameters, settings, conventions and
    /// provenance.
    public func json(simulation: Simulation, metadata: RunMetadata, criterion: HyperRibbonCriterion) -> JSONValue {
        .object([
            ("version", .string(RunMetadata.version)),
            ("parameters", .parameters(spectrum: simulation.settings.spectrum, knobs: simulation.settings.knobs, criterion: criterion)),
            ("simulation", simulation.settings.json),
            ("test", .object([("method", .string(method)), ("alpha", .number(alpha)), ("critical_value", .number(criticalValue)),
                              ("replicates", .integer(replicates)), ("reference", .string(reference)),
                              ("detectable", .optional(detectable))])),
            ("rows", .array(rows.map { r in .object([
                ("quantity", .string(r.quantity)), ("k", r.k.map(JSONValue.integer) ?? .null),
                ("simulated", .number(r.simulated)), ("sample_eigenvalue_estimate", .optional(r.sampleEigenvalueEstimate)),
                ("standard_error", .number(r.standardError)),
                ("exact", .number(r.exact)), ("predicted", .optional(r.predicted)), ("asymptotic", .optional(r.asymptotic)),
                ("z", r.pass == nil || r.quantity == "hyper_ribbon" ? .null : .number(r.deviation)), ("detectable", .optional(r.detectable)),
                ("pass", r.pass.map(JSONValue.bool) ?? .null), ("note", r.note.map(JSONValue.string) ?? .null),
            ]) })),
            ("passed", .bool(allPass)),
            ("conventions", RunMetadata.json(Conventions(dynamics: simulation.settings.knobs.dynamics,
                                                         target: simulation.settings.knobs.target, criterion: criterion,
                                                         checkpoints: simulation.settings.schedule))),
            ("provenance", metadata.json()),
        ])
    }
}

extension Verification {
    /// Columns of the tidy CSV: where the point came from, its parameters, the run, then the compared row.
    public static let csvHeader = [
        "scan_index", "side", "spectrum", "slope", "alpha", "dim", "lambda1", "eta", "steps", "ratio", "sigma0", "target",
        "dynamics", "rho", "epsilon", "batch", "samples", "runs", "seed", "status", "error", "point_passed",
        "quantity", "k", "simulated", "standard_error", "exact", "predicted", "asymptotic", "z", "detectable", "pass", "note",
    ]

    /// The point-level cells (everything before `quantity`), for a verified point or a failed one (`error`).
    public static func pointCells(scanIndex: Int?, side: String, spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion,
                                  batch: Int?, samples: Int, runs: Int, seed: UInt64, error: String?, passed: Bool?) -> [TableCell] {
        let kind: String
        switch spectrum.source {
        case .geometric: kind = "geometric"
        case .powerLaw: kind = "power"
        case .kernel(let k): kind = "kernel:" + k.kind.rawValue
        case .file: kind = "file"
        }
        return [.integer(scanIndex), .text(side), .text(kind), .number(spectrum.slope), .number(spectrum.powerLawExponent), .integer(spectrum.dimension),
                .number(spectrum.lambda1), .number(knobs.eta), .integer(Int(exactly: knobs.steps)), .number(knobs.ratio),
                .number(knobs.sigma0), .text(knobs.target.rawValue), .text(knobs.dynamics.rawValue), .number(criterion.rho),
                .number(criterion.epsilon), .integer(batch), .integer(samples), .integer(runs), .text(String(seed)),
                .text(error == nil ? "ok" : "error"), .text(error ?? ""), .bool(passed)]
    }

    /// One row of cells per compared quantity (after the point cells); the hyper_ribbon row writes its verdicts
    /// as 1 (HR) or 0 so that simulated/exact/predicted stay numeric columns.
    public var rowCells: [[TableCell]] {
        rows.map { r in
            // The verdict row keeps the numeric columns numeric: 1 = HR, 0 = not.
            let isVerdict = r.quantity == "hyper_ribbon"
            return [.text(r.quantity), .integer(r.k), .number(r.simulated), .number(isVerdict ? nil : r.standardError),
                    .number(r.exact), .number(r.predicted), .number(r.asymptotic),
                    .number(r.pass == nil || isVerdict ? nil : r.deviation), .number(r.detectable), .bool(r.pass), .text(r.note ?? "")]
        }
    }

    /// The rows that fail, named with their z: "variance 2 (z −4.31)".
    public var failingQuantities: [String] {
        rows.filter { $0.pass == false }.map { r in
            r.quantity + (r.k.map { " \($0)" } ?? "") + (r.quantity == "hyper_ribbon" ? "" : " (z \(String(format: "%+.2f", r.deviation)))")
        }
    }

    /// The verdict row's judgement: nil when not judged.
    public var verdictPass: Bool? { rows.last?.pass }
}
