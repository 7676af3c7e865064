import Foundation

/// Long/tidy CSV (RFC 4180 quoting), doubles in round-trip form with `nan`/`inf` literals.
public struct CSVTable {
    public let header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    public mutating func append(_ cells: [TableCell]) {
        precondition(cells.count == header.count)
        rows.append(cells.map(\.text))
    }

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
                } else { current.append(ch) }
            } else if ch == "\"" { quoted = true }
            else if ch == "," { fields.append(current); current = "" }
            else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

