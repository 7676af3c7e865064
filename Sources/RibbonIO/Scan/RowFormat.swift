import Foundation

/// How scan rows are written: CSV (long/tidy, with a header), JSON Lines (one object per line,
/// the same keys), or a table for people: Markdown, or LaTeX (a booktabs tabular). Rows are self-contained
/// lines, so a CSV or JSON Lines file cut between two lines is still valid and can be resumed.
public enum RowFormat: String, Sendable, CaseIterable {
    case csv, jsonl, markdown, latex

    /// The file extension conventionally used.
    public var fileExtension: String {
        switch self {
        case .markdown: return "md"
        case .latex: return "tex"
        default: return rawValue
        }
    }

    /// Whether `--resume` and `merge` can read this format back.
    public var isResumable: Bool { self == .csv || self == .jsonl }

    /// The text written after the last row: the end of a LaTeX tabular, nothing otherwise.
    public var trailer: String { self == .latex ? "\\bottomrule\n\\end{tabular}\n" : "" }

    /// Text in a LaTeX cell: the characters LaTeX treats specially escaped.
    static func latexEscaped(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "_", "&", "%", "#", "$", "{", "}": out += "\\" + String(c)
            case "\\": out += "\\textbackslash{}"
            default: out.append(c)
            }
        }
        return out
    }

    /// The text written before the first row: the CSV header line, the Markdown header and rule, or nothing
    /// for JSON Lines.
    public func header(columns: [String]) -> String {
        switch self {
        case .csv: return columns.map(CSVTable.escape).joined(separator: ",") + "\n"
        case .jsonl: return ""
        case .markdown:
            return "| " + columns.joined(separator: " | ") + " |\n|" + columns.map { _ in "---|" }.joined() + "\n"
        case .latex:
            return "% Needs \\usepackage{booktabs}.\n\\begin{tabular}{" + String(repeating: "l", count: columns.count)
                + "}\n\\toprule\n" + columns.map(Self.latexEscaped).joined(separator: " & ") + " \\\\\n\\midrule\n"
        }
    }

    /// One row in this format, newline included.
    public func line(columns: [String], cells: [TableCell]) -> String {
        switch self {
        case .csv: return cells.map { CSVTable.escape($0.text) }.joined(separator: ",") + "\n"
        case .jsonl: return JSONValue.object(Array(zip(columns, cells.map(\.json)))).serialized() + "\n"
        case .markdown:
            return "| " + cells.map { $0.text.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ")
                + " |\n"
        case .latex:
            return cells.map { Self.latexEscaped($0.text) }.joined(separator: " & ") + " \\\\\n"
        }
    }

    /// The start of the line of a row whose first cells are `parameterCells`: an existing row
    /// belongs to the same grid point iff its line starts with this text.
    public func prefix(parameterColumns: [String], parameterCells: [TableCell]) -> String {
        switch self {
        case .csv: return parameterCells.map { CSVTable.escape($0.text) }.joined(separator: ",") + ","
        case .jsonl:
            let object = JSONValue.object(Array(zip(parameterColumns, parameterCells.map(\.json)))).serialized()
            return String(object.dropLast()) + ","
        case .markdown:
            return "| " + parameterCells.map(\.text).joined(separator: " | ") + " | "
        case .latex:
            return parameterCells.map { Self.latexEscaped($0.text) }.joined(separator: " & ") + " & "
        }
    }

    /// The grid index a row line starts with (the first column is always `index`).
    public func index(ofLine line: Substring) -> Int? {
        switch self {
        case .csv: return Int(line.prefix(while: { $0 != "," }))
        case .jsonl:
            guard line.hasPrefix("{\"index\":") else { return nil }
            return Int(line.dropFirst(9).prefix(while: { $0.isNumber }))
        case .markdown:
            return Int(line.dropFirst(2).prefix(while: { $0 != " " }))
        case .latex:
            return Int(line.prefix(while: { $0 != " " }))
        }
    }
}
