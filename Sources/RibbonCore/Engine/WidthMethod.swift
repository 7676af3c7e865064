/// Which eigen-solution the exact widths use.
public enum WidthMethod: String, Sendable, Codable, CaseIterable {
    /// Dense d × d eigensolve when the kept order is small, the large-d path otherwise.
    case automatic
    /// Always the dense eigensolve of the (truncated) matrix: every variance.
    case dense
    /// Always the large-d path: low-rank factorisation and certified leading eigenvalues.
    case lowRank = "low-rank"
}
