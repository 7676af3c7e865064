import RibbonCore

/// The `--format markdown` and `--format latex` rows of a scan: a table for people (a report, a paper's
/// appendix), so it may show a chosen subset of columns with numbers at a few significant digits. CSV and
/// JSON Lines always keep every column at full precision: `--resume`, `merge` and programs read those.
public struct PaperRows: Sendable {
    /// Positions of the shown columns among the schema's columns.
    let positions: [Int]
    /// Their names.
    public let names: [String]
    /// Significant digits of numbers.
    let digits: Int
    /// Markdown or LaTeX.
    let style: RowFormat

    /// - Parameters:
    ///   - columns: every column of the scan, in order.
    ///   - selecting: the columns to show, in the order given (nil: all); each must be one of `columns`.
    ///   - digits: significant digits of numbers (1…17).
    ///   - style: `.markdown` or `.latex`.
    public init(columns: [String], selecting: [String]?, digits: Int, style: RowFormat) throws(RibbonError) {
        precondition(style == .markdown || style == .latex)
        self.style = style
        var positions: [Int] = []
        for name in selecting ?? columns {
            guard let p = columns.firstIndex(of: name) else {
                throw RibbonError(
                    .invalidParameter,
                    "'\(name)' is not a column of this scan; allowed: \(columns.joined(separator: ", "))")
            }
            positions.append(p)
        }
        guard !positions.isEmpty else { throw RibbonError(.invalidParameter, "the column list is empty") }
        self.positions = positions
        names = positions.map { columns[$0] }
        self.digits = digits
    }

    /// The header and rule lines.
    public var header: String { style.header(columns: names) }

    /// One row (newline included): the shown cells, numbers at `digits` significant digits.
    public func line(_ cells: [TableCell]) -> String {
        let shown = positions.map { p -> TableCell in
            if case .number(let x?) = cells[p] { return .text(NumberFormat.short(x, digits: digits)) }
            return cells[p]
        }
        return style.line(columns: names, cells: shown)
    }
}
