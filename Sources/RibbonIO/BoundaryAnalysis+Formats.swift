import RibbonCore

/// Renderings of a ``BoundaryAnalysis``: JSON (one object), CSV (one row per flip) and a table.
extension BoundaryAnalysis {
    /// The analysis as one JSON object: the exact boundary with its flips, the closed forms, parameters,
    /// conventions and provenance.
    public func json(metadata: RunMetadata) throws(RibbonError) -> JSONValue {
        let spectrum = try base.spectrum()
        let primary = closedForms.first
        return .object([
            ("version", .string(RunMetadata.version)),
            ("axis", .string(exact.axis.rawValue)),
            ("exact", .object([
                ("value", .optional(exact.value)),
                ("status", .string(exact.status.rawValue)),
                ("tag", .string(ResultTag.exact.rawValue)),
                ("flips", .array(exact.flips.map(Self.json))),
                ("range", .numbers([exact.range.lowerBound, exact.range.upperBound])),
                ("evaluations", .integer(exact.evaluations)),
                ("method", .string("log-spaced scan, then GSL Brent on ln x of the margin ρ* − max_{k<K_ε} μ_{k+1}/μ_k")),
            ])),
            ("closed_form", primary.map(JSONValue.prediction) ?? .null),
            ("alternatives", .array(closedForms.dropFirst().map(JSONValue.prediction))),
            ("relative_difference", .optional(relativeDifference)),
            ("parameters", .parameters(spectrum: spectrum, knobs: base.knobs, criterion: base.criterion,
                                       omitting: exact.axis.rawValue)),
            ("conventions", RunMetadata.json(Conventions(dynamics: base.knobs.dynamics, target: base.knobs.target,
                                                         criterion: base.criterion))),
            ("provenance", metadata.json()),
        ])
    }

    static func json(_ flip: BoundarySolver.Flip) -> JSONValue {
        .object([
            ("value", .number(flip.value)),
            ("direction", .string(flip.entersHyperRibbon ? "enters" : "leaves")),
            ("bracket", .numbers([flip.bracket.lowerBound, flip.bracket.upperBound])),
            ("iterations", .integer(flip.iterations)),
            ("kind", .string(flip.kind.rawValue)),
        ])
    }

    /// One CSV row per flip (one row when there is none), with the primary closed form and its relative
    /// difference from that flip.
    public func csv() -> String {
        var table = CSVTable(header: ["axis", "status", "flip", "value", "direction", "kind", "bracket_low", "bracket_high",
                                      "closed_form", "closed_form_value", "relative_difference"])
        let primary = closedForms.first
        let rows = exact.flips.isEmpty ? [nil] : exact.flips.map { Optional($0) }
        for (i, flip) in rows.enumerated() {
            table.append([.text(exact.axis.rawValue), .text(exact.status.rawValue), .integer(flip == nil ? nil : i + 1),
                          .number(flip?.value), .text(flip.map { $0.entersHyperRibbon ? "enters" : "leaves" } ?? ""),
                          .text(flip?.kind.rawValue ?? ""), .number(flip?.bracket.lowerBound), .number(flip?.bracket.upperBound),
                          .text(primary?.name ?? ""), .number(primary?.value),
                          .number(flip.map { f in primary?.value.map { ($0 - f.value) / abs(f.value) } ?? nil } ?? nil)])
        }
        return table.render()
    }

    /// The report a person reads first: knobs, the exact flips, and the closed forms beside the exact
    /// boundary.
    public func table() throws(RibbonError) -> String {
        let spectrum = try base.spectrum()
        let k = base.knobs
        var lines = ["ribbon \(RunMetadata.version) · phase boundary along \(exact.axis.rawValue) (exact: HR flip of E\(k.dynamics == .discrete ? "2" : "3"), Brent)"]
        lines.append("spectrum   \(exact.axis == .slope ? "geometric(slope varies), d=\(spectrum.dimension)" : spectrum.summary)")
        var knobs = ["η=\(NumberFormat.short(k.eta))"]
        if exact.axis != .steps { knobs.append("T=\(NumberFormat.short(k.steps))") }
        if exact.axis != .ratio { knobs.append("r=\(NumberFormat.short(k.ratio))") }
        knobs += ["σ₀=\(NumberFormat.short(k.sigma0))", "target=\(k.target.rawValue)",
                  "HR(ρ*=\(NumberFormat.short(base.criterion.rho)), ε=\(NumberFormat.short(base.criterion.epsilon)))"]
        lines.append("knobs      " + knobs.joined(separator: "  "))
        lines.append("range      \(NumberFormat.short(exact.range.lowerBound))…\(NumberFormat.short(exact.range.upperBound)) (log-scaled), \(exact.evaluations) evaluations")
        lines.append("")
        let statusText: String
        switch exact.status {
        case .always: statusText = "always a hyper-ribbon in this range (no boundary)"
        case .never: statusText = "never a hyper-ribbon in this range (no boundary)"
        case .boundary: statusText = "one boundary"
        case .multiple: statusText = "\(exact.flips.count) flips (the outermost is the reported value)"
        }
        lines.append("exact [exact]: \(statusText)")
        if !exact.flips.isEmpty {
            var t = TextTable(headers: ["flip", exact.axis.rawValue, "direction (going up)", "kind", "bracket"],
                              alignments: [.right, .right, .left, .left, .left])
            for (i, f) in exact.flips.enumerated() {
                t.append([String(i + 1), NumberFormat.short(f.value), f.entersHyperRibbon ? "enters HR" : "leaves HR", f.kind.rawValue,
                          "[\(NumberFormat.short(f.bracket.lowerBound, digits: 8)), \(NumberFormat.short(f.bracket.upperBound, digits: 8))]"])
            }
            lines.append(t.render())
        }
        lines.append("")
        lines.append(WidthAnalysis.predictionTable(title: "closed forms (exact column: the exact boundary)", closedForms))
        return lines.joined(separator: "\n") + "\n"
    }
}
