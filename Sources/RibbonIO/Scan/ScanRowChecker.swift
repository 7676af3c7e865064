import RibbonCore

/// Reads one row of a scan file back and decides whether it is exactly a row this grid writes: its index
/// lies in the grid and the shard, it has every cell, its parameter cells are those of its grid point, every
/// result cell has its column's kind, and written again it gives the same bytes. (A number edited into
/// another number passes this; the checksums of ``RowJournal`` catch that.)
public struct ScanRowChecker {
    let layout: any ScanLayout
    let format: RowFormat
    let shard: Shard
    let columns: [String]
    let kinds: [ScanCellKind]

    public init(layout: any ScanLayout, format: RowFormat, shard: Shard) {
        self.layout = layout
        self.format = format
        self.shard = shard
        columns = layout.columns
        kinds = layout.resultKinds
    }

    /// The row's grid index, or why it is not a row of this grid.
    public func check(_ bytes: ArraySlice<UInt8>) -> Result<Int, RowProblem> {
        guard !bytes.contains(where: { $0 < 0x20 && $0 != 0x09 }) else {
            return .failure(.init("control characters (e.g. NUL bytes or CR)"))
        }
        let line = String(decoding: bytes, as: UTF8.self)
        guard let index = format.index(ofLine: Substring(line)) else { return .failure(.init("no grid index")) }
        guard index >= 0, index < layout.count else {
            return .failure(.init("index \(index) outside the grid's 0..<\(layout.count)"))
        }
        guard shard.contains(index) else {
            return .failure(.init("index \(index) is not in shard \(shard.description)"))
        }
        let parameters = layout.parameterCells(at: index)
        guard line.hasPrefix(format.prefix(parameterColumns: layout.parameterColumns, parameterCells: parameters))
        else {
            return .failure(.init("its parameters are not those of grid point \(index)"))
        }
        guard let texts = resultTexts(line, skipping: parameters.count) else {
            return .failure(.init("wrong number of cells or not valid \(format.rawValue)"))
        }
        let cells: [TableCell]
        if texts.first == .text("error") {
            guard case .text(let message) = texts[1] else { return .failure(.init("error row without a message")) }
            cells = layout.failureCells(message)
        } else {
            guard let typed = typed(texts) else { return .failure(.init("a cell does not have its column's kind")) }
            cells = typed
        }
        guard format.line(columns: columns, cells: parameters + cells) == line + "\n" else {
            return .failure(.init("not in the form ribbon writes (edited or damaged)"))
        }
        return .success(index)
    }

    /// The result cells as read: text for CSV fields; for JSON Lines, the decoded values (numbers, null).
    private func resultTexts(_ line: String, skipping count: Int) -> [TableCell]? {
        switch format {
        case .csv:
            let fields = CSVTable.fields(Substring(line))
            guard fields.count == columns.count else { return nil }
            return fields.dropFirst(count).map { .text($0) }
        case .jsonl:
            guard case .object(let members)? = try? JSONValue.parse(line), members.map(\.0) == columns else {
                return nil
            }
            return members.dropFirst(count).map { _, value in
                switch value {
                case .null: return .number(nil)
                case .bool(let b): return .bool(b)
                case .integer(let i): return .integer(i)
                case .number(let d): return .number(d)
                case .string(let s): return .text(s)
                default: return .text("\u{0}")  // arrays/objects never occur: fails the re-render
                }
            }
        case .markdown, .latex:
            return nil
        }
    }

    /// Cells converted to their columns' kinds (nil if one does not convert).
    private func typed(_ cells: [TableCell]) -> [TableCell]? {
        var out: [TableCell] = []
        for (cell, kind) in zip(cells, kinds) {
            switch (cell, kind) {
            case (.text(let t), .number):
                if t.isEmpty {
                    out.append(.number(nil))
                } else if let d = Double(t) {
                    out.append(.number(d))
                } else {
                    return nil
                }
            case (.text(let t), .integer):
                if t.isEmpty {
                    out.append(.integer(nil))
                } else if let i = Int(t) {
                    out.append(.integer(i))
                } else {
                    return nil
                }
            case (.text(let t), .bool):
                switch t {
                case "": out.append(.bool(nil));
                case "true": out.append(.bool(true));
                case "false": out.append(.bool(false));
                default: return nil
                }
            case (.text(let t), .text): out.append(.text(t))
            case (.number(nil), .text): out.append(.text(""))
            // JSON Lines: decoded values; strings "nan"/"inf"/"-inf" stand for non-finite numbers.
            case (.number(let d), .number): out.append(.number(d))
            case (.integer(let i?), .number): out.append(.number(Double(i)))
            case (.number(nil), .integer): out.append(.integer(nil))
            case (.integer(let i), .integer): out.append(.integer(i))
            case (.number(nil), .bool): out.append(.bool(nil))
            case (.bool(let b), .bool): out.append(.bool(b))
            default: return nil
            }
        }
        return cells.count == kinds.count ? out : nil
    }
}

/// Why a row was not accepted.
public struct RowProblem: Error, Sendable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
