import Foundation
import RibbonCore

/// Joins the files of a sharded scan into the table one unsharded run would have written (rows in
/// grid-index order), refusing shards that overlap, that were made with a different grid, format, columns
/// or conventions, or that hold a row that is not exactly a row of their grid point (checked like
/// `--resume` does, checksums included). Streams: memory does not grow with the number of rows.
public enum ShardMerger {
    /// What a merge wrote.
    public struct Result {
        /// Rows in the merged table.
        public let rows: Int
        /// Grid points that no shard held.
        public let missing: Int
        /// Shards without a checksum file (checked for form and grid point only).
        public let unchecked: [String]
    }

    /// Merges the csv or jsonl shard files at `paths` into `output` (with its checksum file and sidecar),
    /// through a temporary file renamed at the end. Throws (exit 2) on the first problem, naming the file and
    /// line; on missing points unless `allowIncomplete`.
    public static func merge(_ paths: [String], output: String, allowIncomplete: Bool, metadata: RunMetadata)
        throws(RibbonError) -> Result
    {
        guard !paths.isEmpty else { throw .parameter("merge needs at least one shard file") }
        guard !paths.contains(output) else {
            throw .parameter("the merged --output '\(output)' is also a shard; choose a new file")
        }
        var shards: [Int: String] = [:]
        var reference: (sidecar: ScanSidecar, document: JSONValue)? = nil
        for path in paths {
            let read = try ScanSidecar.read(path)
            let (sidecar, document) = read
            guard sidecar.format.isResumable else {
                throw RibbonError(.invalidInput, "'\(path)': merge needs csv or jsonl shards")
            }
            if let ref = reference {
                for (key, value) in ref.sidecar.identity where document[key]?.serialized() != value.serialized() {
                    throw RibbonError(
                        .invalidInput, "inconsistent shards: '\(path)' differs from '\(paths[0])' in \(key)")
                }
                guard sidecar.shard.n == ref.sidecar.shard.n, sidecar.shard.run == ref.sidecar.shard.run else {
                    throw RibbonError(
                        .invalidInput,
                        "inconsistent shards: '\(path)' is shard \(sidecar.shard.description) but others are out of \(ref.sidecar.shard.n)"
                    )
                }
            } else {
                reference = read
            }
            if let other = shards[sidecar.shard.k] {
                throw RibbonError(
                    .invalidInput,
                    "overlapping shards: '\(path)' and '\(other)' are both shard \(sidecar.shard.description)")
            }
            shards[sidecar.shard.k] = path
        }
        let ref = reference!
        let layout = ref.sidecar.layout, format = ref.sidecar.format, n = ref.sidecar.shard.n
        let run = ref.sidecar.shard.run
        let header = Array(format.header(columns: layout.columns).utf8)

        // Check every shard completely before writing anything.
        var unchecked: [String] = []
        var present = 0
        for (k, path) in shards.sorted(by: { $0.key < $1.key }) {
            let shard = try Shard(parsing: "\(k)/\(n)", run: run)
            present += try check(
                path, layout: layout, format: format, shard: shard, header: header, unchecked: &unchecked)
        }
        let missing = layout.count - present
        if missing > 0 && !allowIncomplete {
            throw RibbonError(
                .invalidInput,
                "incomplete: \(missing) of \(layout.count) grid points missing; finish the shards (--resume) or pass --allow-incomplete"
            )
        }

        // Interleave: grid point i lives in shard (i / run) mod n, and every shard is a prefix of its own order.
        var readers: [Int: LineReader] = [:]
        for (k, path) in shards {
            var reader = try LineReader(path: path)
            if !header.isEmpty { _ = reader.next() }
            readers[k] = reader
        }
        defer { for reader in readers.values { reader.close() } }
        let temporary = output + ".merge-tmp"
        let writer = try RowWriter(output: temporary, header: format.header(columns: layout.columns), fresh: true)
        var indices: [Int] = [], text = ""
        var pending: [Int: (index: Int, bytes: ArraySlice<UInt8>)] = [:]
        for index in 0..<layout.count {
            let k = (index / run) % n
            guard readers[k] != nil else { continue }
            if pending[k] == nil, let (bytes, _, _) = readers[k]!.next(),
                let i = format.index(ofLine: Substring(String(decoding: bytes, as: UTF8.self)))
            {
                pending[k] = (i, bytes)
            }
            guard let row = pending[k], row.index == index else { continue }
            text += String(decoding: row.bytes, as: UTF8.self) + "\n"
            indices.append(index)
            pending[k] = nil
            if indices.count == 4096 { try writer.append(indices: indices, text: text); indices = []; text = "" }
        }
        try writer.append(indices: indices, text: text)
        try RowJournal.replace(output, with: temporary)

        var members: [(String, JSONValue)] = [("status", .string(missing == 0 ? "complete" : "incomplete"))]
        members += ref.sidecar.identity.map { key, _ in (key, ref.document[key]!) }
        members.append(("shard", .object([("k", .integer(0)), ("n", .integer(1)), ("run", .integer(1))])))
        if let meanings = ref.document["column_meanings"] { members.append(("column_meanings", meanings)) }
        // What reading the spectrum files changed (round-off set to 0, --dim, --lambda1) stays on record.
        if let files = ref.document["spectrum_files"] { members.append(("spectrum_files", files)) }
        members.append(("merged_from", .array(paths.map(JSONValue.string))))
        members.append(("points", .object([("rows", .integer(present)), ("missing", .integer(missing))])))
        try OutputFile.write(
            metadata.json(extra: members).serialized(pretty: true) + "\n", to: OutputFile.sidecarPath(for: output))
        return Result(rows: present, missing: missing, unchecked: unchecked)
    }

