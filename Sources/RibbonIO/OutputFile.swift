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
        // Through a temporary file and a rename (atomic), with POSIX writes so that the reason is the
        // system's (e.g. "No space left on device", "File too large").
        let temporary = path + ".tmp-\(getpid())"
        do {
            let file = try AppendFile(path: temporary, truncate: true, reportingAs: path)
            try file.write(text)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw RibbonError(.invalidInput, "cannot write '\(path)': \(reason); choose a writable path")
        }
    }

    /// Writes a result to `path` and, unless it goes to standard output, its `path.meta.json`
    /// sidecar (provenance plus `sidecar`: parameters, conventions, format).
    public static func write(_ text: String, to path: String, metadata: RunMetadata,
                             sidecar: [(String, JSONValue)]) throws(RibbonError) {
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
            let temporary = path + ".tmp"
            do { try text.write(toFile: temporary, atomically: false, encoding: .utf8) } catch {
                for t in written + [temporary] { try? FileManager.default.removeItem(atPath: t) }
                throw RibbonError(.invalidInput, "cannot write '\(path)': \(reason(error)); nothing was written; choose a writable path")
            }
            written.append(temporary)
        }
        for (path, _) in files where rename(path + ".tmp", path) != 0 {
            throw RibbonError(.invalidInput, "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    /// The `.meta.json` sidecar path of a result file: `scan.csv` → `scan.csv.meta.json`.
    public static func sidecarPath(for path: String) -> String { path + ".meta.json" }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return ns.localizedDescription
    }
}
