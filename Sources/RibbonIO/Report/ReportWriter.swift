import RibbonCore

/// The one writer of ``Report``s: table and Markdown for people, long/tidy CSV and JSON Lines (one row per
/// prediction or check, the parameters on every row), and one JSON object with provenance.
///
/// Why one writer: every command that produces a report honours every format the same way: missing numbers
/// are empty (CSV) or `null` (JSON), integers stay integers, one column name per quantity, `schema_version`
/// first in every JSON document.
public enum ReportFormat: String, Sendable, CaseIterable {
    case table, csv, json, jsonl, markdown
}

public struct ReportWriter: Sendable {
    public let metadata: RunMetadata

    public init(metadata: RunMetadata) { self.metadata = metadata }

    /// The reports rendered in `format`; several reports (points of a scan) share one header or one array.
    public func render(_ reports: [Report], as format: ReportFormat) -> String {
        switch format {
        case .table: return reports.map(table).joined(separator: "\n")
        case .markdown: return reports.map(markdown).joined(separator: "\n")
        case .csv:
            let columns = Self.columns(reports)
            return RowFormat.csv.header(columns: columns)
                + reports.flatMap { Self.rows($0, columns: columns) }.map {
                    RowFormat.csv.line(columns: columns, cells: $0)
                }.joined()
        case .jsonl:
            let columns = Self.columns(reports)
            return reports.flatMap { Self.rows($0, columns: columns) }.map {
                RowFormat.jsonl.line(columns: columns, cells: $0)
            }.joined()
        case .json:
            let body: JSONValue =
                reports.count == 1
                ? json(reports[0])
                : .object(
                    RunMetadata.versionMembers + [
                        ("reports", .array(reports.map { Self.body($0) })),
                        ("provenance", metadata.json()),
                    ])
            return body.serialized(pretty: true) + "\n"
        }
    }

    // MARK: JSON

    /// One report as a JSON object with provenance.
    public func json(_ report: Report) -> JSONValue {
        guard case .object(let members) = Self.body(report) else { return .null }
        return .object(RunMetadata.versionMembers + members + [("provenance", metadata.json())])
    }

    static func body(_ r: Report) -> JSONValue {
        var members: [(String, JSONValue)] = [("study", .string(r.study)), ("parameters", object(r.parameters))]
        if !r.conventions.isEmpty { members.append(("conventions", object(r.conventions))) }
        if !r.predictions.isEmpty { members.append(("predictions", .array(r.predictions.map(prediction)))) }
        if !r.checks.isEmpty {
            members.append(("checks", .array(r.checks.map { c in object(checkFields(c)) })))
            members.append(("passed", r.passed.map(JSONValue.bool) ?? .null))
        }
        if !r.summary.isEmpty { members.append(("summary", object(r.summary))) }
        return .object(members)
    }

