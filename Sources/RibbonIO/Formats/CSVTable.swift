import Foundation

/// Long/tidy CSV (RFC 4180 quoting), doubles in round-trip form with `nan`/`inf` literals.
public struct CSVTable {
    /// Column names.
    public let header: [String]
    /// Rows appended so far, as cell text (escaped only when rendered).
    public private(set) var rows: [[String]] = []

    /// An empty table with these columns.
    public init(header: [String]) { self.header = header }

    /// Appends a row; it must have one cell per column.
    public mutating func append(_ cells: [TableCell]) {
        precondition(cells.count == header.count)
        rows.append(cells.map(\.text))
    }

    /// The header and every row, one line each, ending with a newline.
    public func render() -> String {
        ([header] + rows).map { $0.map(Self.escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Splits one CSV line into fields (RFC 4180 quoting).
    public static func fields(_ line: Substring) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        while let ch = chars.next() {
            if quoted {
                if ch == "\"" {
                    var lookahead = chars
                    if lookahead.next() == "\"" { current.append("\""); chars = lookahead } else { quoted = false }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" {
                quoted = true
            } else if ch == "," {
                fields.append(current); current = ""
            } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
