import RibbonCore

/// A phase diagram people can read at a glance, as Markdown or LaTeX tables: for every combination of the
/// other knobs, a rows × columns grid of HR verdicts with K_ε (dense mode), or of the exact boundary value
/// (boundary mode). Rows default to the spectrum's shape (slope c, α, or the spectrum file), columns to
/// steps T (ratio r when steps is the traced axis); any two parameter columns can be chosen instead.
public struct PhaseMap {
    /// Markdown tables, or LaTeX tables (booktabs; ■ needs amssymb) for a paper.
    public enum Style: String, Sendable, CaseIterable { case markdown, latex }

    let schema: ScanSchema
    /// Significant digits of boundary values.
    let digits: Int
    /// The parameter columns on the rows and columns of each table (nil: the defaults, chosen per row).
    let rowKnob: String?
    let columnKnob: String?
    private var groups: [(key: String, shapes: [String], steps: [String], cells: [String: String])] = []
    /// The row and column knobs actually used (for the labels).
    private var used: (row: String, column: String)? = nil
    /// The searched range of the traced axis (boundary mode), read from the rows.
    private var searched: (from: String, to: String)? = nil

    /// The knobs a map can put on its rows or columns: the scan's parameter columns but the index and the traced axis.
    public static func knobs(schema: ScanSchema) -> [String] { schema.parameterColumns.filter { $0 != "index" } }

    /// The symbol of a knob in labels: c, α, T, r, …; the column name for the others.
    static func symbol(_ knob: String) -> String {
        [
            "slope": "c", "alpha": "α", "steps": "T", "ratio": "r", "eta": "η", "sigma0": "σ₀", "rho": "ρ*",
            "epsilon": "ε", "dim": "d", "lambda1": "λ₁", "batch": "B", "label_noise": "σ_ε",
        ][knob] ?? knob
    }

    /// The symbol of a knob in LaTeX math mode.
    static func latexSymbol(_ knob: String) -> String {
        [
            "slope": "c", "alpha": "\\alpha", "steps": "T", "ratio": "r", "eta": "\\eta", "sigma0": "\\sigma_0",
            "rho": "\\rho^*", "epsilon": "\\varepsilon", "dim": "d", "lambda1": "\\lambda_1", "batch": "B",
            "label_noise": "\\sigma_\\varepsilon",
        ][knob] ?? "\\text{\(knob.replacingOccurrences(of: "_", with: "\\_"))}"
    }

    /// An empty map for rows laid out by `schema`; boundary values get `digits` significant digits. `rows` and
    /// `columns` name the parameter columns on the two axes (validated: two different `knobs(schema:)`).
    public init(schema: ScanSchema, digits: Int = 4, rows: String? = nil, columns: String? = nil) throws(RibbonError) {
        let allowed = Self.knobs(schema: schema)
        for knob in [rows, columns].compactMap({ $0 }) where !allowed.contains(knob) {
            throw RibbonError(
                .invalidParameter,
                "'\(knob)' is not a knob of this scan's map; allowed: \(allowed.joined(separator: ", "))")
        }
        if let rows, rows == columns {
            throw RibbonError(
                .invalidParameter, "the map needs two different knobs on its rows and columns (got '\(rows)' twice)")
        }
        self.schema = schema
        self.digits = digits
        rowKnob = rows
        columnKnob = columns
    }

    /// Adds computed rows (parameters + results, as written to the table).
    public mutating func add(_ rows: [[TableCell]]) {
        let columns = schema.columns
        func cell(_ row: [TableCell], _ name: String) -> String { row[columns.firstIndex(of: name)!].text }
        for row in rows {
            let defaultRow =
                schema.tracedAxis == .slope || !cell(row, "slope").isEmpty
                ? "slope" : !cell(row, "alpha").isEmpty ? "alpha" : "spectrum"
            let rowName = rowKnob ?? (columnKnob == defaultRow ? "spectrum" : defaultRow)
            let defaultColumn = schema.tracedAxis == .steps ? "ratio" : "steps"
            let columnName =
                columnKnob
                ?? (rowName == defaultColumn ? (defaultColumn == "steps" ? "ratio" : "steps") : defaultColumn)
            if used == nil { used = (rowName, columnName) }
            // Every other knob that can vary names the table the point belongs to.
            let key = [
                "spectrum", "target", "slope", "alpha", "steps", "ratio", "eta", "sigma0", "rho", "epsilon", "dim",
                "batch", "label_noise",
            ].filter { $0 != columnName && $0 != rowName && columns.contains($0) && !cell(row, $0).isEmpty }
                .filter { $0 != "label_noise" || !cell(row, "batch").isEmpty }  // label noise acts with SGD only
                .map { name in "\(name)=\(Double(cell(row, name)).map(NumberFormat.compact) ?? cell(row, name))" }
                .joined(separator: "  ")
            let shape = rowName == schema.tracedAxis?.rawValue ? "–" : cell(row, rowName)
            let steps = cell(row, columnName)
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
        let (rowName, columnKnobName) = used ?? ("slope", schema.tracedAxis == .steps ? "ratio" : "steps")
        let rowSymbol = Self.symbol(rowName), columnName = Self.symbol(columnKnobName)
        func described(_ knob: String) -> String {
            let symbol = Self.symbol(knob)
            return symbol == knob ? knob : "\(knob) \(symbol)"
        }
        let range = searched.map { " in [\($0.from), \($0.to)]" } ?? " in the searched range"
        let legend =
            schema.mode == .dense
            ? "Phase map: ■ = hyper-ribbon, · = not; the number is K_ε (modes holding all but ε of the variance). Rows: \(described(rowName)), columns: \(described(columnKnobName))."
            : "Boundary map: exact \(schema.tracedAxis!.rawValue) where HR flips (outermost flip; * = several flips; always/never = no flip\(range)). Rows: \(described(rowName)), columns: \(described(columnKnobName))."
        func label(_ shape: String) -> String { Double(shape).map(NumberFormat.compact) ?? shape }
        func heading(_ step: String) -> String { NumberFormat.compact(Double(step) ?? .nan) }
        switch style {
        case .markdown:
            var out = legend + "\n"
            for g in groups {
                out +=
                    "\n### \(g.key.isEmpty ? "all points" : g.key)\n\n| \(rowSymbol) \\ \(columnName) | "
                    + g.steps.map(heading).joined(separator: " | ") + " |\n"
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
                    "$\(Self.latexSymbol(rowName)) \\backslash \(Self.latexSymbol(columnKnobName))$ & "
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

    /// A map cell or label in LaTeX: special characters escaped (as in `--format latex` rows), the verdict marks
    /// as math symbols, exponents as powers of ten.
    static func latex(_ text: String) -> String {
        var t = RowFormat.latexEscaped(text).replacingOccurrences(of: "  ", with: ", ")
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
