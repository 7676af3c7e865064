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

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

