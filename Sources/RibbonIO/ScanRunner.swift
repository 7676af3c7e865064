import Dispatch
import Foundation
import GSL
import RibbonCore

/// Runs a scan: evaluates this shard's grid points on `jobs` threads in blocks, and appends each
/// block's rows to the output in index order as soon as the block is done. The output is therefore
/// byte-identical for any `jobs`, a stopped run leaves a prefix of complete rows, and `--resume`
/// continues it to the same file an uninterrupted run writes.
public final class ScanRunner {
    /// What a run did, for the sidecar and the closing message.
    public struct Summary: Sendable {
        /// Points in this shard.
        public var planned = 0
        /// Points already in the output (`--resume`), not recomputed.
        public var reused = 0
        /// Points computed by this run.
        public var computed = 0
        /// Computed points whose row records an error.
        public var failed = 0
        /// Whether a signal stopped the run before every point was done.
        public var interrupted = false
        /// Wall-clock time of the run, in seconds.
        public var elapsed = 0.0
    }

    /// Computes the result cells of grid point `index`, using the calling thread's own eigensolver cache.
    public typealias Evaluate = @Sendable (_ index: Int, _ solvers: EigenvalueSolvers) -> [TableCell]

    let grid: ScanGrid
    let schema: ScanSchema
    let format: RowFormat
    let output: String
    let jobs: Int
    let shard: Shard
    let evaluate: Evaluate

    /// A runner writing `format` rows of this `shard` to `output` ("-" is standard output) on `jobs` threads
    /// (at least 1).
    public init(grid: ScanGrid, schema: ScanSchema, format: RowFormat, output: String, jobs: Int, shard: Shard,
                evaluate: @escaping Evaluate) {
        self.grid = grid
        self.schema = schema
        self.format = format
        self.output = output
        self.jobs = max(1, jobs)
        self.shard = shard
        self.evaluate = evaluate
    }

    /// Indices already present in an existing output file (for `--resume`), after checking that
    /// every row belongs to this grid and shard. A trailing partial line (a killed run) is cut off.
    public func existingIndices() throws(RibbonError) -> Set<Int> {
        guard output != "-", FileManager.default.fileExists(atPath: output) else { return [] }
        guard format.isResumable else { throw .parameter("--resume needs --format csv or jsonl (not markdown)") }
        guard var text = try? String(contentsOfFile: output, encoding: .utf8) else {
            throw RibbonError(.invalidInput, "cannot read '\(output)' to resume it")
        }
        if !text.isEmpty && !text.hasSuffix("\n") {
            let keep = text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
            text = String(text[..<keep])
            try OutputFile.write(text, to: output)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        let header = format.header(columns: schema.columns)
        if !header.isEmpty {
            guard let first = lines.first else { return [] }
            guard first + "\n" == header else {
                throw RibbonError(.invalidInput, "'\(output)' has other columns than this scan; refusing to mix (use a new output file)")
            }
            lines = lines.dropFirst()
        }
        var done = Set<Int>()
        for (number, line) in lines.enumerated() {
            guard let index = format.index(ofLine: line), index >= 0, index < grid.count, shard.contains(index),
                  line.hasPrefix(format.prefix(parameterColumns: schema.parameterColumns,
                                               parameterCells: schema.parameterCells(grid, index: index))) else {
                throw RibbonError(.invalidInput,
                    "'\(output)' row \(number + 1) is not a point of this grid and shard; refusing to mix (use a new output file)")
            }
            guard done.insert(index).inserted else {
                throw RibbonError(.invalidInput, "'\(output)' holds grid point \(index) twice")
            }
        }
        return done
    }

    /// Computes every pending point and appends its row. Checks `interrupt` between blocks.
    ///
    /// `onRows` sees every computed block's rows in index order (e.g. to build a phase map).
    public func run(skipping done: Set<Int>, interrupt: InterruptFlag?, progress: Bool,
                    onRows: (([[TableCell]]) -> Void)? = nil) throws(RibbonError) -> Summary {
        let started = Date()
        var summary = Summary()
        let mine = Array(shard.indices(count: grid.count))
        let pending = mine.filter { !done.contains($0) }
        summary.planned = mine.count
        summary.reused = mine.count - pending.count

        let handle: FileHandle
        if output == "-" {
            handle = FileHandle.standardOutput
            handle.write(Data(format.header(columns: schema.columns).utf8))
        } else {
            let exists = FileManager.default.fileExists(atPath: output)
            if !exists || done.isEmpty {
                try OutputFile.write(format.header(columns: schema.columns), to: output)
            }
            guard let h = FileHandle(forWritingAtPath: output) else {
                throw RibbonError(.invalidInput, "cannot write '\(output)'; choose a writable path")
            }
            h.seekToEndOfFile()
            handle = h
        }
        defer { if output != "-" { try? handle.close() } }

        var bar = ProgressBar(total: pending.count, enabled: progress && isatty(STDERR_FILENO) == 1)
        let caches = (0..<jobs).map { _ in EigenvalueSolvers() }
        // Blocks grow while they take under a quarter second (cheap points: few idle gaps between
        // blocks) and shrink when slow (an interrupt or a resume then loses little).
        var blockSize = max(jobs * 4, 8)
        var position = 0
        while position < pending.count {
            if interrupt?.isRaised == true { summary.interrupted = true; break }
            let block = Array(pending[position..<min(position + blockSize, pending.count)])
            let blockStart = Date()
            let rows = compute(block, caches: caches)
            let seconds = Date().timeIntervalSince(blockStart)
            if seconds < 0.25 { blockSize = min(blockSize * 2, 4096) } else if seconds > 1 { blockSize = max(blockSize / 2, jobs) }
            var text = ""
            for cells in rows {
                if cells[schema.parameterColumns.count] == .text("error") { summary.failed += 1 }
                text += format.line(columns: schema.columns, cells: cells)
            }
            handle.write(Data(text.utf8))  // one write per block: rows land whole
            onRows?(rows)
            position += block.count
            summary.computed += block.count
            bar.update(done: position)
        }
        bar.update(done: position, force: true)
        bar.finish()
        summary.elapsed = Date().timeIntervalSince(started)
        return summary
    }

    /// Evaluates a block on `jobs` threads, each with its own cache; workers take the next pending point
    /// as they finish (costs vary by orders of magnitude across a grid), and every row lands at its
    /// own index, so the output does not depend on the schedule.
    private func compute(_ block: [Int], caches: [EigenvalueSolvers]) -> [[TableCell]] {
        let results = UnsafeMutableBufferPointer<[TableCell]>.allocate(capacity: block.count)
        results.initialize(repeating: [])
        defer { results.deallocate() }
        let evaluate = self.evaluate, jobs = self.jobs
        let grid = self.grid, schema = self.schema
        nonisolated(unsafe) let out = results
        nonisolated(unsafe) let workerCaches = caches
        let next = WorkCounter()
        DispatchQueue.concurrentPerform(iterations: min(jobs, block.count)) { worker in
            while true {
                let j = next.take()
                guard j < block.count else { return }
                out[j] = schema.parameterCells(grid, index: block[j]) + evaluate(block[j], workerCaches[worker])
            }
        }
        return Array(results)
    }
}

/// A shared "next index" for workers (a lock-protected counter).
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next index, then advances by one.
    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}
