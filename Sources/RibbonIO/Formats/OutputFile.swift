import Foundation
import RibbonCore

/// Writing result files, with unwritable paths reported as usage errors.
public enum OutputFile {
    /// Writes `text` to `path` ("-" means standard output).
    public static func write(_ text: String, to path: String) throws(RibbonError) {
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try commit(try writeTemporary(text, for: path), to: path)
    }

    /// Writes a result to `path` and, unless it goes to standard output, its `path.meta.json`
    /// sidecar (provenance plus `sidecar`: parameters, conventions, format).
    public static func write(
        _ text: String, to path: String, metadata: RunMetadata,
        sidecar: [(String, JSONValue)]
    ) throws(RibbonError) {
        try write(text, to: path)
        if path != "-" {
            try write(metadata.json(extra: sidecar).serialized(pretty: true) + "\n", to: sidecarPath(for: path))
        }
    }

    /// Writes several files as a set: each to a temporary name first, renamed only when all were written, so
    /// a full disk leaves either every file or none (the temporaries are removed).
    public static func writeAll(_ files: [(path: String, text: String)]) throws(RibbonError) {
        var written: [String] = []
        for (path, text) in files {
            do { written.append(try writeTemporary(text, for: path)) } catch {
                for t in written { try? FileManager.default.removeItem(atPath: t) }
                throw RibbonError(.invalidInput, error.message + " (nothing was written)")
            }
        }
        for (temporary, (path, _)) in zip(written, files) { try commit(temporary, to: path) }
    }

    /// Writes `text` to a temporary file beside `path` with POSIX writes, so that a failure carries the
    /// system's reason ("No space left on device", "File too large") and names `path`; returns its name.
    /// On failure the temporary file is removed.
    static func writeTemporary(_ text: String, for path: String) throws(RibbonError) -> String {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try AppendFile(path: temporary, truncate: true, reportingAs: path).write(text)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return temporary
    }

    /// Renames `temporary` to `path` (atomic), removing it if that fails.
    static func commit(_ temporary: String, to path: String) throws(RibbonError) {
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw RibbonError(.invalidInput, "cannot write '\(path)': \(reason); choose a writable path")
        }
    }

    /// The `.meta.json` sidecar path of a result file: `scan.csv` → `scan.csv.meta.json`.
    public static func sidecarPath(for path: String) -> String { path + ".meta.json" }
}
