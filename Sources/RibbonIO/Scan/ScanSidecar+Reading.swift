import Foundation
import RibbonCore

/// Reading a scan's sidecar back exactly (``JSONValue/parse(_:)``), and the grid it names.
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

    /// The sidecar a scan or merge wrote for `path`, with the grid rebuilt from its record; checked by
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
        guard let modeName = doc["mode"]?.stringValue, let mode = ScanSchema.Mode(rawValue: modeName) else {
            throw bad("no mode")
        }
        guard let g = doc["grid"] else { throw bad("no grid") }
        let traced = g["traced_axis"]?.stringValue.flatMap(BoundaryAxis.init(rawValue:))
        func numbers(_ key: String) throws(RibbonError) -> [Double] {
            guard let items = g[key]?.arrayValue else { throw bad("no \(key) axis") }
            var out: [Double] = []
            for item in items {
                guard let d = item.doubleValue else { throw bad("\(key) holds a non-number") }; out.append(d)
            }
            return out
        }
        var spectra: [ScanGrid.SpectrumAxis] = []
        for axis in g["spectra"]?.arrayValue ?? [] {
            guard let name = axis["spectrum"]?.stringValue, let lambda1 = axis["lambda1"]?.doubleValue,
                let dim = axis["dim"]?.intValue
            else {
                throw bad("a spectrum axis without spectrum, lambda1 or dim")
            }
            func shapes(_ key: String) throws(RibbonError) -> [Double?] {
                guard let items = axis[key]?.arrayValue else { throw bad("spectrum axis without \(key)") }
                return items.map(\.doubleValue)
            }
            if let eigenvalues = axis["eigenvalues"]?.arrayValue {
                spectra.append(
                    .init(
                        model: .fixed(.recorded(name: name, eigenvalues: eigenvalues.compactMap(\.doubleValue))),
                        shapes: [nil]))
            } else if name == "geometric" {
                spectra.append(.init(model: .geometric(lambda1: lambda1, dimension: dim), shapes: try shapes("slope")))
            } else if name == "power" {
                spectra.append(.init(model: .powerLaw(lambda1: lambda1, dimension: dim), shapes: try shapes("alpha")))
            } else {
                throw bad("unknown spectrum '\(name)'")
            }
        }
        let targets = (g["target"]?.arrayValue ?? []).compactMap {
            $0.stringValue.flatMap(TargetProfile.init(rawValue:))
        }
        let batches: [Int?] = (g["batch"]?.arrayValue ?? [.null]).map(\.intValue)
        guard let dynamics = g["dynamics"]?.stringValue.flatMap(Dynamics.init(rawValue:)) else {
            throw bad("no dynamics")
        }
        let grid = try ScanGrid(
            spectra: spectra, targets: targets, ratios: try numbers("ratio"), steps: try numbers("steps"),
            etas: try numbers("eta"), sigma0s: try numbers("sigma0"), rhos: try numbers("rho"),
            epsilons: try numbers("epsilon"), batches: batches, labelNoises: try numbers("label_noise"),
            dynamics: dynamics, tracedAxis: traced)
        let top = doc["top"]?.intValue ?? 3
        var settings: [(String, JSONValue)] = [("top", .integer(top))]
        if let solver = doc["boundary_solver"] { settings.append(("boundary_solver", solver)) }
        guard let shardObject = doc["shard"], let k = shardObject["k"]?.intValue, let n = shardObject["n"]?.intValue,
            let shard = try? Shard(parsing: "\(k)/\(n)", run: shardObject["run"]?.intValue ?? 1)
        else { throw bad("no shard k/n") }
        let sidecar = ScanSidecar(
            grid: grid, schema: ScanSchema(mode: mode, top: top, tracedAxis: traced), format: format,
            shard: shard, settings: settings)
        for (key, value) in sidecar.identity where doc[key]?.serialized() != value.serialized() {
            throw bad("its \(key) does not describe the grid it records")
        }
        return (sidecar, doc)
    }
}