    static func prediction(_ p: Prediction) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("quantity", .string(p.quantity.name)), ("k", p.quantity.index.map(JSONValue.integer) ?? .null),
            ("tag", .string(p.tag.rawValue)),
            ("predicted", .optional(p.value)), ("exact", .optional(p.exactValue)),
            ("relative_difference", .optional(p.relativeDifference)),
            ("formula", .string(p.formula)),
        ]
        if let holds = p.boundHolds { members.append(("bound_holds", .bool(holds))) }
        if let note = p.note { members.append(("note", .string(note))) }
        return .object(members)
    }

    /// A check's fields in output order: coordinates, the comparison, then references.
    public static func checkFields(_ c: Check) -> [Field] {
        c.coordinates + [
            Field("quantity", .text(c.quantity.name)), Field("k", .integer(c.quantity.index)),
            Field("tag", .text(c.tag.rawValue)),
            Field("predicted", .number(c.predicted)), Field("measured", .number(c.measured)),
            Field("standard_error", .number(c.standardError)), Field("z", .number(c.z)),
            Field("detectable", .number(c.detectable)),
            Field("verdict", .text(verdictName(c.verdict))),
            Field("reason", c.reason.map(ReportValue.text) ?? .missing),
        ] + c.references
    }

    static func verdictName(_ v: Check.Verdict) -> String {
        switch v {
        case .pass: return "pass"
        case .fail: return "fail"
        case .notJudged: return "not_judged"
        }
    }

    /// Fields as one JSON object, each value written as its table cell is (so JSON and JSON Lines agree).
    public static func object(_ fields: [Field]) -> JSONValue { .object(fields.map { ($0.name, cell($0.value).json) }) }

    /// A value as a table cell: missing (or absent) is an empty cell, which JSON writes as null.
    public static func cell(_ v: ReportValue?) -> TableCell {
        switch v {
        case .integer(let i)?: return .integer(i)
        case .number(let x)?: return .number(x)
        case .text(let s)?: return .text(s)
        case .bool(let b)?: return .bool(b)
        case .missing?, nil: return .text("")
        }
    }

    // MARK: CSV and JSON Lines

    /// Parameter names, `row` (prediction or check), coordinates, the comparison, references, `formula`: the
    /// union over all reports in first-seen order, so that points of a scan share one header.
    static func columns(_ reports: [Report]) -> [String] {
        var names: [String] = []
        func add(_ n: String) { if !names.contains(n) { names.append(n) } }
        for r in reports { r.parameters.forEach { add($0.name) } }
        add("row")
        for r in reports { r.checks.forEach { $0.coordinates.forEach { add($0.name) } } }
        [
            "quantity", "k", "tag", "predicted", "measured", "standard_error", "z", "detectable", "verdict", "reason",
            "exact",
        ]
        .forEach(add)
        for r in reports { r.checks.forEach { $0.references.forEach { add($0.name) } } }
        add("relative_difference")
        add("formula")
        return names
    }

    /// One row per prediction and per check (a report with neither writes its parameters alone: a failed point).
    static func rows(_ r: Report, columns: [String]) -> [[TableCell]] {
        func line(_ fields: [Field]) -> [TableCell] {
            let all = r.parameters + fields
            return columns.map { name in cell(all.first { $0.name == name }?.value) }
        }
        var out = r.predictions.map { p in
            line([
                Field("row", .text("prediction")), Field("quantity", .text(p.quantity.name)),
                Field("k", .integer(p.quantity.index)),
                Field("tag", .text(p.tag.rawValue)),
                Field("predicted", .number(p.value)), Field("exact", .number(p.exactValue)),
                Field("relative_difference", .number(p.relativeDifference)),
                Field("reason", p.note.map(ReportValue.text) ?? .missing), Field("formula", .text(p.formula)),
            ])
        }
        out += r.checks.map { line([Field("row", .text("check"))] + checkFields($0)) }
        if out.isEmpty { out.append(line([])) }
        return out
    }

    // MARK: Table and Markdown

    /// Aligned text for people: title, parameters, conventions, closed forms, checks, summary.
    public func table(_ r: Report) -> String {
        var lines = ["ribbon \(RunMetadata.version) · \(r.title)"]
        lines.append(
            "parameters "
                + r.parameters.filter { $0.value != .missing }.map { "\($0.name)=\(Self.text($0.value))" }
                .joined(separator: "  "))
        lines += r.conventions.map { "  \($0.name): \(Self.text($0.value))" }
        if !r.predictions.isEmpty {
            lines += ["", WidthAnalysis.predictionTable(title: "closed forms", r.predictions)]
        }
        if !r.checks.isEmpty {
            let (headers, rows) = Self.checkTable(r.checks, digits: 6)
            var t = TextTable(
                headers: headers,
                alignments: headers.map { ["quantity", "tag", "result", "note"].contains($0) ? .left : .right })
            rows.forEach { t.append($0) }
            lines += ["", t.render()]
            if r.judged > 0 { lines.append(Self.verdictLine(r)) }
        }
        lines += r.summary.map { "\($0.name): \(Self.text($0.value))" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Markdown for notes and papers: parameters as a list, closed forms and checks as tables (6 digits).
    public func markdown(_ r: Report) -> String {
        func table(_ headers: [String], _ rows: [[String]]) -> String {
            let escape = { (s: String) in s.replacingOccurrences(of: "|", with: "\\|") }
            return
                ([
                    "| " + headers.map(escape).joined(separator: " | ") + " |",
                    "|" + headers.map { _ in "---|" }.joined(),
                ]
                + rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }).joined(separator: "\n")
        }
        var lines = ["### \(r.title)", ""]
        lines += r.parameters.filter { $0.value != .missing }.map { "- \($0.name) = \(Self.text($0.value))" }
        lines += r.conventions.map { "- \($0.name): \(Self.text($0.value))" }
        if !r.predictions.isEmpty {
            lines += [
                "",
                table(
                    ["quantity", "tag", "predicted", "exact", "rel. diff.", "formula"],
                    r.predictions.map { p in
                        [
                            p.name, p.tag.rawValue, p.value.map { NumberFormat.short($0) } ?? "n/a",
                            p.exactValue.map { NumberFormat.short($0) } ?? "",
                            p.relativeDifference.map(NumberFormat.percent) ?? "", p.formula,
                        ]
                    }),
            ]
        }
        if !r.checks.isEmpty {
            let (headers, rows) = Self.checkTable(r.checks, digits: 6)
            lines += ["", table(headers, rows)]
            if r.judged > 0 { lines += ["", Self.verdictLine(r)] }
        }
        if !r.summary.isEmpty { lines += [""] + r.summary.map { "- \($0.name): \(Self.text($0.value))" } }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The check columns people read; optional columns that are empty in every row are left out, and the
    /// reasons for not judging come last (`note`), so the numbers stay side by side.
    static func checkTable(_ checks: [Check], digits: Int) -> (headers: [String], rows: [[String]]) {
        func short(_ x: Double?) -> String { x.map { NumberFormat.short($0, digits: digits) } ?? "" }
        var coordinateNames: [String] = [], referenceNames: [String] = []
        for c in checks {
            for f in c.coordinates where !coordinateNames.contains(f.name) { coordinateNames.append(f.name) }
            for f in c.references where !referenceNames.contains(f.name) && f.value != .missing {
                referenceNames.append(f.name)
            }
        }
        let hasIndex = checks.contains { $0.quantity.index != nil }, hasZ = checks.contains { $0.z != nil }
        let hasDetectable = checks.contains { $0.detectable != nil },
            hasPredicted = checks.contains { $0.predicted != nil }
        let hasSE = checks.contains { $0.standardError != nil }, hasReason = checks.contains { $0.reason != nil }
        let hasResult = checks.contains { $0.verdict != .notJudged(reason: nil) }
        var headers =
            coordinateNames + ["quantity"] + (hasIndex ? ["k"] : []) + ["tag"] + (hasPredicted ? ["predicted"] : []) + [
                "measured"
            ]
        headers +=
            (hasSE ? ["± SE"] : []) + (hasZ ? ["z"] : []) + (hasDetectable ? ["detectable"] : [])
            + (hasResult ? ["result"] : [])
        headers += referenceNames + (hasReason ? ["note"] : [])
        let rows = checks.map { c -> [String] in
            let isVerdict = c.quantity == .hyperRibbon
            func value(_ x: Double?) -> String { isVerdict ? x.map { $0 == 1 ? "yes" : "no" } ?? "" : short(x) }
            var cells = coordinateNames.map { name in
                c.coordinates.first { $0.name == name }.map { text($0.value) } ?? ""
            }
            cells.append(c.quantity.name)
            if hasIndex { cells.append(c.quantity.index.map(String.init) ?? "") }
            cells.append(c.tag.rawValue)
            if hasPredicted { cells.append(value(c.predicted)) }
            cells.append(value(c.measured))
            if hasSE { cells.append(short(c.standardError)) }
            if hasZ { cells.append(c.z.map { String(format: "%+.2f", $0) } ?? "") }
            if hasDetectable { cells.append(c.detectable.map { String(format: "%.1f%%", 100 * $0) } ?? "") }
            if hasResult { cells.append(c.pass.map { $0 ? "pass" : "FAIL" } ?? "—") }
            cells += referenceNames.map { name in
                c.references.first { $0.name == name }.map { f in
                    f.value == .missing ? "" : isVerdict ? value(f.value.number) : text(f.value, digits: digits)
                } ?? ""
            }
            if hasReason { cells.append(c.reason ?? "") }
            return cells
        }
        return (headers, rows)
    }

    /// "7 of 8 judged rows pass; 1 FAIL; …; first failing: variance 2".
    static func verdictLine(_ r: Report) -> String {
        var line =
            "\(r.judged - r.failed) of \(r.judged) judged rows pass" + (r.failed > 0 ? "; \(r.failed) FAIL" : "")
            + (r.judged < r.checks.count ? "; \(r.checks.count - r.judged) not judged" : "")
        if let x = r.checks.compactMap(\.detectable).max() {
            line += "; could detect deviations ≥ \(String(format: "%.1f%%", 100 * x)) (90% power)"
        }
        if let failing = r.checks.first(where: { $0.verdict == .fail }) {
            line += "; first failing: \(failing.quantity)"
        }
        return line
    }

    /// A value as people read it: numbers with `digits` significant digits.
    public static func text(_ v: ReportValue, digits: Int = 6) -> String {
        switch v {
        case .integer(let i): return String(i)
        case .number(let x): return NumberFormat.short(x, digits: digits)
        case .text(let s): return s
        case .bool(let b): return b ? "yes" : "no"
        case .missing: return "—"
        }
    }
}

extension ReportValue {
    /// A parameter given as JSON: scalars map to themselves, null to missing, lists to their compact JSON text.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .missing
        case .bool(let b): self = .bool(b)
        case .integer(let i): self = .integer(i)
        case .number(let x): self = .number(x)
        case .string(let s): self = .text(s)
        case .array, .object: self = .text(json.serialized())
        }
    }
}
