/// One typed cell of a result row, rendered the same way in CSV, JSON Lines and Markdown:
/// doubles round-trip, missing values are empty (CSV) or null (JSON).
public enum TableCell: Sendable, Equatable {
    /// Text, written as is.
    case text(String)
    /// A double in round-trip form; nil when missing.
    case number(Double?)
    /// An integer; nil when missing.
    case integer(Int?)
    /// `true` or `false`; nil when missing.
    case bool(Bool?)

    /// CSV / Markdown text: `nan`/`inf` literals, empty when missing.
    public var text: String {
        switch self {
        case .text(let s): return s
        case .number(let d): return d.map(NumberFormat.roundTrip) ?? ""
        case .integer(let i): return i.map(String.init) ?? ""
        case .bool(let b): return b.map { $0 ? "true" : "false" } ?? ""
        }
    }

    /// A whole-number double (a step count such as 1e6) as an integer, else as a double: counts stay integers.
    public static func count(_ x: Double) -> TableCell {
        if let i = Int(exactly: x) { return .integer(i) }
        return .number(x)
    }

    /// The cell as JSON: a string, number or boolean, or null when missing (an empty text is missing, as in CSV).
    public var json: JSONValue {
        switch self {
        case .text(let s): return s.isEmpty ? .null : .string(s)
        case .number(let d): return .optional(d)
        case .integer(let i): return i.map(JSONValue.integer) ?? .null
        case .bool(let b): return b.map(JSONValue.bool) ?? .null
        }
    }
}
