import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// A scan's run once its layout is built, the same for `scan hr` and `scan bbp`: one writer per file, `--resume`
/// (the sidecar checked, damaged rows repaired), the sidecar before and after, interrupts, the closing line and the
/// exit code (128 + signal when interrupted; 3 when points failed, unless --keep-going).
struct ScanExecution {
    let runner: ScanRunner
    let sidecar: ScanSidecar
    let metadata: RunMetadata
    let options: ScanRunOptions

    /// Runs the scan. `onRows` sees every computed block; `afterRun` runs once the rows are written, before the
    /// closing sidecar and line (e.g. to print a phase map).
    func run(
        onRows: (([[TableCell]]) -> Void)? = nil,
        afterRun: (ScanRunner.Summary, ScanRunner.ResumeState?) throws -> Void = { _, _ in }
    ) throws {
        let output = options.output, threads = options.threads
        // One writer per output file, for the run's lifetime (released by the kernel however the run ends).
        let lock = output == "-" ? nil : try OutputLock(output: output)
        defer { withExtendedLifetime(lock) {} }
        var resumeState: ScanRunner.ResumeState? = nil
        if output != "-" && FileManager.default.fileExists(atPath: output) {
            if options.resume {
                try sidecar.checkCompatible(with: output, checkShard: true)
                let state = try runner.prepareResume()
                resumeState = state
                if !state.problems.isEmpty || state.repaired > 0 {
                    let detail = state.problems.prefix(3).joined(separator: "; ")
                    Self.say(
                        "scan --resume: kept \(state.donePrefix - state.repaired) rows, recomputed \(state.repaired) damaged or missing rows in place\(detail.isEmpty ? "" : " (\(detail))")"
                    )
                }
                if state.unchecked {
                    Self.say(
                        "scan --resume: '\(output)' has no checksum file; its rows were checked for form and grid point only"
                    )
                }
            } else if !options.force {
                throw RibbonError(
                    .invalidParameter, "'\(output)' exists; pass --resume to continue it or --force to overwrite it")
            }
        }
        if output != "-" {
            try sidecar.write(to: output, metadata: metadata, status: "running", summary: nil, jobs: threads)
        }
        let interrupt = InterruptFlag()
        interrupt.watch()
        defer { interrupt.stop() }
        let summary: ScanRunner.Summary
        do {
            summary = try runner.run(resume: resumeState, interrupt: interrupt, progress: true, onRows: onRows)
        } catch {
            // A full disk or a vanished directory: say so in the sidecar (if it can still be written), exit 2.
            if output != "-" {
                try? sidecar.write(
                    to: output, metadata: metadata, status: "failed", summary: nil, jobs: threads, error: error.message)
            }
            throw error
        }
        try afterRun(summary, resumeState)
        let status = summary.interrupted ? "interrupted" : "complete"
        if output != "-" {
            try sidecar.write(to: output, metadata: metadata, status: status, summary: summary, jobs: threads)
        }
        let rate = summary.elapsed > 0 ? Double(summary.computed) / summary.elapsed : 0
        let shard = sidecar.shard
        Self.say(
            "scan: \(summary.planned) points\(shard.n > 1 ? " in shard \(shard.description)" : ""): "
                + "\(summary.computed) computed, \(summary.reused) reused, \(summary.failed) failed, "
                + String(format: "%.2f s (%.0f points/s)", summary.elapsed, rate)
                + (output == "-" ? "" : " → \(output)"))
        if summary.interrupted {
            Self.say("scan: interrupted; the file holds complete rows only: rerun with --resume to finish")
            // 130 for SIGINT, 143 for SIGTERM.
            throw ExitCode(128 + (interrupt.signalNumber == 0 ? SIGINT : interrupt.signalNumber))
        }
        if summary.failed > 0 {
            let reasons = summary.failureReasons.sorted { $0.value > $1.value }.prefix(3)
                .map { "\($0.value) × \($0.key)" }.joined(separator: "; ")
            Self.say(
                "scan: \(summary.failed) point\(summary.failed == 1 ? "" : "s") failed (rows with status=error): \(reasons)"
            )
            // Every other row is written; the exit code says the table is not complete (3: could not be computed).
            if !options.keepGoing { throw ExitCode(3) }
        }
    }

    /// One line on standard error.
    static func say(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}
