/// An n × d data matrix X: n samples in rows, d features in columns, stored row-major (C order).
///
/// Why a type: the readers (CSV, .npy) and the spectrum computation agree on one validated shape, so the
/// eigenvalue code never meets a ragged, empty or non-finite matrix.
public struct DataMatrix: Sendable, Equatable {
    /// The number of samples n.
    public let rows: Int
    /// The number of features d.
    public let columns: Int
    /// The entries, row after row: X_ij is `values[i * columns + j]`.
    public let values: [Double]

    /// A matrix of `rows` × `columns` finite entries in row-major order; `source` names it in messages.
    public init(rows: Int, columns: Int, values: [Double], source: String) throws(RibbonError) {
        guard rows >= 1, columns >= 1 else {
            throw RibbonError(.invalidInput, "\(source): a data matrix needs at least one row and one column")
        }
        guard values.count == rows * columns else {
            throw RibbonError(
                .invalidInput,
                "\(source): \(values.count) entries for a \(rows) × \(columns) matrix (expected \(rows * columns))")
        }
        if let k = values.firstIndex(where: { !$0.isFinite }) {
            throw RibbonError(
                .invalidInput,
                "\(source): entry (row \(k / columns + 1), column \(k % columns + 1)) is \(values[k]); every entry must be a finite number"
            )
        }
        self.rows = rows
        self.columns = columns
        self.values = values
    }
}
