import Foundation
import RibbonCore

/// Reading a scan's sidecar back exactly (``JSONValue/parse(_:)``), and the layout (grid and columns) it names.
extension ScanSidecar {
    /// The sidecar document at `path.meta.json`, parsed exactly; throws naming the file if it is missing or
    /// not JSON.
    public static func document(of path: String) throws(RibbonError) -> JSONValue {
        let sidecar = OutputFile.sidecarPath(for: path)
        guard let text = try? String(contentsOfFile: sidecar, encoding: .utf8) else {
            throw RibbonError(
                .invalidInput, "'\(path)' has no readable sidecar '\(sidecar)'; cannot check its grid and conventions")
        }
        do { return try JSONValue.parse(text) } catch {
            throw RibbonError(
                .invalidInput, "'\(sidecar)' is not valid JSON (\(error.message)); cannot check '\(path)'")
        }
    }

    /// The sidecar a scan or merge wrote for `path`, with the layout rebuilt from its record; checked by
    /// writing the identity again and comparing it with the file's, member by member.
    public static func read(_ path: String) throws(RibbonError) -> (sidecar: ScanSidecar, document: JSONValue) {
        let doc = try document(of: path)
        func bad(_ what: String) -> RibbonError {
            RibbonError(
                .invalidInput, "'\(OutputFile.sidecarPath(for: path))' does not describe a ribbon scan (\(what))")
        }
        guard let formatName = doc["format"]?.stringValue, let format = RowFormat(rawValue: formatName) else {
            throw bad("no format")
        }
        guard let mode = doc["mode"]?.stringValue else { throw bad("no mode") }
        let layout: any ScanLayout
        var settings: [(String, JSONValue)] = []
        if mode == "bbp" {
            layout = try BBPScanLayout.read(doc, bad: bad)
        } else if let hyperRibbon = ScanSchema.Mode(rawValue: mode) {
            let read = try HyperRibbonScanLayout.read(doc, mode: hyperRibbon, bad: bad)
            layout = read.layout
            settings = read.settings
        } else {
            throw bad("unknown mode '\(mode)'")
        }
        guard let shardObject = doc["shard"], let k = shardObject["k"]?.intValue, let n = shardObject["n"]?.intValue,
            let shard = try? Shard(parsing: "\(k)/\(n)", run: shardObject["run"]?.intValue ?? 1)
        else { throw bad("no shard k/n") }
        let sidecar = ScanSidecar(layout: layout, format: format, shard: shard, settings: settings)
        for (key, value) in sidecar.identity where doc[key]?.serialized() != value.serialized() {
            throw bad("its \(key) does not describe the grid it records")
        }
        return (sidecar, doc)
    }
}
