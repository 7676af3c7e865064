import Dispatch
import Foundation
import RibbonCore

/// Runs a scan: evaluates this shard's grid points on `jobs` threads in blocks, and appends each
/// block's rows to the output in index order as soon as the block is done, then the block's checksum
/// (``RowJournal``). The output is therefore byte-identical for any `jobs`, a stopped run leaves a prefix of
/// complete rows, and `--resume` checks every row and continues to the same file an uninterrupted run writes.
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
        /// Why points failed: message → count (at most 20 distinct messages are kept).
        public var failureReasons: [String: Int] = [:]
        /// Whether a signal stopped the run before every point was done.
        public var interrupted = false
        /// Wall-clock time of the run, in seconds.
        public var elapsed = 0.0
    }

    /// Computes the result cells of grid point `index`, using the calling thread's own eigensolver cache.
    public typealias Evaluate = @Sendable (_ index: Int, _ solvers: EigenvalueSolvers) -> [TableCell]

    let layout: any ScanLayout
    let format: RowFormat
    let output: String
    let jobs: Int
    let shard: Shard
    let evaluate: Evaluate
    /// The columns and digits of `--format markdown` and `latex` rows (nil: every column at full precision).
    public var paperRows: PaperRows? = nil

    /// A runner writing `format` rows of this `shard` to `output` ("-" is standard output) on `jobs` threads
    /// (at least 1).
    public init(
        layout: any ScanLayout, format: RowFormat, output: String, jobs: Int, shard: Shard,
        evaluate: @escaping Evaluate
    ) {
        self.layout = layout
        self.format = format
        self.output = output
        self.jobs = max(1, jobs)
        self.shard = shard
        self.evaluate = evaluate
    }

    /// This shard's number of points.
    var shardCount: Int { shard.pointCount(of: layout.count) }

    /// The grid index at `position` in this shard's order.
    func index(at position: Int) -> Int { shard.index(at: position) }

    /// What `--resume` found and left in the output: the file now holds exactly the first `donePrefix` points
    /// of this shard, in order, each row checked.
    public struct ResumeState: Sendable {
        /// Points of this shard already in the file (a prefix of the shard's order).
        public var donePrefix = 0
        /// Rows that were damaged, missing, duplicated or out of order before the end and were recomputed in place.
        public var repaired = 0
        /// The first problems found, "line N: reason", for the report.
        public var problems: [String] = []
        /// Whether the file had no checksum file (rows then checked structurally only).
        public var unchecked = false
    }

    /// Checks every row of the existing output (structure, grid point, checksums; see ``ScanRowChecker`` and
    /// ``RowJournal``) and leaves a file holding a clean prefix of this shard in grid order, with fresh checksums:
    /// - the usual case (a killed run): rows after the last good one (cut, or written after the last checksum)
    ///   are cut off and computed again with the rest;
    /// - damaged, missing, duplicated or out-of-order rows *before* good ones are recomputed and written in
    ///   place: the file is rewritten through a temporary copy that then replaces it (a crash leaves the old
    ///   file).
    /// Memory is bounded except for the rows kept after the first problem (the rewrite case).
    public func prepareResume() throws(RibbonError) -> ResumeState {
        guard format.isResumable else { throw .parameter("--resume needs --format csv or jsonl (not markdown)") }
        let checker = ScanRowChecker(layout: layout, format: format, shard: shard)
        let journal = RowJournal.load(for: output)
        var state = ResumeState()
        state.unchecked = journal == nil
        let header = Array(format.header(columns: layout.columns).utf8)

        // Pass 1: which checksum blocks hold (feed every structurally valid row); remember which lines were
        // valid (one bit each) so that pass 2 need not check them again.
        var verifier = RowJournal.Verifier(journal ?? [])
        var headerLength = 0, tornHeader = false
        var valid: [UInt64] = []
        func isValid(_ line: Int) -> Bool {
            line / 64 < valid.count && valid[line / 64] & (1 << UInt64(line % 64)) != 0
        }
        try LineReader.forEachLine(in: output) { (lineNumber, bytes, _, partial) throws(RibbonError) in
            if lineNumber == 1 && !header.isEmpty {
                guard !partial, Array(bytes) + [0x0A] == header else {
                    // An empty or torn header: start afresh.
                    if partial || bytes.isEmpty { tornHeader = true; return false }
                    throw RibbonError(
                        .invalidInput,
                        "'\(output)' has other columns than this scan; refusing to mix (use a new output file)")
                }
                headerLength = header.count
                return true
            }
            if partial { state.problems.append("line \(lineNumber): cut off (no newline)"); return false }
            switch checker.check(bytes) {
            case .success(let i):
                verifier.feed(index: i, bytes: bytes)
                while valid.count <= lineNumber / 64 { valid.append(0) }
                valid[lineNumber / 64] |= 1 << UInt64(lineNumber % 64)
            case .failure(let problem):
                if state.problems.count < 5 { state.problems.append("line \(lineNumber): \(problem.reason)") }
            }
            return true
        }
        if tornHeader || (!header.isEmpty && headerLength == 0) { return state }
        let trusted = { (i: Int) in journal == nil || verifier.verified(i) }

        // Pass 2: the clean prefix (good rows at their shard positions, from the start), fresh checksums for it,
        // and any good rows after the first problem.
        var prefixEntries: [RowJournal.Entry] = []
        var chunk = CRC32(), chunkFirst = -1, chunkRows = 0, chunkLast = -1
        func closeChunk() {
            guard chunkRows > 0 else { return }
            prefixEntries.append(.init(first: chunkFirst, last: chunkLast, rows: chunkRows, checksum: chunk.value))
            chunk = CRC32(); chunkRows = 0
        }
        var clean = 0, cleanEnd = headerLength, prefixBroken = false
        var later: [(index: Int, offset: Int, length: Int)] = []
        var laterSeen = Set<Int>()
        var untrusted = 0
        try LineReader.forEachLine(in: output) { (lineNumber, bytes, offset, partial) throws(RibbonError) in
            if lineNumber == 1 && headerLength > 0 { return true }
            if partial { return false }
            guard isValid(lineNumber), let i = format.index(ofLine: Substring(String(decoding: bytes, as: UTF8.self)))
            else {
                prefixBroken = true
                return true
            }
            guard trusted(i) else { untrusted += 1; prefixBroken = true; return true }
            if !prefixBroken && i == index(at: clean) {
                if chunkRows == 0 { chunkFirst = i }
                chunk.update(bytes); chunk.update(CollectionOfOne(0x0A))
                chunkRows += 1; chunkLast = i
                if chunkRows == 4096 { closeChunk() }
                clean += 1
                cleanEnd = offset + bytes.count + 1
                return true
            }
            prefixBroken = true
            // A later good row: keep it unless the prefix already has it or it came before.
            let position = shard.position(of: i)
            if position >= clean && laterSeen.insert(i).inserted {
                later.append((i, offset, bytes.count))
            } else if state.problems.count < 5 {
                state.problems.append("line \(lineNumber): grid point \(i) appears again")
            }
            return true
        }
        closeChunk()
        if untrusted > 0, state.problems.count < 5 {
            state.problems.append(
                "\(untrusted) row(s) in checksum blocks that do not match (edited, damaged, or written after the last checksum)"
            )
        }
        if later.isEmpty {
            // Cut after the clean prefix; replace the checksums with those of the prefix.
            guard truncate(output, off_t(cleanEnd)) == 0 else { throw AppendFile.failure("cannot cut", output) }
            try OutputFile.write(
                RowJournal.header + prefixEntries.map(RowJournal.line).joined(), to: RowJournal.path(for: output))
            state.donePrefix = clean
            return state
        }
        try rewrite(prefixEnd: cleanEnd, prefixRows: clean, prefixEntries: prefixEntries, later: later, into: &state)
        return state
    }

    /// The rewrite case of ``prepareResume()``: the clean prefix copied, then every position up to the last
    /// good later row, from that row or recomputed, into a temporary file that then replaces the output.
    private func rewrite(
        prefixEnd: Int, prefixRows: Int, prefixEntries: [RowJournal.Entry],
        later: [(index: Int, offset: Int, length: Int)], into state: inout ResumeState
    ) throws(RibbonError) {
        let sorted = later.sorted { $0.index < $1.index }
        let lastGood = shard.position(of: sorted.last!.index)
        let keptIndices = Set(sorted.map(\.index))
        let holes = (prefixRows...lastGood).map(index(at:)).filter { !keptIndices.contains($0) }
        var recomputed: [Int: [TableCell]] = [:]
        let caches = (0..<jobs).map { _ in EigenvalueSolvers() }
        for start in stride(from: 0, to: holes.count, by: 256) {
            let block = Array(holes[start..<min(start + 256, holes.count)])
            for (i, cells) in zip(block, compute(block, caches: caches)) { recomputed[i] = cells }
        }
        let source = open(output, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw AppendFile.failure("cannot read", output) }
        defer { close(source) }
        func bytes(at offset: Int, count: Int) throws(RibbonError) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: count)
            let n = out.withUnsafeMutableBytes { pread(source, $0.baseAddress!, $0.count, off_t(offset)) }
            guard n == count else { throw AppendFile.failure("cannot read", output) }
            return out
        }
        let temporary = output + ".resume-tmp"
        let file = try AppendFile(path: temporary, truncate: true)
        let journal = try AppendFile(path: RowJournal.path(for: temporary), truncate: true)
        try journal.write(RowJournal.header + prefixEntries.map(RowJournal.line).joined())
        // The header and the clean prefix, copied in 4 MiB pieces.
        var copied = 0
        while copied < prefixEnd {
            let n = min(4 << 20, prefixEnd - copied)
            try file.write(try bytes(at: copied, count: n))
            copied += n
        }
        let writer = RowWriter(file: file, journal: journal)
        var next = 0, indices: [Int] = [], text = ""
        for p in prefixRows...lastGood {
            let i = index(at: p)
            if next < sorted.count && sorted[next].index == i {
                text +=
                    String(decoding: try bytes(at: sorted[next].offset, count: sorted[next].length), as: UTF8.self)
                    + "\n"
                next += 1
            } else {
                text += format.line(columns: layout.columns, cells: recomputed[i]!)
            }
            indices.append(i)
            if indices.count == 1024 { try writer.append(indices: indices, text: text); indices = []; text = "" }
        }
        try writer.append(indices: indices, text: text)
        try RowJournal.replace(output, with: temporary)
        state.donePrefix = lastGood + 1
        state.repaired = holes.count
    }

    /// Computes every pending point (after `resume`'s prefix) and appends its rows, each block followed by its
    /// checksum line. Checks `interrupt` between blocks. Memory does not grow with the number of points.
    ///
    /// `onRows` sees every computed block's rows in index order (e.g. to build a phase map).
    public func run(
        resume: ResumeState?, interrupt: InterruptFlag?, progress: Bool,
        onRows: (([[TableCell]]) -> Void)? = nil
    ) throws(RibbonError) -> Summary {
        let started = Date()
        var summary = Summary()
        let total = shardCount, done = resume?.donePrefix ?? 0
        summary.planned = total
        summary.reused = done

        let headerText = paperRows?.header ?? format.header(columns: layout.columns)
        let writer: RowWriter?
        if output == "-" {
            writer = nil
            FileHandle.standardOutput.write(Data(headerText.utf8))
        } else {
            // Nothing kept (a new file, --force, or a resumed file with no good row): start the file afresh.
            writer = try RowWriter(output: output, header: headerText, fresh: done == 0)
        }

        var bar = ProgressBar(total: total - done, enabled: progress && isatty(STDERR_FILENO) == 1)
        let caches = (0..<jobs).map { _ in EigenvalueSolvers() }
        // Blocks grow while they take under a quarter second (cheap points: few idle gaps between
        // blocks) and shrink when slow (an interrupt or a resume then loses little).
        var blockSize = max(jobs * 4, 8)
        var position = done
        while position < total {
            if interrupt?.isRaised == true { summary.interrupted = true; break }
            let block = (position..<min(position + blockSize, total)).map(index(at:))
            let blockStart = Date()
            let rows = compute(block, caches: caches)
            let seconds = Date().timeIntervalSince(blockStart)
            if seconds < 0.25 {
                blockSize = min(blockSize * 2, 4096)
            } else if seconds > 1 {
                blockSize = max(blockSize / 2, jobs)
            }
            var text = ""
            for cells in rows {
                if cells[layout.parameterColumns.count] == .text("error") {
                    summary.failed += 1
                    if case .text(let message) = cells[layout.parameterColumns.count + 1],
                        summary.failureReasons[message] != nil || summary.failureReasons.count < 20
                    {
                        summary.failureReasons[message, default: 0] += 1
                    }
                }
                text += paperRows?.line(cells) ?? format.line(columns: layout.columns, cells: cells)
            }
            // One write per block (rows land whole), then its checksum line.
            if let writer {
                try writer.append(indices: block, text: text)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
            onRows?(rows)
            position += block.count
            summary.computed += block.count
            bar.update(done: position - done)
        }
        if !summary.interrupted && !format.trailer.isEmpty {
            if let writer {
                try writer.appendTrailer(format.trailer)
            } else {
                FileHandle.standardOutput.write(Data(format.trailer.utf8))
            }
        }
        bar.update(done: position - done, force: true)
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
        defer {
            // Deinitialise before freeing: the rows' arrays would otherwise leak (about 1 KB per point).
            _ = results.deinitialize()
            results.deallocate()
        }
        let evaluate = self.evaluate, jobs = self.jobs
        let layout = self.layout
        nonisolated(unsafe) let out = results
        nonisolated(unsafe) let workerCaches = caches
        let next = WorkCounter()
        // Workers take runs of consecutive points, so points that differ only in the last axis (often r) meet the
        // same worker's cached `RatioFamily`; runs stay short enough to balance the threads.
        let run = max(1, min(16, block.count / (4 * jobs)))
        DispatchQueue.concurrentPerform(iterations: min(jobs, block.count)) { worker in
            while true {
                let start = next.take(run)
                guard start < block.count else { return }
                for j in start..<min(start + run, block.count) {
                    out[j] = layout.parameterCells(at: block[j]) + evaluate(block[j], workerCaches[worker])
                }
            }
        }
        return Array(results)
    }
}

/// A shared "next index" for workers (a lock-protected counter).
final class WorkCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// The next index, then advances by `count` (a run of `count` indices is the caller's).
    func take(_ count: Int = 1) -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += count
        return value - count
    }
}
