import RibbonCore

/// A phase diagram people can read at a glance, as Markdown tables: for every combination of the
/// other knobs, a slope (or α) × steps grid of HR verdicts with K_ε (dense mode), or of the exact
/// boundary value (boundary mode: columns are steps, or ratio when steps is the traced axis).
public struct PhaseMap {
    let schema: ScanSchema
    private var groups: [(key: String, shapes: [String], steps: [String], cells: [String: String])] = []

    /// An empty map for rows laid out by `schema`.
    public init(schema: ScanSchema) { self.schema = schema }

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
                verdict =
                    status == "boundary" || status == "multiple"
                    ? NumberFormat.short(Double(cell(row, "exact")) ?? .nan, digits: 4)
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

    /// The map as Markdown: a legend line, then one table per combination of the other knobs.
    public func render() -> String {
        let columnName = schema.tracedAxis == .steps ? "r" : "T"
        var out =
            schema.mode == .dense
            ? "Phase map: ■ = hyper-ribbon, · = not; the number is K_ε (modes holding all but ε of the variance). Rows: slope c (or α), columns: steps T.\n"
            : "Boundary map: exact \(schema.tracedAxis!.rawValue) where HR flips (outermost flip; * = several flips, always/never = no flip in range). Rows: slope c (or α), columns: \(columnName == "r" ? "ratio r" : "steps T").\n"
        for g in groups {
            out +=
                "\n### \(g.key)\n\n| c \\ \(columnName) | "
                + g.steps.map { NumberFormat.compact(Double($0) ?? .nan) }.joined(separator: " | ") + " |\n"
            out += "|---|" + g.steps.map { _ in "---|" }.joined() + "\n"
            for shape in g.shapes {
                out +=
                    "| \(Double(shape).map(NumberFormat.compact) ?? shape) | "
                    + g.steps.map { g.cells[shape + "|" + $0] ?? "" }.joined(separator: " | ") + " |\n"
            }
        }
        return out
    }
}
