import RibbonCore

/// Reading JSON back exactly.
///
/// Why not Foundation's JSONSerialization: it rounds some doubles (0.07979797979797981 reads back as
/// …78), so a sidecar read and written again no longer names the same grid, and `--resume` of a merged
/// file was refused. Here numbers go through Swift's `Double(String)`, which is correctly rounded, so
/// every double ribbon wrote (shortest round-trip form) reads back bit for bit; object key order is kept.
extension JSONValue {
    /// Parses one JSON document (RFC 8259; integers without fraction or exponent become `.integer` when
    /// they fit in Int). Throws `.invalidInput` naming the byte offset of the first error.
    public static func parse(_ text: String) throws(RibbonError) -> JSONValue {
        var parser = Parser(bytes: Array(text.utf8))
        parser.skipSpace()
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("trailing characters") }
        return value
    }

    /// The member `key` of an object (nil for other values or a missing key).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The value as a double (numbers and integers; the strings "nan", "inf", "-inf" ribbon writes for
    /// non-finite values).
    public var doubleValue: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        case .string(let s) where ["nan", "inf", "-inf"].contains(s): return Double(s)
        default: return nil
        }
    }

    /// The value as an integer (integers only).
    public var intValue: Int? { if case .integer(let i) = self { return i }; return nil }

    /// The value as a string (strings only).
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    /// The elements of an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        func error(_ what: String) -> RibbonError {
            RibbonError(.invalidInput, "invalid JSON at byte \(position): \(what)")
        }

        mutating func skipSpace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func expect(_ literal: String) throws(RibbonError) {
            let l = Array(literal.utf8)
            guard position + l.count <= bytes.count, Array(bytes[position..<(position + l.count)]) == l else {
                throw error("expected \(literal)")
            }
            position += l.count
        }

        mutating func value(depth: Int) throws(RibbonError) -> JSONValue {
            guard depth < 512 else { throw error("nested too deeply") }
            guard position < bytes.count else { throw error("unexpected end") }
            switch bytes[position] {
            case UInt8(ascii: "n"): try expect("null"); return .null
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "["):
                position += 1
                var items: [JSONValue] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard position < bytes.count else { throw error("unterminated array") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                    throw error("expected , or ]")
                }
            case UInt8(ascii: "{"):
                position += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                    position += 1; return .object(members)
                }
                while true {
                    skipSpace()
                    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                        throw error("expected a key")
                    }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard position < bytes.count else { throw error("unterminated object") }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                    throw error("expected , or }")
                }
            default: return try number()
            }
        }

        mutating func number() throws(RibbonError) -> JSONValue {
            let start = position
            var integral = true
            while position < bytes.count {
                let b = bytes[position]
                if (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-")
                    || b == UInt8(ascii: "+")
                {
                    position += 1
                } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                    integral = false
                    position += 1
                } else {
                    break
                }
            }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty else { throw error("unexpected character") }
            if integral, let i = Int(text) { return .integer(i) }
            guard let d = Double(text), d.isFinite else { throw error("bad number '\(text.prefix(40))'") }
            return .number(d)
        }

        mutating func string() throws(RibbonError) -> String {
            position += 1  // opening quote
            var out: [UInt8] = []
            while position < bytes.count {
                let b = bytes[position]
                position += 1
                switch b {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard position < bytes.count else { throw error("unterminated escape") }
                    let e = bytes[position]
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if code >= 0xD800 && code < 0xDC00 {  // surrogate pair
                            try expect("\\u")
                            let low = try hex4()
                            guard low >= 0xDC00 && low < 0xE000 else { throw error("bad surrogate pair") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("bad \\u escape") }
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    default: throw error("bad escape")
                    }
                case 0..<0x20: throw error("control character in a string")
                default: out.append(b)
                }
            }
            throw error("unterminated string")
        }

        mutating func hex4() throws(RibbonError) -> UInt32 {
            guard position + 4 <= bytes.count,
                let v = UInt32(String(decoding: bytes[position..<(position + 4)], as: UTF8.self), radix: 16)
            else {
                throw error("bad \\u escape")
            }
            position += 4
            return v
        }
    }
}
