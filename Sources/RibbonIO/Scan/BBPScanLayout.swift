import RibbonCore

/// The BBP scan (`scan bbp`) as the scan machinery sees it: a ``BBPScanGrid`` and its columns. One row per point:
/// the knob values (counts as integers), then either the closed forms at the point or, with a traced knob, its
/// threshold (closed form beside the Brent root), then the tag.
public struct BBPScanLayout: ScanLayout {
    /// The scanned grid.
    public let grid: BBPScanGrid

    /// The layout of `grid`.
    public init(grid: BBPScanGrid) { self.grid = grid }

    /// A knob's column name (`variance-ratio` → `variance_ratio`).
    static func column(_ knob: BBPBoundary.Knob) -> String { knob.rawValue.replacingOccurrences(of: "-", with: "_") }

    public var count: Int { grid.count }
    public var parameterColumns: [String] { ["index"] + grid.axes.map { Self.column($0.knob) } }

    public var resultColumns: [String] {
        grid.traced == nil
            ? [
                "status", "message", "margin", "outliers", "aspect_ratio", "spike_strength", "bbp_threshold",
                "bulk_edge", "outlier", "overlap_squared", "tag",
            ]
            : [
                "status", "message", "axis", "closed_form", "root", "relative_difference", "integer_boundary",
                "outliers_side", "tag",
            ]
    }

    public var resultKinds: [ScanCellKind] {
        grid.traced == nil
            ? [.text, .text, .number, .bool] + Array(repeating: .number, count: 6) + [.text]
            : [.text, .text, .text, .number, .number, .number, .integer, .text, .text]
    }

    public func parameterCells(at index: Int) -> [TableCell] {
        [.integer(index)]
            + zip(grid.axes, grid.values(at: index)).map { axis, value in
                axis.knob.isInteger ? .integer(Int(value)) : .number(value)
            }
    }

    /// Every result is asymptotic (OUTLIERS.md); the tag stays on failed rows too.
    static let tag = TableCell.text(ResultTag.asymptotic.rawValue)

    public func failureCells(_ message: String) -> [TableCell] {
        [.text("error"), .text(message)] + Array(repeating: .number(nil), count: resultColumns.count - 3) + [Self.tag]
    }

    /// The result cells of an outcome.
    public func cells(_ outcome: BBPScanGrid.Outcome) -> [TableCell] {
        switch outcome {
        case .closedForms(let margin, let forms):
            func value(_ name: String) -> TableCell { .number(forms.first { $0.name == name }?.value ?? nil) }
            return [
                .text("ok"), .text(""), .number(margin), .bool(margin > 0), value("aspect_ratio"),
                value("spike_strength"), value("bbp_threshold"), value("bulk_edge"), value("outlier"),
                value("overlap_squared"), Self.tag,
            ]
        case .threshold(let b, let root):
            return [
                .text("ok"), .text(""), .text(b.knob.rawValue), .number(b.closedForm), .number(root),
                .number((root - b.closedForm) / b.closedForm), .integer(b.integerBoundary),
                .text(b.outliersAbove ? "above" : "below"), Self.tag,
            ]
        }
    }

    /// The cells of point `index`: its outcome, or its error as a status row.
    public func resultCells(at index: Int) -> [TableCell] {
        do { return cells(try grid.evaluate(at: index)) } catch { return failureCells(error.message) }
    }

    public func shardRun(shards n: Int) -> Int { grid.shardRun(shards: n) }
    public var mode: String { "bbp" }
    public var gridOrder: Int { BBPScanGrid.gridOrder }
    public var conventionsJSON: JSONValue { .object(BBPConventions.entries) }

    /// The knob values and settings, exactly.
    public var gridJSON: JSONValue {
        let s = grid.settings
        return .object([
            ("points", .integer(grid.count)),
            ("order", .string(grid.axes.map { $0.knob.rawValue }.joined(separator: ", ") + " (last varies fastest)")),
            ("model", .string(grid.model.rawValue)),
            (
                "axes",
                .object(
                    grid.axes.map { axis in
                        (
                            axis.knob.rawValue,
                            axis.knob.isInteger ? .array(axis.values.map { .integer(Int($0)) }) : .numbers(axis.values)
                        )
                    })
            ),
            ("traced_axis", grid.traced.map { .string($0.rawValue) } ?? .null),
            (
                "settings",
                .object(
                    grid.model == .logit
                        ? [("noise_variance", .number(s.noiseVariance))]
                        : [("mean_norm", .number(s.meanNorm)), ("ridge", .number(s.ridge))])
            ),
        ])
    }

    public var columnDocumentation: [(String, String)] {
        var docs: [(String, String)] = [
            ("index", "global grid index (row-major; the last knob varies fastest)"),
            ("status", "ok, or error (the point failed; see message)"),
            ("tag", "asymptotic: every value is a large-size limit (OUTLIERS.md)"),
        ]
        for axis in grid.axes {
            docs.append((Self.column(axis.knob), "knob \(axis.knob.rawValue)"))
        }
        if grid.traced == nil {
            docs += [
                ("margin", "θ²/√γ_A − 1 (logit) or θ/√γ − 1 (mixture); > 0: outliers"),
                ("outliers", "margin > 0"),
                ("aspect_ratio", "γ_A (logit) or γ (mixture)"),
                ("spike_strength", "θ² (logit) or θ (mixture)"),
                ("bbp_threshold", "√γ_A or √γ"),
                ("bulk_edge", "edge of the bulk spectrum"),
                ("outlier", "outlier eigenvalue (empty without outliers)"),
                ("overlap_squared", "squared overlap of the outlier eigenvector with the spike"),
            ]
        } else {
            docs += [
                ("axis", "the traced knob"),
                ("closed_form", "threshold from the closed form (the BBP condition solved for the knob)"),
                ("root", "threshold from GSL Brent on the continued overlap²"),
                ("relative_difference", "(root − closed_form)/closed_form"),
                ("integer_boundary", "counts: the smallest N, D, M̃ or the largest C, d, k with outliers"),
                ("outliers_side", "above or below: where along the knob outliers exist"),
            ]
        }
        return docs
    }

    /// The layout a `scan bbp` sidecar records; `bad` names what is missing.
    static func read(_ doc: JSONValue, bad: (String) -> RibbonError) throws(RibbonError) -> BBPScanLayout {
        guard let g = doc["grid"], let modelName = g["model"]?.stringValue,
            let model = BBPBoundary.Model(rawValue: modelName), case .object(let members)? = g["axes"]
        else { throw bad("no model or knob axes") }
        var axes: [BBPScanGrid.Axis] = []
        for (name, value) in members {
            guard let knob = BBPBoundary.Knob(rawValue: name), let items = value.arrayValue else {
                throw bad("unknown knob '\(name)'")
            }
            var values: [Double] = []
            for item in items {
                guard let d = item.doubleValue else { throw bad("\(name) holds a non-number") }; values.append(d)
            }
            axes.append(.init(knob: knob, values: values))
        }
        let traced = g["traced_axis"]?.stringValue.flatMap(BBPBoundary.Knob.init(rawValue:))
        let s = g["settings"]
        let settings = BBPScanGrid.Settings(
            noiseVariance: s?["noise_variance"]?.doubleValue ?? 1, meanNorm: s?["mean_norm"]?.doubleValue ?? 1,
            ridge: s?["ridge"]?.doubleValue ?? 0)
        return BBPScanLayout(grid: try BBPScanGrid(model: model, axes: axes, traced: traced, settings: settings))
    }
}
