/// A plain-text table with aligned columns, for people: numbers right-aligned, text left-aligned.
public struct TextTable {
    /// Left or right alignment within a column.
    public enum Alignment { case left, right }

    /// Column titles.
    public let headers: [String]
    /// The alignment of each column.
    public let alignments: [Alignment]
    /// Rows appended so far.
    public private(set) var rows: [[String]] = []

    /// An empty table; one alignment per header.
    public init(headers: [String], alignments: [Alignment]) {
        precondition(headers.count == alignments.count)
        self.headers = headers
        self.alignments = alignments
    }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "row has \(row.count) cells, table has \(headers.count) columns")
        rows.append(row)
    }

    /// Rendered lines, each indented by `indent` spaces; columns separated by two spaces.
    public func render(indent: Int = 2) -> String {
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            let padded = cells.indices.map { c -> String in
                let pad = String(repeating: " ", count: widths[c] - cells[c].count)
                return alignments[c] == .right ? pad + cells[c] : cells[c] + pad
            }
            var text = String(repeating: " ", count: indent) + padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
