import Foundation
import RibbonCore

/// Reads a 2-D float64 array from NumPy's `.npy` format (versions 1.0, 2.0 and 3.0), without NumPy.
///
/// Only what `numpy.save` writes for an (n, d) float64 array is accepted: dtype `<f8` (little-endian),
/// C order, two dimensions. Anything else is refused with what is allowed, rather than converted: a
/// silent cast (float32, integers) or transpose (Fortran order) would change the spectrum computed.
public enum NpyReader {
    /// The first six bytes of every .npy file.
    public static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// Whether `data` starts with the .npy magic string.
    public static func isNpy(_ data: Data) -> Bool { data.starts(with: magic) }

    /// The array in `data` (a whole .npy file); `source` names the file in messages.
    public static func read(_ data: Data, source: String) throws(RibbonError) -> DataMatrix {
        func bad(_ what: String) -> RibbonError { RibbonError(.invalidInput, "\(source): \(what)") }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.starts(with: magic), bytes.count >= 10 else { throw bad("not a .npy file (no \\x93NUMPY magic)") }
        let major = bytes[6], minor = bytes[7]
        let headerLength: Int, start: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw bad("truncated .npy header") }
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            start = 12
        default:
            throw bad(".npy version \(major).\(minor); allowed: 1.0, 2.0, 3.0")
        }
        guard data.count >= start + headerLength else { throw bad("truncated .npy header") }
        let headerBytes = data.subdata(in: data.startIndex + start..<data.startIndex + start + headerLength)
        // Versions 1 and 2 write the header in Latin-1, version 3 in UTF-8.
        guard let text = String(data: headerBytes, encoding: major == 3 ? .utf8 : .isoLatin1) else {
            throw bad("the .npy header is not text")
        }
        let header: [(String, Literal)]
        do { header = try Literal.parseDictionary(text) } catch {
            throw bad("unreadable .npy header (\(error.reason))")
        }
        func value(_ key: String) throws(RibbonError) -> Literal {
            guard let v = header.first(where: { $0.0 == key })?.1 else { throw bad("the .npy header has no '\(key)'") }
            return v
        }
        let descr = try value("descr")
        guard case .string(let dtype) = descr else {
            throw bad("a structured dtype \(descr.shown); allowed: float64 little-endian ('<f8')")
        }
        guard dtype == "<f8" else { throw bad("dtype '\(dtype)'; allowed: float64 little-endian ('<f8')") }
        guard case .bool(let fortran) = try value("fortran_order") else { throw bad("fortran_order is not True/False") }
        guard !fortran else {
            throw bad("Fortran order (fortran_order: True); allowed: C order (save numpy.ascontiguousarray(X))")
        }
        let shape = try value("shape")
        guard case .tuple(let dims) = shape, dims.count == 2, case .integer(let n) = dims[0],
            case .integer(let d) = dims[1]
        else { throw bad("shape \(shape.shown); allowed: a 2-D array of shape (n, d): n samples × d features") }
        let (count, overflow) = n.multipliedReportingOverflow(by: d)
        guard !overflow, count <= Int.max / 8 else { throw bad("shape (\(n), \(d)) is too large") }
        let offset = start + headerLength
        guard data.count - offset == count * 8 else {
            throw bad(
                "\(data.count - offset) data bytes; shape (\(n), \(d)) of float64 needs \(count * 8) (truncated or not one array)"
            )
        }
        var values = [Double](repeating: 0, count: count)
        values.withUnsafeMutableBytes { out in
            data.withUnsafeBytes { raw in
                out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<offset + count * 8]))
            }
        }
        #if _endian(big)
            for i in values.indices { values[i] = Double(bitPattern: UInt64(littleEndian: values[i].bitPattern)) }
        #endif
        return try DataMatrix(rows: n, columns: d, values: values, source: source)
    }

    /// The Python literals a .npy header holds: a dict of strings, booleans, integers, tuples (and lists,
    /// for structured dtypes, which are then refused).
    indirect enum Literal: Equatable {
        case string(String), bool(Bool), none, integer(Int), tuple([Literal]), list([Literal])

        struct ParseError: Error { let reason: String }

        /// How the header wrote it, for messages.
        var shown: String {
            switch self {
            case .string(let s): return "'\(s)'"
            case .bool(let b): return b ? "True" : "False"
            case .none: return "None"
            case .integer(let i): return String(i)
            case .tuple(let items):
                return "(" + items.map(\.shown).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
            case .list(let items): return "[" + items.map(\.shown).joined(separator: ", ") + "]"
            }
        }

        /// Parses `{'key': value, ...}` (trailing comma and surrounding whitespace allowed).
        static func parseDictionary(_ text: String) throws(ParseError) -> [(String, Literal)] {
            var p = Parser(chars: Array(text.unicodeScalars))
            p.skipSpace()
            try p.expect("{")
            var members: [(String, Literal)] = []
            while true {
                p.skipSpace()
                if p.peek == "}" { p.index += 1; break }
                guard case .string(let key) = try p.value() else { throw ParseError(reason: "a key is not a string") }
                p.skipSpace()
                try p.expect(":")
                members.append((key, try p.value()))
                p.skipSpace()
                if p.peek == "," { p.index += 1; continue }
                try p.expect("}")
                break
            }
            p.skipSpace()
            guard p.index == p.chars.count else { throw ParseError(reason: "text after the dictionary") }
            return members
        }

        private struct Parser {
            let chars: [Unicode.Scalar]
            var index = 0
            var peek: Unicode.Scalar? { index < chars.count ? chars[index] : nil }

            mutating func skipSpace() {
                while let c = peek, c.properties.isWhitespace { index += 1 }
            }

            mutating func expect(_ c: Unicode.Scalar) throws(ParseError) {
                guard peek == c else { throw ParseError(reason: "expected '\(c)' at character \(index + 1)") }
                index += 1
            }

            mutating func value() throws(ParseError) -> Literal {
                skipSpace()
                guard let c = peek else { throw ParseError(reason: "unexpected end") }
                switch c {
                case "'", "\"":
                    index += 1
                    var s = ""
                    while let ch = peek, ch != c {
                        if ch == "\\" { throw ParseError(reason: "escapes in strings are not supported") }
                        s.unicodeScalars.append(ch)
                        index += 1
                    }
                    try expect(c)
                    return .string(s)
                case "(", "[":
                    index += 1
                    let close: Unicode.Scalar = c == "(" ? ")" : "]"
                    var items: [Literal] = []
                    while true {
                        skipSpace()
                        if peek == close { index += 1; break }
                        items.append(try value())
                        skipSpace()
                        if peek == "," { index += 1; continue }
                        try expect(close)
                        break
                    }
                    return c == "(" ? .tuple(items) : .list(items)
                default:
                    var word = ""
                    while let ch = peek,
                        ch.properties.isAlphabetic || ("0"..."9").contains(ch) || ch == "-" || ch == "_"
                    {
                        word.unicodeScalars.append(ch)
                        index += 1
                    }
                    switch word {
                    case "True": return .bool(true)
                    case "False": return .bool(false)
                    case "None": return .none
                    default:
                        // Python 2 era files may write 3L for a long integer.
                        let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                        guard let i = Int(digits) else {
                            throw ParseError(reason: "unexpected '\(word.isEmpty ? String(c) : word)'")
                        }
                        return .integer(i)
                    }
                }
            }
        }
    }
}
