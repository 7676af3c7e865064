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
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw RibbonError(.invalidInput, "cannot write '\(path)': \(reason(error)); choose a writable path")
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
