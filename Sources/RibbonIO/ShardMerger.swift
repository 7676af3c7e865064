import Foundation
import RibbonCore

/// Joins the files of a sharded scan into the table one unsharded run would have written (rows in
/// grid-index order), refusing shards that overlap or that were made with a different grid,
/// format, columns or conventions.
public enum ShardMerger {
    /// The merged table and its sidecar.
    public struct Result {
        /// The merged table, rows in grid-index order.
        public let text: String
        /// The merged sidecar: provenance, the shared identity, shard 0/1, source files and row counts.
        public let sidecar: JSONValue
        /// Rows in the merged table.
        public let rows: Int
        /// Grid points that no shard held.
        public let missing: Int
    }

    /// Sidecar members that must be identical across shards.
    static let identityKeys = ["mode", "format", "columns", "grid", "conventions", "top", "boundary_solver"]

    /// Merges the csv or jsonl shard files at `paths`, checked against their sidecars; throws on overlap or
    /// inconsistency, and on missing points unless `allowIncomplete`.
    public static func merge(_ paths: [String], allowIncomplete: Bool, metadata: RunMetadata) throws(RibbonError) -> Result {
        guard !paths.isEmpty else { throw .parameter("merge needs at least one shard file") }
        var reference: [String: Any]? = nil
        var shardCount: Int? = nil
        var seenShards: [Int: String] = [:]
        var rows: [Int: (line: Substring, path: String)] = [:]
        var header = ""
        var format = RowFormat.csv
        for path in paths {
            guard let sidecar = ScanSidecar.readObject(OutputFile.sidecarPath(for: path)) else {
                throw RibbonError(.invalidInput, "'\(path)' has no readable sidecar '\(OutputFile.sidecarPath(for: path))'; cannot check it")
            }
            if let ref = reference {
                for key in identityKeys where !NSArray(array: [ref[key] ?? NSNull()]).isEqual(to: [sidecar[key] ?? NSNull()]) {
                    throw RibbonError(.invalidInput, "inconsistent shards: '\(path)' differs from '\(paths[0])' in \(key)")
                }
            } else {
                reference = sidecar
                guard let name = sidecar["format"] as? String, let f = RowFormat(rawValue: name), f.isResumable else {
                    throw RibbonError(.invalidInput, "'\(path)': merge needs csv or jsonl shards")
                }
                format = f
            }
            guard let shard = sidecar["shard"] as? [String: Any], let k = (shard["k"] as? NSNumber)?.intValue,
                  let n = (shard["n"] as? NSNumber)?.intValue else {
                throw RibbonError(.invalidInput, "'\(path)': sidecar has no shard k/n")
            }
            if let count = shardCount, count != n {
                throw RibbonError(.invalidInput, "inconsistent shards: '\(path)' is shard \(k)/\(n) but others are out of \(count)")
            }
            shardCount = n
            if let other = seenShards[k] {
                throw RibbonError(.invalidInput, "overlapping shards: '\(path)' and '\(other)' are both shard \(k)/\(n)")
            }
            seenShards[k] = path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw RibbonError(.invalidInput, "cannot read shard '\(path)'")
            }
            var lines = text.split(separator: "\n")[...]
            if format == .csv {
                guard let first = lines.first else { throw RibbonError(.invalidInput, "'\(path)' is empty (no CSV header)") }
                header = String(first) + "\n"
                lines = lines.dropFirst()
            }
            for line in lines {
                guard let index = format.index(ofLine: line), index % n == k else {
                    throw RibbonError(.invalidInput, "'\(path)' holds a row that is not in shard \(k)/\(n)")
                }
                if let previous = rows[index] {
                    throw RibbonError(.invalidInput, "overlapping shards: grid point \(index) is in '\(previous.path)' and '\(path)'")
                }
                rows[index] = (line, path)
            }
        }
        let total = ((reference?["grid"] as? [String: Any])?["points"] as? NSNumber)?.intValue ?? rows.count
        let missing = (0..<total).filter { rows[$0] == nil }
        if !missing.isEmpty && !allowIncomplete {
            throw RibbonError(.invalidInput,
                "incomplete: \(missing.count) of \(total) grid points missing (first: \(missing[0])); finish the shards or pass --allow-incomplete")
        }
        var text = header
        for index in rows.keys.sorted() { text += rows[index]!.line + "\n" }
        var members: [(String, JSONValue)] = [("status", .string(missing.isEmpty ? "complete" : "incomplete"))]
        for key in identityKeys { if let v = reference?[key] { members.append((key, JSONValue(any: v))) } }
        members.append(("shard", .object([("k", .integer(0)), ("n", .integer(1))])))
        members.append(("merged_from", .array(paths.map(JSONValue.string))))
        members.append(("points", .object([("rows", .integer(rows.count)), ("missing", .integer(missing.count))])))
        return Result(text: text, sidecar: metadata.json(extra: members), rows: rows.count, missing: missing.count)
    }
}

extension JSONValue {
    /// A JSONSerialization value as a JSONValue (object keys sorted, so the output is deterministic).
    public init(any value: Any) {
        switch value {
        case let d as [String: Any]: self = .object(d.keys.sorted().map { ($0, JSONValue(any: d[$0]!)) })
        case let a as [Any]: self = .array(a.map(JSONValue.init(any:)))
        case let s as String: self = .string(s)
        case let n as NSNumber:
            // objCType: "c" for booleans, "d"/"f" for reals, an integer code otherwise.
            switch String(cString: n.objCType) {
            case "c", "B": self = .bool(n.boolValue)
            case "d", "f": self = .number(n.doubleValue)
            default: self = .integer(n.intValue)
            }
        default: self = .null
        }
    }
}
