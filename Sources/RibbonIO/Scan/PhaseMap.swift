import RibbonCore

/// A phase diagram people can read at a glance, as Markdown tables: for every combination of the
/// other knobs, a slope (or α) × steps grid of HR verdicts with K_ε (dense mode), or of the exact
/// boundary value (boundary mode: columns are steps, or ratio when steps is the traced axis).
public struct PhaseMap {
    /// Markdown tables, or LaTeX tables (booktabs; ■ needs amssymb) for a paper.
    public enum Style: String, Sendable, CaseIterable { case markdown, latex }

    let schema: ScanSchema
    /// Significant digits of boundary values.
    let digits: Int
    private var groups: [(key: String, shapes: [String], steps: [String], cells: [String: String])] = []
    /// The searched range of the traced axis (boundary mode), read from the rows.
    private var searched: (from: String, to: String)? = nil

    /// An empty map for rows laid out by `schema`; boundary values get `digits` significant digits.
    public init(schema: ScanSchema, digits: Int = 4) {
        self.schema = schema
        self.digits = digits
    }

    /// Adds computed dense-mode rows (parameters + results, as written to the table).
    public mutating func add(_ rows: [[TableCell]]) {
        let columns = schema.columns
        func cell(_ row: [TableCell], _ name: String) -> String { row[columns.firstIndex(of: name)!].text }
        for row in rows {
            let shapeName = cell(row, "slope").isEmpty ? "alpha" : "slope"
            let columnName = schema.tracedAxis == .steps ? "ratio" : "steps"
            let key = ["spectrum", "target", "ratio", "eta", "sigma0", "rho", "epsilon", "dim"].filter {
                $0 != columnName && columns.contains($0)
            }
            .map { name in "\(name)=\(Double(cell(row, name)).map(NumberFormat.compact) ?? cell(row, name))" }
            .joined(separator: "  ")
            let shape = schema.tracedAxis == .slope ? "–" : cell(row, shapeName), steps = cell(row, columnName)
            let verdict: String
            if cell(row, "status") != "ok" {
                verdict = "error"
            } else if schema.mode == .boundaries {
                let status = cell(row, "exact_status")
                if searched == nil, let from = Double(cell(row, "search_from")), let to = Double(cell(row, "search_to"))
                {
                    searched = (NumberFormat.compact(from), NumberFormat.compact(to))
                }
                verdict =
                    status == "boundary" || status == "multiple"
                    ? NumberFormat.short(Double(cell(row, "exact")) ?? .nan, digits: digits)
                        + (status == "multiple" ? "*" : "")
                    : status
            } else {
                verdict = (cell(row, "hyper_ribbon") == "true" ? "■ " : "· ") + cell(row, "k_epsilon")
            }
            if let g = groups.firstIndex(where: { $0.key == key }) {
                if !groups[g].shapes.contains(shape) { groups[g].shapes.append(shape) }
                if !groups[g].steps.contains(steps) { groups[g].steps.append(steps) }
                groups[g].cells[shape + "|" + steps] = verdict
            } else {
                groups.append((key, [shape], [steps], [shape + "|" + steps: verdict]))
            }
        }
    }

    /// The map: a legend line, then one table per combination of the other knobs.
    public func render(_ style: Style = .markdown) -> String {
        let columnName = schema.tracedAxis == .steps ? "r" : "T"
        let range = searched.map { " in [\($0.from), \($0.to)]" } ?? " in the searched range"
        let legend =
            schema.mode == .dense
            ? "Phase map: ■ = hyper-ribbon, · = not; the number is K_ε (modes holding all but ε of the variance). Rows: slope c (or α), columns: steps T."
            : "Boundary map: exact \(schema.tracedAxis!.rawValue) where HR flips (outermost flip; * = several flips; always/never = no flip\(range)). Rows: slope c (or α), columns: \(columnName == "r" ? "ratio r" : "steps T")."
        func label(_ shape: String) -> String { Double(shape).map(NumberFormat.compact) ?? shape }
        func heading(_ step: String) -> String { NumberFormat.compact(Double(step) ?? .nan) }
        switch style {
        case .markdown:
            var out = legend + "\n"
            for g in groups {
                out +=
                    "\n### \(g.key)\n\n| c \\ \(columnName) | " + g.steps.map(heading).joined(separator: " | ") + " |\n"
                out += "|---|" + g.steps.map { _ in "---|" }.joined() + "\n"
                for shape in g.shapes {
                    out +=
                        "| \(label(shape)) | "
                        + g.steps.map { g.cells[shape + "|" + $0] ?? "" }.joined(separator: " | ") + " |\n"
                }
            }
            return out
        case .latex:
            var out = "% " + legend + "\n% Needs \\usepackage{booktabs} and \\usepackage{amssymb}.\n"
            for g in groups {
                out += "\n\\begin{table}[ht]\n\\centering\n\\caption{" + Self.latex(g.key) + "}\n"
                out += "\\begin{tabular}{l" + String(repeating: "r", count: g.steps.count) + "}\n\\toprule\n"
                out +=
                    "$c \\backslash \(columnName)$ & "
                    + g.steps.map { Self.latex(heading($0)) }.joined(separator: " & ") + " \\\\\n\\midrule\n"
                for shape in g.shapes {
                    out +=
                        Self.latex(label(shape)) + " & "
                        + g.steps.map { Self.latex(g.cells[shape + "|" + $0] ?? "") }.joined(separator: " & ")
                        + " \\\\\n"
                }
                out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
            }
            return out
        }
    }

    /// A map cell or label in LaTeX: the verdict marks as math symbols, exponents as powers of ten.
    static func latex(_ text: String) -> String {
        var t = text.replacingOccurrences(of: "_", with: "\\_").replacingOccurrences(of: "  ", with: ", ")
        t = t.replacingOccurrences(of: "■ ", with: "$\\blacksquare$~").replacingOccurrences(of: "· ", with: "$\\cdot$~")
        t = t.replacingOccurrences(of: "*", with: "$^{*}$").replacingOccurrences(of: "–", with: "--")
        if let e = t.range(of: #"^(-?[0-9.]+)e([+-]?[0-9]+)$"#, options: .regularExpression) {
            let parts = t[e].split(separator: "e")
            let exponent = Int(parts[1]) ?? 0
            t = (parts[0] == "1" ? "" : parts[0] + "\\times ") + "10^{\(exponent)}"
            t = "$" + t + "$"
        }
        return t
    }
}
