import Foundation
import RibbonCore

/// The `.meta.json` sidecar of a scan: what identifies the table (grid, mode, columns, format,
/// conventions, shard) and how it was produced. `--resume` and `merge` refuse files whose identity
/// differs, so rows made under other conventions are never mixed.
public struct ScanSidecar {
    /// The scan's grid and columns.
    public let layout: any ScanLayout
    /// The row format of the table.
    public let format: RowFormat
    /// The shard this table holds.
    public let shard: Shard
    /// Extra identity (e.g. the boundary solver's range and scan points).
    public let settings: [(String, JSONValue)]

    /// A sidecar; `settings` are extra identity members.
    public init(layout: any ScanLayout, format: RowFormat, shard: Shard, settings: [(String, JSONValue)]) {
        self.layout = layout
        self.format = format
        self.shard = shard
        self.settings = settings
    }

    /// The shard as recorded: k, n and the run of consecutive points dealt together.
    var shardJSON: JSONValue {
        .object([("k", .integer(shard.k)), ("n", .integer(shard.n)), ("run", .integer(shard.run))])
    }

    /// The members that must agree between a file and a run that resumes or merges it.
    public var identity: [(String, JSONValue)] {
        [
            ("mode", .string(layout.mode)), ("format", .string(format.rawValue)),
            ("columns", .array(layout.columns.map(JSONValue.string))), ("grid", layout.gridJSON),
            ("conventions", layout.conventionsJSON), ("grid_order", .integer(layout.gridOrder)),
        ] + settings
    }

    /// The whole sidecar: provenance, `status`, identity, shard, column meanings, thread count and, if given,
    /// the run summary.
    public func document(
        metadata: RunMetadata, status: String, summary: ScanRunner.Summary?, jobs: Int, error: String? = nil
    ) -> JSONValue {
        var extra: [(String, JSONValue)] = [("status", .string(status))]
        if let error { extra.append(("error", .string(error))) }
        extra += identity
        extra.append(("shard", shardJSON))
        extra.append(("column_meanings", .object(layout.columnDocumentation.map { ($0.0, JSONValue.string($0.1)) })))
        extra.append(("jobs", .integer(jobs)))
        if let s = summary {
            extra.append(
                (
                    "points",
                    .object([
                        ("in_shard", .integer(s.planned)), ("reused", .integer(s.reused)),
                        ("computed", .integer(s.computed)), ("failed", .integer(s.failed)),
                    ])
                ))
            extra.append(("elapsed_seconds", .number(s.elapsed)))
        }
        return metadata.json(extra: extra)
    }

    /// Writes `document` to the sidecar path of `path` (`path.meta.json`).
    public func write(
        to path: String, metadata: RunMetadata, status: String, summary: ScanRunner.Summary?, jobs: Int,
        error: String? = nil
    ) throws(RibbonError) {
        try OutputFile.write(
            document(metadata: metadata, status: status, summary: summary, jobs: jobs, error: error).serialized(
                pretty: true) + "\n",
            to: OutputFile.sidecarPath(for: path))
    }

    /// Throws unless the sidecar at `path.meta.json` has this scan's identity (and shard, if `checkShard`),
    /// compared exactly (the sidecar is read with ``JSONValue/parse(_:)``, which keeps every double).
    public func checkCompatible(with path: String, checkShard: Bool) throws(RibbonError) {
        let existing: JSONValue
        do { existing = try Self.document(of: path) } catch {
            throw RibbonError(.invalidInput, "\(error.message); refusing to resume")
        }
        var expected = identity
        if checkShard { expected.append(("shard", shardJSON)) }
        for (key, value) in expected where existing[key]?.serialized() != value.serialized() {
            throw RibbonError(
                .invalidInput,
                "'\(path)' was made with a different \(key) than this run; refusing to mix (use a new output file)")
        }
    }
}
