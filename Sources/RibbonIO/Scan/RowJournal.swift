import Foundation
import RibbonCore

/// The row checksums of a scan file, `FILE.checksums`: one line per block of rows, appended right after
/// the block's rows, "first_index last_index rows crc32". `--resume` and `merge` check every row against it,
/// so a number edited by hand, a row cut in half or overwritten by NUL bytes, or rows of another run are
/// found even where they still parse. A block whose line is missing (the run was killed between the two
/// writes) counts as unverified and is recomputed.
///
/// Blocks hold rows of increasing grid index; a block's checksum is the CRC-32 of its rows' bytes,
/// newlines included, in file order.
public struct RowJournal {
    /// One block of rows.
    public struct Entry: Sendable, Equatable {
        public let first: Int
        public let last: Int
        public let rows: Int
        public let checksum: UInt32
    }

    /// The first line of every checksum file.
    public static let header =
        "# ribbon row checksums v1: first_index last_index rows crc32 (IEEE, of the rows' bytes with newlines), one line per block\n"

    /// The checksum file of a result file.
    public static func path(for output: String) -> String { output + ".checksums" }

    /// The blocks recorded for `output`, in file order; nil when it has no checksum file (a file from an
    /// older ribbon). A torn last line is ignored (its block is then unverified).
    public static func load(for output: String) -> [Entry]? {
        guard let text = try? String(contentsOfFile: path(for: output), encoding: .utf8) else { return nil }
        var entries: [Entry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 4, let first = Int(parts[0]), let last = Int(parts[1]), let rows = Int(parts[2]),
                let checksum = UInt32(parts[3], radix: 16), first <= last, rows >= 1
            else { continue }
            entries.append(Entry(first: first, last: last, rows: rows, checksum: checksum))
        }
        return entries
    }

    /// Replaces `output` and its checksum file by `temporary` and its checksum file (two renames).
    public static func replace(_ output: String, with temporary: String) throws(RibbonError) {
        guard rename(temporary, output) == 0, rename(path(for: temporary), path(for: output)) == 0 else {
            throw AppendFile.failure("cannot replace", output)
        }
    }

    /// The line recording a block.
    public static func line(_ e: Entry) -> String {
        let hex = String(e.checksum, radix: 16)
        return "\(e.first) \(e.last) \(e.rows) \(String(repeating: "0", count: 8 - hex.count) + hex)\n"
    }

    /// Checks rows against recorded blocks: feed every structurally valid row (index and bytes with its
    /// newline) in file order, then ask which indices lie in blocks whose checksum and row count match.
    public struct Verifier {
        private let entries: [Entry]
        private var crcs: [CRC32]
        private var counts: [Int]

        public init(_ entries: [Entry]) {
            self.entries = entries.sorted { $0.first < $1.first }
            crcs = Array(repeating: CRC32(), count: entries.count)
            counts = Array(repeating: 0, count: entries.count)
        }

        /// The block holding `index` (nil: no block covers it).
        public func block(of index: Int) -> Int? {
            var lo = 0, hi = entries.count - 1
            while lo <= hi {
                let mid = (lo + hi) / 2
                if entries[mid].last < index {
                    lo = mid + 1
                } else if entries[mid].first > index {
                    hi = mid - 1
                } else {
                    return mid
                }
            }
            return nil
        }

        /// Feeds one row's bytes (newline included).
        public mutating func feed(index: Int, bytes: ArraySlice<UInt8>) {
            guard let b = block(of: index) else { return }
            crcs[b].update(bytes)
            crcs[b].update(CollectionOfOne(0x0A))
            counts[b] += 1
        }

        /// Whether the row at `index` lies in a block that checked out.
        public func verified(_ index: Int) -> Bool {
            guard let b = block(of: index) else { return false }
            return counts[b] == entries[b].rows && crcs[b].value == entries[b].checksum
        }
    }
}

/// Appends rows and their checksum lines to a result file (the file's only writer while a scan runs).
public final class RowWriter {
    private let file: AppendFile
    private let journal: AppendFile

    /// Opens `output` and its checksum file for appending; `fresh` empties both and writes the header.
    public init(output: String, header: String, fresh: Bool) throws(RibbonError) {
        file = try AppendFile(path: output, truncate: fresh)
        journal = try AppendFile(path: RowJournal.path(for: output), truncate: fresh)
        if fresh {
            try file.write(header)
            try journal.write(RowJournal.header)
        }
    }

    /// A writer on files already open.
    public init(file: AppendFile, journal: AppendFile) {
        self.file = file
        self.journal = journal
    }

    /// Appends one block of rows (`indices` increasing, `text` their lines) and then its checksum line.
    /// Text after the last row (a LaTeX table's end): written, not journalled (such formats are not resumed).
    public func appendTrailer(_ text: String) throws(RibbonError) { try file.write(Array(text.utf8)) }

    public func append(indices: [Int], text: String) throws(RibbonError) {
        guard let first = indices.first, let last = indices.last else { return }
        let bytes = Array(text.utf8)
        try file.write(bytes)
        try journal.write(
            RowJournal.line(.init(first: first, last: last, rows: indices.count, checksum: CRC32.checksum(bytes))))
    }
}
