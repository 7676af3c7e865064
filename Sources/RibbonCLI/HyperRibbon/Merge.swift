import ArgumentParser
import Foundation
import RibbonIO

/// `ribbon merge`: joins the shard files of a scan into one table.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the shard files of a scan (--shard k/n) into the table one run would write.",
        discussion:
            "Rows are put in grid-index order. Every row is checked like --resume checks it (form, grid point, checksums in FILE.checksums); a damaged shard, shards that overlap, or shards whose sidecars disagree on grid, format, columns or conventions are refused (exit 2) naming the file and line. The merged sidecar records the grid exactly, so the merged file can be resumed."
    )

    @Option(help: ArgumentHelp("The merged table (and its .meta.json).", valueName: "FILE"))
    var output: String

    @Flag(help: "Merge even when some grid points are missing.")
    var allowIncomplete = false

    @Argument(help: "Shard files written by `ribbon scan --shard k/n --output FILE`.")
    var shards: [String]

    func run() throws {
        let lock = try OutputLock(output: output)
        defer { withExtendedLifetime(lock) {} }
        let result = try ShardMerger.merge(
            shards, output: output, allowIncomplete: allowIncomplete, metadata: RunMetadata())
        if !result.unchecked.isEmpty {
            FileHandle.standardError.write(
                Data(
                    "merge: no checksum file for \(result.unchecked.joined(separator: ", ")); those rows were checked for form and grid point only\n"
                        .utf8))
        }
        FileHandle.standardError.write(
            Data(
                "merge: \(result.rows) rows from \(shards.count) shards (\(result.missing) missing) → \(output)\n".utf8)
        )
    }
}
