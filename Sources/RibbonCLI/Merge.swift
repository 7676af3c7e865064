import ArgumentParser
import Foundation
import RibbonIO

/// `ribbon merge`: joins the shard files of a scan into one table.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the shard files of a scan (--shard k/n) into the table one run would write.",
        discussion: "Rows are put in grid-index order; shards that overlap, or whose sidecars disagree on grid, format, columns or conventions, are refused."
    )

    @Option(help: ArgumentHelp("The merged table (and its .meta.json).", valueName: "FILE"))
    var output: String

    @Flag(help: "Merge even when some grid points are missing.")
    var allowIncomplete = false

    @Argument(help: "Shard files written by `ribbon scan --shard k/n --output FILE`.")
    var shards: [String]

    func run() throws {
        let result = try ShardMerger.merge(shards, allowIncomplete: allowIncomplete, metadata: RunMetadata())
        try OutputFile.write(result.text, to: output)
        try OutputFile.write(result.sidecar.serialized(pretty: true) + "\n", to: OutputFile.sidecarPath(for: output))
        FileHandle.standardError.write(Data("merge: \(result.rows) rows from \(shards.count) shards (\(result.missing) missing) → \(output)\n".utf8))
    }
}
