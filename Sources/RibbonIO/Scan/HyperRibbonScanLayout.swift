import RibbonCore

/// The hyper-ribbon scan (`scan hr`) as the scan machinery sees it: a ``ScanGrid`` and the ``ScanSchema`` of its
/// rows.
public struct HyperRibbonScanLayout: ScanLayout {
    /// The scanned grid.
    public let grid: ScanGrid
    /// The table's columns and mode.
    public let schema: ScanSchema

    /// The layout of `grid` written with `schema`.
    public init(grid: ScanGrid, schema: ScanSchema) {
        self.grid = grid
        self.schema = schema
    }

    public var count: Int { grid.count }
    public var parameterColumns: [String] { schema.parameterColumns }
    public var resultColumns: [String] { schema.resultColumns }
    public var resultKinds: [ScanCellKind] { schema.resultKinds }
    public var columnDocumentation: [(String, String)] { schema.columnDocumentation }
    public func parameterCells(at index: Int) -> [TableCell] { schema.parameterCells(grid, index: index) }
    public func failureCells(_ message: String) -> [TableCell] { schema.failureCells(message) }
    public func shardRun(shards n: Int) -> Int { grid.shardRun(shards: n) }
    public var mode: String { schema.mode.rawValue }
    public var gridOrder: Int { ScanGrid.gridOrder }

    /// The conventions of the table; target and criterion are nil when they vary across rows.
    public var conventions: Conventions {
        Conventions(
            dynamics: grid.dynamics, target: grid.targets.count == 1 ? grid.targets[0] : nil,
            criterion: grid.rhos.count == 1 && grid.epsilons.count == 1
                ? try? HyperRibbonCriterion(rho: grid.rhos[0], epsilon: grid.epsilons[0]) : nil)
    }

    public var conventionsJSON: JSONValue { RunMetadata.json(conventions) }

    /// The grid's axes, order and size.
    public var gridJSON: JSONValue {
        .object([
            ("points", .integer(grid.count)),
            (
                "order",
                .string("target, ratio, spectrum(shape), steps, eta, sigma0, rho, epsilon (last varies fastest)")
            ),
            (
                "spectra",
                .array(
                    grid.spectra.map { axis in
                        var members: [(String, JSONValue)] = [("spectrum", .string(axis.model.name))]
                        switch axis.model {
                        case .geometric(let l, let d):
                            members += [
                                ("lambda1", .number(l)), ("dim", .integer(d)),
                                ("slope", .array(axis.shapes.map(JSONValue.optional))),
                            ]
                        case .powerLaw(let l, let d):
                            members += [
                                ("lambda1", .number(l)), ("dim", .integer(d)),
                                ("alpha", .array(axis.shapes.map(JSONValue.optional))),
                            ]
                        case .fixed(let s):
                            members += [
                                ("lambda1", .number(s.lambda1)), ("dim", .integer(s.dimension)),
                                ("eigenvalues", .numbers(s.eigenvalues)),
                            ]
                        }
                        return .object(members)
                    })
            ),
            ("target", .array(grid.targets.map { .string($0.rawValue) })),
            ("ratio", .numbers(grid.ratios)), ("steps", .numbers(grid.steps)), ("eta", .numbers(grid.etas)),
            ("sigma0", .numbers(grid.sigma0s)), ("rho", .numbers(grid.rhos)), ("epsilon", .numbers(grid.epsilons)),
            ("batch", .array(grid.batches.map { $0.map { .integer($0) } ?? .null })),
            ("label_noise", .numbers(grid.labelNoises)),
            ("dynamics", .string(grid.dynamics.rawValue)),
            ("traced_axis", grid.tracedAxis.map { .string($0.rawValue) } ?? .null),
        ])
    }

    /// The layout a sidecar of `mode` records, with the identity settings it holds (top, engine, boundary solver);
    /// `bad` names what is missing.
    static func read(_ doc: JSONValue, mode: ScanSchema.Mode, bad: (String) -> RibbonError) throws(RibbonError) -> (
        layout: HyperRibbonScanLayout, settings: [(String, JSONValue)]
    ) {
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
        // Identity settings a scan records only when set (see `scan hr`): shards made with another engine or
        // boundary solver are not mixed.
        for key in ["engine", "boundary_solver"] { if let value = doc[key] { settings.append((key, value)) } }
        return (.init(grid: grid, schema: ScanSchema(mode: mode, top: top, tracedAxis: traced)), settings)
    }
}
