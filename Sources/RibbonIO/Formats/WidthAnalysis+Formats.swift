import RibbonCore

/// The three renderings of a ``WidthAnalysis``: JSON (one object), long CSV, and a text table.
extension WidthAnalysis {
    /// Parameters as JSON: every knob, the spectrum and the criterion.
    public var parametersJSON: JSONValue { .parameters(spectrum: spectrum, knobs: knobs, criterion: criterion) }

    /// The analysis as one JSON object: parameters, conventions, the exact widths and verdict, closed forms,
    /// bounds and provenance.
    public func json(metadata: RunMetadata) -> JSONValue {
        let stress = widths.explainedStress
        let exact: JSONValue = .object([
            ("tag", .string(ResultTag.exact.rawValue)),
            (
                "source",
                .string(
                    sgd.map { "E2+SGD(B=\($0.batch), label_noise=\($0.labelNoise), with-replacement)" }
                        ?? (knobs.dynamics == .discrete ? "E2" : "E3"))
            ),
            ("variances", .numbers(widths.variances)),
            ("widths", .numbers(widths.widths)),
            ("ratios", .numbers(widths.ratios)),
            ("explained_stress", .numbers(stress)),
            ("k_epsilon", .integer(verdict.kEpsilon)),
            ("hyper_ribbon", .bool(verdict.isHyperRibbon)),
            ("hyper_ribbon_tag", .string(ResultTag.criterion.rawValue)),
            ("worst_ratio", .optional(verdict.worstRatio)),
            ("worst_ratio_index", verdict.worstIndex.map(JSONValue.integer) ?? .null),
            ("fitted_decay_rate", .optional(widths.fittedDecayRate(upTo: verdict.kEpsilon))),
            ("floored_count", .integer(widths.flooredCount)),
            ("kept_modes", .integer(widths.keptModes)),
            ("truncation_bound", .number(widths.truncationBound)),
            ("negative_count", .integer(widths.negativeCount)),
            ("most_negative", .number(widths.mostNegative)),
            ("engine", .string(widths.method.rawValue)),
            ("dimension", .integer(widths.dimension)),
            ("k_epsilon_max", .integer(verdict.kEpsilonMaximum)),
            ("ratios_tested", .integer(verdict.ratiosExamined)),
            ("variance_error_bound", .number(widths.errorBound)),
            ("total_variance", .number(widths.total)),
        ])
        return .object(
            RunMetadata.versionMembers + [

                ("parameters", parametersJSON),
                ("conventions", RunMetadata.json(conventions)),
                ("exact", exact),
                ("asymptotic", Self.json(asymptotic)),
                ("bounds", Self.json(bounds)),
                ("provenance", metadata.json()),
            ])
    }

    static func json(_ predictions: [Prediction]) -> JSONValue {
        .object(predictions.map { ($0.name, JSONValue.prediction($0)) })
    }

    /// The analysis as a ``Report`` (CSV, JSON Lines and Markdown): the exact widths, the verdict, the closed forms
    /// and the bounds as tagged predictions, one row each, the point's parameters on every row.
    public var report: Report {
        let stress = widths.explainedStress, ratios = widths.ratios
        var predictions: [Prediction] = []
        for k in 0..<widths.count {
            predictions.append(
                Prediction(name: "variance[\(k + 1)]", tag: .exact, value: widths.variances[k], formula: "μ_k"))
        }
        for k in 0..<widths.count {
            predictions.append(
                Prediction(name: "width[\(k + 1)]", tag: .exact, value: widths.widths[k], formula: "√μ_k"))
        }
        for k in ratios.indices {
            predictions.append(
                Prediction(name: "variance_ratio[\(k + 1)]", tag: .exact, value: ratios[k], formula: "μ_{k+1}/μ_k"))
        }
        for k in stress.indices {
            predictions.append(
                Prediction(name: "explained_stress[\(k + 1)]", tag: .exact, value: stress[k], formula: "χ_k"))
        }
        predictions.append(
            Prediction(name: "k_epsilon", tag: .criterion, value: Double(verdict.kEpsilon), formula: "K_ε"))
        predictions.append(
            Prediction(
                name: "hyper_ribbon", tag: .criterion, value: verdict.isHyperRibbon ? 1 : 0,
                formula: "HR(ρ*, ε): 1 = yes"))
        var parameters = ModelParameters.point(spectrum: spectrum, knobs: knobs, criterion: criterion)
        parameters += [Field("batch", .integer(sgd?.batch)), Field("label_noise", .number(sgd?.labelNoise))]
        return Report(
            study: "widths", title: "widths of the trajectory manifold · \(spectrum.summary)", parameters: parameters,
            conventions: conventions.entries.map { Field($0.key, .text($0.value)) },
            predictions: predictions + asymptotic + bounds)
    }

