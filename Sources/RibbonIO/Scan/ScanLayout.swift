import RibbonCore

/// What the scan machinery (``ScanRunner``, ``ScanRowChecker``, ``ScanSidecar``, ``ShardMerger``) needs to know
/// about one kind of scan: how many points, which columns and of what kind, the parameter cells of a point, what a
/// failed point writes, and what identifies the table in its sidecar.
///
/// Why a protocol: both theory families scan grids — the hyper-ribbon phase diagram (``HyperRibbonScanLayout``) and
/// the BBP outlier transition (``BBPScanLayout``) — and both need the same guarantees (rows in index order for any
/// thread count, checksums, `--resume` that repairs, `--shard` and `merge`). One scan loop serves both.
public protocol ScanLayout: Sendable {
    /// Number of grid points; indices run over 0..<count.
    var count: Int { get }
    /// Columns that identify a point, `index` first (resume and merge match rows on these).
    var parameterColumns: [String] { get }
    /// Columns after the parameters, `status` (ok or error) and its message first.
    var resultColumns: [String] { get }
    /// The kind of every result column, in order (for reading rows back).
    var resultKinds: [ScanCellKind] { get }
    /// What each column means, with its tag, for the sidecar and the docs.
    var columnDocumentation: [(String, String)] { get }
    /// The parameter cells of point `index`.
    func parameterCells(at index: Int) -> [TableCell]
    /// The result cells of a point that failed with `message`.
    func failureCells(_ message: String) -> [TableCell]
    /// How many consecutive points `--shard k/n` deals to one shard at a time.
    func shardRun(shards n: Int) -> Int
    /// The sidecar's `mode`: which kind of table this is.
    var mode: String { get }
    /// The sidecar's `grid`: every axis exactly, so that `merge` can rebuild the layout from it.
    var gridJSON: JSONValue { get }
    /// The sidecar's `conventions`.
    var conventionsJSON: JSONValue { get }
    /// The nesting of the axes behind an index (files of another order are not mixed).
    var gridOrder: Int { get }
}

extension ScanLayout {
    /// All columns, parameters first.
    public var columns: [String] { parameterColumns + resultColumns }
}

/// The kind of a result cell, for reading rows back (`--resume`, `merge`).
public enum ScanCellKind: Sendable { case number, integer, bool, text }
