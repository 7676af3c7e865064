import RibbonCore

/// Renderings of a ``BoundaryAnalysis``: JSON (one object), CSV (the `scan --boundaries` row) and a table.
extension BoundaryAnalysis {
    /// The analysis as one JSON object: the exact boundary with its flips, the closed forms, parameters,
    /// conventions and provenance.
    public func json(metadata: RunMetadata) throws(RibbonError) -> JSONValue {
        let spectrum = try base.spectrum()
        return .object(
            RunMetadata.versionMembers + [

                ("axis", .string(exact.axis.rawValue)),
                (
                    "exact",
                    .object([
                        ("value", .optional(exact.value)),
                        ("status", .string(exact.status.rawValue)),
                        ("tag", .string(ResultTag.exact.rawValue)),
                        ("flips", .array(exact.flips.map(Self.json))),
                        ("range", .numbers([exact.range.lowerBound, exact.range.upperBound])),
                        ("evaluations", .integer(exact.evaluations)),
                        (
                            "method",
                            .string(
                                "log-spaced scan, then GSL Brent on ln x of the margin ρ* − max_{k<K_ε} μ_{k+1}/μ_k")
                        ),
                    ])
                ),
                ("closed_forms", .array(forms.forms.map { Self.json($0, exact: exact.value) })),
                ("best_closed_form", bestJSON()),
                ("relative_difference", .optional(forms.best.relativeDifference(toExact: exact.value))),
                (
                    "parameters",
                    .parameters(
                        spectrum: spectrum, knobs: base.knobs, criterion: base.criterion,
                        omitting: exact.axis.rawValue)
                ),
                (
                    "conventions",
                    RunMetadata.json(
                        Conventions(
                            dynamics: base.knobs.dynamics, target: base.knobs.target,
                            criterion: base.criterion))
                ),
                ("provenance", metadata.json()),
            ])
    }

    /// One closed form: name, value, status, tag, relative difference from the exact boundary, formula.
    static func json(_ form: BoundaryForm, exact: Double?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(form.name)), ("value", .optional(form.value)), ("status", .string(form.status.rawValue)),
            ("tag", .string(form.tag.rawValue)),
            ("relative_difference", .optional(form.relativeDifference(toExact: exact))),
            ("formula", .string(form.formula)),
        ]
        if form.flips.count > 1 { members.append(("flips", .numbers(form.flips))) }
        members.append(("mechanism", form.mechanism.map { .string($0.rawValue) } ?? .null))
        if let note = form.note { members.append(("note", .string(note))) }
        return .object(members)
    }

    /// The recommended form (BOUNDARIES.md §2.7): the entry plus which form it used, the mechanism and why.
    func bestJSON() -> JSONValue {
        guard case .object(var members) = Self.json(forms.best, exact: exact.value) else { return .null }
        members.insert(("form", forms.bestKind.map { .string($0.rawValue) } ?? .null), at: 1)
        members.append(("why", .string(forms.why)))
        return .object(members)
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

    /// The analysis as the one-row table `scan --boundaries` writes for a grid of this single point (index 0):
    /// one schema for every boundary table (`exact`, `exact_status`, the searched range, each closed form with its
    /// relative difference), so `verify --from-scan` and `plot` read it like any scan.
    public func csv() throws(RibbonError) -> String {
        let k = base.knobs
        let grid = try ScanGrid(
            spectra: [.init(model: base.model, shapes: [base.shape])], targets: [k.target], ratios: [k.ratio],
            steps: [k.steps], etas: [k.eta], sigma0s: [k.sigma0], rhos: [base.criterion.rho],
            epsilons: [base.criterion.epsilon], batches: [base.sgd?.batch], labelNoises: [base.sgd?.labelNoise ?? 0],
            dynamics: k.dynamics, tracedAxis: exact.axis)
        let schema = ScanSchema(mode: .boundaries, top: 3, tracedAxis: exact.axis)
        return RowFormat.csv.header(columns: schema.columns)
            + RowFormat.csv.line(
                columns: schema.columns, cells: schema.parameterCells(grid, index: 0) + schema.boundaryCells(self))
    }

    /// The report a person reads first: knobs, the exact flips, and the closed forms beside the exact
    /// boundary.
    public func table() throws(RibbonError) -> String {
        let spectrum = try base.spectrum()
        let k = base.knobs
        var lines = [
            "ribbon \(RunMetadata.version) · phase boundary along \(exact.axis.rawValue) (exact: HR flip of E\(k.dynamics == .discrete ? "2" : "3"), Brent)"
        ]
        lines.append(
            "spectrum   \(exact.axis == .slope ? "geometric(slope varies), d=\(spectrum.dimension)" : spectrum.summary)"
        )
        var knobs = ["η=\(NumberFormat.short(k.eta))"]
        if exact.axis != .steps { knobs.append("T=\(NumberFormat.short(k.steps))") }
        if exact.axis != .ratio { knobs.append("r=\(NumberFormat.short(k.ratio))") }
        knobs += [
            "σ₀=\(NumberFormat.short(k.sigma0))", "target=\(k.target.rawValue)",
            "HR(ρ*=\(NumberFormat.short(base.criterion.rho)), ε=\(NumberFormat.short(base.criterion.epsilon)))",
        ]
        lines.append("knobs      " + knobs.joined(separator: "  "))
        lines.append(
            "range      \(NumberFormat.short(exact.range.lowerBound))…\(NumberFormat.short(exact.range.upperBound)) (log-scaled), \(exact.evaluations) evaluations"
        )
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
            var t = TextTable(
                headers: ["flip", exact.axis.rawValue, "direction (going up)", "kind", "bracket"],
                alignments: [.right, .right, .left, .left, .left])
            for (i, f) in exact.flips.enumerated() {
                t.append([
                    String(i + 1), NumberFormat.short(f.value), f.entersHyperRibbon ? "enters HR" : "leaves HR",
                    f.kind.rawValue,
                    "[\(NumberFormat.short(f.bracket.lowerBound, digits: 8)), \(NumberFormat.short(f.bracket.upperBound, digits: 8))]",
                ])
            }
            lines.append(t.render())
        }
        lines.append("")
        let best = forms.best
        let bestValue = best.value.map { NumberFormat.short($0) } ?? best.status.rawValue
        let bestDiff =
            best.relativeDifference(toExact: exact.value).map { " (\(NumberFormat.percent($0)) from exact)" } ?? ""
        lines.append(
            "recommended closed form [\(best.tag.rawValue)]: \(bestValue)\(bestDiff) · exact: \(exact.value.map { NumberFormat.short($0) } ?? exact.status.rawValue)"
        )
        lines.append(
            "  form \(forms.bestKind?.rawValue ?? "none")\(best.mechanism.map { ", mechanism \($0.rawValue)" } ?? "") — \(forms.why)"
        )
        lines.append("")
        var t = TextTable(
            headers: ["form", "tag", "status", "value", "rel.diff", "mechanism", "formula"],
            alignments: [.left, .left, .left, .right, .right, .left, .left])
        for f in forms.forms + [best] {
            t.append([
                f.name, f.tag.rawValue, f.status.rawValue, f.value.map { NumberFormat.short($0) } ?? "",
                f.relativeDifference(toExact: exact.value).map(NumberFormat.percent) ?? "", f.mechanism?.rawValue ?? "",
                f.formula + (f.note.map { " — \($0)" } ?? ""),
            ])
        }
        lines.append("closed forms (BOUNDARIES.md §2; rel.diff against the exact boundary)")
        lines.append(t.render())
        return lines.joined(separator: "\n") + "\n"
    }
}
