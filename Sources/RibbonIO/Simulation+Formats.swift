import RibbonCore
import RibbonSim

/// Outputs of `ribbon simulate` and `ribbon verify`.
extension SimulationSettings {
    /// Settings, seed and conventions as JSON (recorded with every simulation output).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("samples", .integer(samples)), ("runs", .integer(runs)), ("checkpoints", .string(schedule.name)),
            ("seed", .string(String(seed))), ("reduction", .string(reduction.rawValue)),
            ("components", .integer(components)), ("embedding", .string(embedding.rawValue)),
        ]
        switch likelihood {
        case .regression(let noise): members += [("likelihood", .string("regression")), ("noise_sd", .number(noise)),
                                                 ("distance_scale_s", .number(distanceScale))]
        case .classification(let c): members += [("likelihood", .string("classification")), ("classes", .integer(c))]
        }
        if let noise = sgd {
            members += [("sgd_batch", .integer(noise.batch)), ("sgd_label_noise", .number(noise.labelNoise)),
                        ("sgd_sampling", .string(noise.sampling.rawValue)),
                        ("sgd_theory", .string("exact second-moment recursion for Gaussian inputs: ΔV ← QΔVQ + η²s(ΛPΛ + tr(ΛP)Λ + σ_ε²Λ), s = 1/B (× (n−B)/(n−1) without replacement)"))]
        }
        members.append(("data", .string("X = √n Q diag(√λ) Uᵀ: Gaussian directions whitened so XᵀX/n = U diag(λ) Uᵀ exactly; U Haar-random")))
        members.append(("training", .string(sgd != nil ? "minibatch SGD in the original basis, w ← w − η (1/B) Σ_b x_b(x_bᵀw − y_b)" : knobs.dynamics == .discrete
            ? "explicit full-batch GD in the original basis, w ← w − η(Σw − Xᵀy/n)"
            : "gradient flow by exact matrix exponential w(τ) = w* + e^{−Στ}(w₀ − w*), τ = ηt")))
        return .object(members)
    }
}

extension Simulation {
    /// The simulation as one JSON object: parameters, settings, inPCA results, distance anomalies,
    /// conventions and provenance.
    public func json(metadata: RunMetadata, criterion: HyperRibbonCriterion) -> JSONValue {
        let s = settings
        var members: [(String, JSONValue)] = [
            ("version", .string(RunMetadata.version)),
            ("parameters", .parameters(spectrum: s.spectrum, knobs: s.knobs, criterion: criterion)),
            ("simulation", s.json),
            ("points", .integer(pointCount)),
            ("failed_runs", .array(failures.map { .object([("run", .integer($0.run)), ("step", .integer($0.step))]) })),
            ("inpca", Self.json(embedding, scale: s.distanceScale)),
            ("distance_anomalies", .object([("infinite", .integer(anomalies.infinite)), ("negative", .integer(anomalies.negative)),
                                            ("nan", .integer(anomalies.notANumber)), ("most_negative", .number(anomalies.mostNegative))])),
        ]
        if let f = fisherLimit { members.append(("fisher_limit_inpca", Self.json(f, scale: .nan))) }
        members.append(("conventions", RunMetadata.json(Conventions(dynamics: s.knobs.dynamics, target: s.knobs.target, criterion: criterion, checkpoints: s.schedule))))
        members.append(("provenance", metadata.json()))
        return .object(members)
    }

    static func json(_ e: InPCA, scale: Double) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("method", .string(e.method)),
            ("eigenvalues", .numbers(e.eigenvalues)),
            ("explained_stress", .numbers(e.explainedStress)),
            ("negative_among_computed", .integer(e.negativeCount)),
            ("lanczos_relative_residual", .number(e.relativeResidual)),
        ]
        if scale.isFinite { members.append(("variances", .numbers(e.eigenvalues.map { $0 / scale }))) }
        return .object(members)
    }

    /// eigenvalues.csv: k, eigenvalue e_k, variance e_k/s (regression), explained stress χ_k,
    /// and for classification the Fisher-limit eigenvalue beside it.
    public func eigenvalueCSV() -> String {
        var t = CSVTable(header: ["k", "eigenvalue", "variance", "explained_stress", "fisher_limit_eigenvalue", "ratio_to_fisher_limit"])
        let stress = embedding.explainedStress
        for (k, e) in embedding.eigenvalues.enumerated() {
            let f = fisherLimit.flatMap { k < $0.eigenvalues.count ? $0.eigenvalues[k] : nil }
            t.append([.integer(k + 1), .number(e), .number(settings.distanceScale.isFinite ? e / settings.distanceScale : nil),
                      .number(stress[k]), .number(f), .number(f.map { e / $0 })])
        }
        return t.render()
    }

    /// distances.csv: the square N × N Bhattacharyya matrix, points in coordinates.csv order, so
    /// another inPCA implementation can re-embed exactly these points (nil without the distance path).
    public func distanceCSV() -> String? {
        guard let d = distances else { return nil }
        let n = pointCount
        var text = ""
        text.reserveCapacity(n * n * 20)
        for a in 0..<n {
            text += (0..<n).map { NumberFormat.roundTrip(d[a * n + $0]) }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// coordinates.csv: run, step t, weight π, x_1…x_K.
    public func coordinateCSV() -> String {
        let k = embedding.eigenvalues.count
        var t = CSVTable(header: ["run", "step", "weight"] + (1...max(k, 1)).map { "x_\($0)" })
        let perRun = times.count
        for (a, x) in embedding.coordinates.enumerated() {
            let run = a / perRun, j = a % perRun
            t.append([.integer(run), .integer(times[j]), .number(weights[j] / Double(pointCount / perRun))] + x.map { .number($0) })
        }
        return t.render()
    }
}

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