    /// The report a person reads first.
    public func table(top: Int) -> String {
        var lines: [String] = []
        let source =
            sgd.map { "E2 + exact SGD term, batch B=\($0.batch), σ_ε=\(NumberFormat.short($0.labelNoise))" }
            ?? (knobs.dynamics == .discrete ? "E2, discrete GD" : "E3, gradient flow")
        lines.append("ribbon \(RunMetadata.version) · widths of the trajectory manifold (exact: \(source))")
        lines.append("spectrum   \(spectrum.summary)")
        lines.append(
            "knobs      η=\(NumberFormat.short(knobs.eta))  T=\(NumberFormat.short(knobs.steps))  r=\(NumberFormat.short(knobs.ratio))  σ₀=\(NumberFormat.short(knobs.sigma0))  target=\(knobs.target.rawValue)"
        )
        let worst =
            verdict.worstRatio.map { "worst ratio \(NumberFormat.short($0, digits: 4)) at k=\(verdict.worstIndex!)" }
            ?? "no ratio tested"
        lines.append(
            "verdict    HR(ρ*=\(NumberFormat.short(criterion.rho)), ε=\(NumberFormat.short(criterion.epsilon))) [criterion]: \(verdict.isHyperRibbon ? "HYPER-RIBBON" : "not a hyper-ribbon")   K_ε=\(verdict.kEpsilon)   \(worst)"
        )
        if let u = widths.unresolved {
            let kRange =
                verdict.isKEpsilonExact
                ? "K_ε exact"
                : "K_ε ∈ [\(verdict.kEpsilon), \(verdict.kEpsilonMaximum)] (bracketed: beyond the computed variances)"
            lines.append(
                "engine     large-d (low-rank C ≈ D + LLᵀ, rank \(u.rank); certified Krylov, \(u.basisSize) vectors): leading \(widths.count) of \(u.dimension) variances computed, error ≤ \(NumberFormat.short(u.errorBound)); \(kRange); total variance tr C exact"
            )
            if verdict.ratiosExamined < verdict.kEpsilon - 1 {
                lines.append(
                    "           worst ratio over the \(verdict.ratiosExamined) ratios computed (a lower bound; the first ratio above ρ* decides the verdict)"
                )
            }
        }
        if widths.keptModes < widths.dimension {
            lines.append(
                "truncation \(widths.keptModes) of \(widths.dimension) modes kept; proven bound on any variance change δ = \(NumberFormat.short(widths.truncationBound)) (dropped modes count as 0 below)"
            )
        }
        lines.append(
            "floor      \(widths.flooredCount) of \(widths.count)\(widths.method == .dense ? "" : " computed") eigenvalues below \(NumberFormat.short(widths.relativeFloor))·μ₁ set to 0 (\(widths.negativeCount) were negative, most negative \(NumberFormat.short(widths.mostNegative)))"
        )
        lines.append("")
        var t = TextTable(
            headers: ["k", "variance μ_k", "width √μ_k", "ratio μ_{k+1}/μ_k", "stress χ_k"],
            alignments: [.right, .right, .right, .right, .right])
        let stress = widths.explainedStress, ratios = widths.ratios
        for k in 0..<min(top, widths.count) {
            t.append([
                String(k + 1), NumberFormat.short(widths.variances[k]), NumberFormat.short(widths.widths[k]),
                k < ratios.count ? NumberFormat.short(ratios[k]) : "–", NumberFormat.short(stress[k]),
            ])
        }
        lines.append("exact [exact]  (ratios are of variances = squared width ratios)")
        lines.append(t.render())
        lines.append("")
        lines.append(Self.predictionTable(title: "closed forms", asymptotic))
        lines.append("")
        lines.append(Self.predictionTable(title: "bounds", bounds))
        return lines.joined(separator: "\n") + "\n"
    }

    static func predictionTable(title: String, _ predictions: [Prediction]) -> String {
        var t = TextTable(
            headers: ["name", "tag", "value", "exact", "rel.diff", "formula"],
            alignments: [.left, .left, .right, .right, .right, .left])
        for p in predictions {
            var diff = p.relativeDifference.map(NumberFormat.percent) ?? ""
            if let holds = p.boundHolds { diff = holds ? "holds" : "VIOLATED" }
            t.append([
                p.name, p.tag.rawValue,
                p.value.map { NumberFormat.short($0, digits: p.name == "sgd_second_moment_growth" ? 9 : 6) } ?? "n/a",
                p.exactValue.map { NumberFormat.short($0) } ?? "", diff,
                p.formula + (p.note.map { " — \($0)" } ?? ""),
            ])
        }
        return title + "\n" + t.render()
    }
}
