import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// How a scan's rows are written and run (`scan hr`, `scan bbp`): the file, resuming or overwriting it, threads,
/// the shard, and whether failed points fail the run.
struct ScanRunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write rows to FILE (and FILE.meta.json); default standard output.", valueName: "FILE"))
    var output: String = "-"

    @Flag(help: "Continue FILE: keep its rows, compute only the missing points.")
    var resume = false

    @Flag(help: "Overwrite an existing FILE.")
    var force = false

    @Option(help: "Threads to use (default: all cores); the output is identical for any value.")
    var jobs: Int?

    /// The threads actually used.
    var threads: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(
        help: ArgumentHelp(
            "Compute only shard k of n (0 ≤ k < n): every n-th run of consecutive points, starting with run k (the run length, from the grid, is in the sidecar).",
            valueName: "k/n"))
    var shard: String?

    @Flag(help: "Exit 0 even when some points failed (their rows say status=error); without it such a scan exits 3.")
    var keepGoing = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1 (got \(jobs))") }
        if resume && force {
            throw ValidationError("--resume and --force conflict: continue the file or overwrite it, not both")
        }
        if (resume || force) && output == "-" { throw ValidationError("--resume and --force need --output FILE") }
    }

    /// `--shard k/n` dealing runs of `layout`'s length (the same run in every task and in `merge`).
    func shard(for layout: any ScanLayout) throws -> Shard {
        let parsed = try self.shard.map { (s) throws(RibbonError) in try Shard(parsing: s) } ?? .whole
        return parsed.with(run: layout.shardRun(shards: parsed.n))
    }
}