    /// Checks one shard file: header, every row (``ScanRowChecker``), strictly increasing order, checksums.
    /// Returns its row count.
    static func check(
        _ path: String, layout: any ScanLayout, format: RowFormat, shard: Shard, header: [UInt8],
        unchecked: inout [String]
    ) throws(RibbonError) -> Int {
        let checker = ScanRowChecker(layout: layout, format: format, shard: shard)
        let journal = RowJournal.load(for: path)
        if journal == nil { unchecked.append(path) }
        var verifier = RowJournal.Verifier(journal ?? [])
        var lines = 0, rows = 0
        let repair = "repair it with the same `ribbon scan … --shard \(shard.description) --output \(path) --resume`"
        try LineReader.forEachLine(in: path) { (lineNumber, bytes, _, partial) throws(RibbonError) in
            lines = lineNumber
            if lineNumber == 1 && !header.isEmpty {
                guard !partial, Array(bytes) + [0x0A] == header else {
                    throw RibbonError(.invalidInput, "'\(path)' line 1: not this scan's header; \(repair)")
                }
                return true
            }
            guard !partial else {
                throw RibbonError(.invalidInput, "'\(path)' line \(lineNumber): cut off (no newline); \(repair)")
            }
            switch checker.check(bytes) {
            case .failure(let problem):
                throw RibbonError(.invalidInput, "'\(path)' line \(lineNumber): \(problem.reason); \(repair)")
            case .success(let i):
                let expected = shard.index(at: rows)
                guard i == expected else {
                    throw RibbonError(
                        .invalidInput,
                        "'\(path)' line \(lineNumber): grid point \(i) where \(expected) was expected (a row is missing, repeated or out of order); \(repair)"
                    )
                }
                verifier.feed(index: i, bytes: bytes)
                rows += 1
            }
            return true
        }
        if !header.isEmpty && lines == 0 {
            throw RibbonError(.invalidInput, "'\(path)' is empty (no header); \(repair)")
        }
        if journal != nil {
            // Row j holds grid point shard.index(at: j) (checked above), so the first row of a failing block is found
            // from the indices alone, without reading the file again.
            let headerLines = header.isEmpty ? 0 : 1
            if let j = (0..<rows).first(where: { !verifier.verified(shard.index(at: $0)) }) {
                throw RibbonError(
                    .invalidInput,
                    "'\(path)' line \(j + 1 + headerLines): its checksum block does not match (edited or damaged); \(repair)"
                )
            }
        }
        return rows
    }
}
