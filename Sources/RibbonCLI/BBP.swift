import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

extension BBPBoundary.Model: ExpressibleByArgument {}
extension BBPBoundary.Knob: ExpressibleByArgument {}

/// The knob values of the BBP models, as plain values (`boundary bbp`) or grids (`scan bbp`).
struct BBPKnobOptions: ParsableArguments {
    @Option(help: "Spiked model: logit (logit-gradient model, G) or mixture (Gaussian-mixture test Hessian at x = 0).")
    var model: BBPBoundary.Model
    @Option(help: "Classes C (logit) or k (mixture), ≥ 2.") var classes: String?
    @Option(help: "Logit: samples N.") var samples: String?
    @Option(help: "Logit: parameters D.") var parameters: String?
    @Option(parsing: .unconditional, help: "Logit: σ_c²/σ_E², the class-gradient to noise variance ratio.") var varianceRatio: String?
    @Option(parsing: .unconditional, help: "Logit: noise variance σ_E² (scales the edge and outlier, not the threshold).") var noiseVariance: Double = 1
    @Option(help: "Mixture: input dimension d.") var dim: String?
    @Option(help: "Mixture: test samples M̃.") var testSamples: String?
    @Option(parsing: .unconditional, help: "Mixture: signal-to-noise λ (Z ~ N(0, I/λ)).") var lambda: String?
    @Option(parsing: .unconditional, help: "Mixture: norm |μ| of the orthogonal means.") var meanNorm: Double = 1
    @Option(parsing: .unconditional, help: "Mixture: ridge β (shifts the edge and outlier, not the threshold).") var ridge: Double = 0

    /// The option of each knob, in the model's order.
    func specification(_ knob: BBPBoundary.Knob) -> String? {
        switch knob {
        case .classes: return classes
        case .samples: return samples
        case .parameters: return parameters
        case .varianceRatio: return varianceRatio
        case .dim: return dim
        case .testSamples: return testSamples
        case .lambda: return lambda
        }
    }

    /// The grid of every knob of the model (a single value is a one-point grid); `free` may be absent.
    func axes(free: BBPBoundary.Knob?) throws -> [(BBPBoundary.Knob, GridAxis)] {
        let mine = BBPBoundary.Knob.knobs(of: model)
        if let free, !mine.contains(free) {
            throw RibbonError.parameter("'\(free.rawValue)' is not a knob of the \(model.rawValue) model; its knobs are "
                                        + mine.map(\.rawValue).joined(separator: ", "))
        }
        for knob in BBPBoundary.Knob.allCases where !mine.contains(knob) && specification(knob) != nil {
            throw RibbonError.parameter("--\(knob.rawValue) does not belong to the \(model.rawValue) model; its knobs are "
                                        + mine.map { "--\($0.rawValue)" }.joined(separator: ", "))
        }
        if let free, specification(free) != nil { throw RibbonError.parameter("--\(free.rawValue) is the traced axis; leave it out") }
        var axes: [(BBPBoundary.Knob, GridAxis)] = []
        for knob in mine where knob != free {
            guard let text = specification(knob) else {
                throw RibbonError.parameter("--\(knob.rawValue) is required for the \(model.rawValue) model\(free == nil ? "" : " (unless it is the traced axis)")")
            }
            axes.append((knob, try GridAxis.parse(text, name: "--" + knob.rawValue, integer: knob.isInteger)))
        }
        return axes
    }

    /// The model point from knob values.
    func point(_ values: [BBPBoundary.Knob: Double]) -> BBPBoundary.Point {
        let v = { (k: BBPBoundary.Knob) in values[k] ?? .nan }
        switch model {
        case .logit: return .logit(classes: v(.classes), samples: v(.samples), parameters: v(.parameters), varianceRatio: v(.varianceRatio))
        case .mixture: return .mixture(classes: v(.classes), testSamples: v(.testSamples), dim: v(.dim), lambda: v(.lambda), meanNorm: meanNorm)
        }
    }

    /// The model's closed forms at a full point (counts must be integers): margin, edge, outlier, overlap².
    func closedForms(at p: BBPBoundary.Point) throws(RibbonError) -> [Prediction] {
        switch model {
        case .logit:
            return try LogitGradientModel(classes: Int(p.classes), samples: Int(p.samples), parameters: Int(p.parameters),
                                          classVariance: p.varianceRatio * noiseVariance, noiseVariance: noiseVariance).predictions
        case .mixture:
            return try GaussianMixtureHessian(classes: Int(p.classes), dimension: Int(p.parameters), testSamples: Int(p.samples),
                                              lambda: p.lambda, meanNorm: meanNorm, ridge: ridge).predictions
        }
    }

    /// The fixed settings recorded in outputs.
    var settings: [(String, JSONValue)] {
        model == .logit ? [("noise_variance", .number(noiseVariance))] : [("mean_norm", .number(meanNorm)), ("ridge", .number(ridge))]
    }
}

/// The conventions of BBP outputs.
enum BBPConventions {
    static let entries: [(String, JSONValue)] = [
        ("threshold", .string("BBP: logit θ² > √γ_A (θ² = Dσ_c²/((C−1)σ_E²), γ_A = D/(N(C−1))); mixture θ > √γ (θ = λ|μ|²/k, γ = d/M̃); asymptotic")),
        ("root", .string("GSL Brent on ln x of the squared outlier overlap continued below the threshold (same asymptotic theory, independent algebra), tolerance 1e-12 in ln x")),
        ("integer_boundary", .string("counts: the smallest N, D, M̃ or the largest C, d, k with outliers")),
    ]
}

/// `ribbon boundary bbp`: the BBP threshold along one knob, closed form and numerical root side by side.
struct BBPBoundaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bbp",
        abstract: "BBP transition of Hessian outliers along one knob: closed form and numerical root side by side.",
        discussion: """
        Logit-gradient model knobs: variance-ratio (σ_c²/σ_E²), samples (N), parameters (D), classes (C). \
        Mixture knobs: lambda, dim (d), test-samples (M̃), classes (k). The closed form solves the BBP \
        condition for the knob (asymptotic); the root is GSL's Brent on ln x of the squared outlier \
        overlap continued below the threshold, which vanishes there: agreement checks the inversion. \
        Integer knobs also report the integer boundary.

        Example: ribbon boundary bbp --model logit --axis variance-ratio --classes 10 --samples 300 --parameters 1000
        Example: ribbon boundary bbp --model mixture --axis lambda --classes 4 --dim 600 --test-samples 2400
        """
    )

    @Option(help: "The knob to trace (see above).") var axis: BBPBoundary.Knob
    @OptionGroup var knobs: BBPKnobOptions
    @OptionGroup var destination: OutputOptions

    func run() throws {
        var values: [BBPBoundary.Knob: Double] = [:]
        for (knob, grid) in try knobs.axes(free: axis) {
            guard grid.values.count == 1 else { throw RibbonError.parameter("--\(knob.rawValue) takes one value here (grids belong to `ribbon scan bbp`)") }
            values[knob] = grid.values[0]
        }
        let boundary = try BBPBoundary(model: knobs.model, knob: axis, base: knobs.point(values))
        let root = try boundary.root()
        let closed = boundary.closedForm
        let difference = (root.value - closed) / closed
        let side = boundary.outliersAbove ? "above" : "below"
        let metadata = RunMetadata()
        let parameters = values.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, JSONValue.number($0.value)) } + knobs.settings
        let model = knobs.model
        func integerMeaning(_ n: Int) -> String {
            n < boundary.integerMinimum ? "no \(axis.rawValue) ≥ \(boundary.integerMinimum) has outliers"
                : "outliers for \(axis.rawValue) \(side == "above" ? "≥" : "≤") \(n)"
        }
        try destination.write(metadata: metadata,
                              sidecar: [("model", .string(model.rawValue)), ("axis", .string(axis.rawValue)),
                                        ("parameters", .object(parameters)), ("conventions", .object(BBPConventions.entries))],
                              table: {
            var lines = ["ribbon \(RunMetadata.version) · BBP boundary of the \(model.rawValue) model along \(axis.rawValue) (OUTLIERS.md)",
                         "parameters " + parameters.map { "\($0.0)=\(ReportWriter.text(ReportValue(json: $0.1)))" }.joined(separator: "  "), ""]
            var t = TextTable(headers: ["quantity", "tag", "value", "formula / method"], alignments: [.left, .left, .right, .left])
            t.append(["closed_form", ResultTag.asymptotic.rawValue, NumberFormat.short(closed, digits: 10), boundary.formula])
            t.append(["root", ResultTag.asymptotic.rawValue, NumberFormat.short(root.value, digits: 10), "Brent on the continued overlap² (\(root.iterations) iterations)"])
            t.append(["relative_difference", "", NumberFormat.short(difference), "(root − closed form)/closed form"])
            if let n = boundary.integerBoundary { t.append(["integer_boundary", ResultTag.asymptotic.rawValue, String(n), integerMeaning(n)]) }
            lines.append(t.render())
            lines.append("outliers exist \(side) the threshold")
            return lines.joined(separator: "\n") + "\n"
        }, csv: {
            var table = CSVTable(header: parameters.map(\.0) + ["model", "axis", "quantity", "tag", "value", "outliers_side"])
            let lead: [TableCell] = parameters.map { TableCell(json: $0.1) } + [.text(model.rawValue), .text(axis.rawValue)]
            table.append(lead + [.text("closed_form"), .text(ResultTag.asymptotic.rawValue), .number(closed), .text(side)])
            table.append(lead + [.text("root"), .text(ResultTag.asymptotic.rawValue), .number(root.value), .text(side)])
            if let n = boundary.integerBoundary { table.append(lead + [.text("integer_boundary"), .text(ResultTag.asymptotic.rawValue), .integer(n), .text(side)]) }
            return table.render()
        }, json: {
            .object([
                ("schema_version", .integer(RunMetadata.schemaVersion)), ("version", .string(RunMetadata.version)),
                ("model", .string(model.rawValue)), ("axis", .string(axis.rawValue)), ("parameters", .object(parameters)),
                ("closed_form", .object([("value", .number(closed)), ("tag", .string(ResultTag.asymptotic.rawValue)), ("formula", .string(boundary.formula))])),
                ("root", .object([("value", .number(root.value)), ("iterations", .integer(root.iterations))])),
                ("relative_difference", .number(difference)),
                ("integer_boundary", boundary.integerBoundary.map { .integer($0) } ?? .null), ("outliers_side", .string(side)),
                ("conventions", .object(BBPConventions.entries)), ("provenance", metadata.json()),
            ])
        })
    }
}

/// `ribbon scan bbp`: the BBP closed forms over a grid of knobs, optionally the threshold along one knob per point.
struct BBPScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bbp",
        abstract: "Scan the BBP outlier transition over a grid: margin, edge, outlier, overlap² per point, or the threshold along one knob.",
        discussion: """
        Every knob of the model takes a grid (a:b:n, log:a:b:n or a comma list; counts are rounded). One row \
        per point (long/tidy): the closed forms (asymptotic), margin θ²/√γ_A − 1 or θ/√γ − 1 (> 0: outliers). \
        With --boundaries KNOB the knob is left out and each row holds its threshold: closed form, Brent root, \
        their relative difference and the integer boundary. A point that fails is a row with status=error. \
        Closed forms take microseconds per point, so there is no --resume; --shard k/n splits the grid.

        Example: ribbon scan bbp --model logit --classes 2:20:19 --samples 300 --parameters 1000 --variance-ratio log:1e-4:1e-1:31
        Example: ribbon scan bbp --model mixture --boundaries lambda --classes 2,4,8 --dim 600 --test-samples log:150:9600:7
        """
    )

    @OptionGroup var knobs: BBPKnobOptions
    @Option(help: ArgumentHelp("Trace the threshold along this knob for every point of the other knobs.", valueName: "KNOB"))
    var boundaries: BBPBoundary.Knob?
    @Option(help: "Row format: csv (long/tidy), jsonl (JSON Lines) or markdown.") var format: RowFormat = .csv
    @Option(help: ArgumentHelp("Write rows to FILE (and FILE.meta.json); default standard output.", valueName: "FILE")) var output: String = "-"
    @Flag(help: "Overwrite an existing FILE.") var force = false
    @Option(help: ArgumentHelp("Compute only points with index ≡ k (mod n), 0 ≤ k < n.", valueName: "k/n")) var shard: String?

    func run() throws {
        let metadata = RunMetadata()
        let shard = try self.shard.map { (s) throws(RibbonError) in try Shard(parsing: s) } ?? .whole
        let axes = try knobs.axes(free: boundaries)
        let count = axes.reduce(1) { $0 * $1.1.values.count }
        guard count <= 10_000_000 else { throw RibbonError.parameter("the grid has \(count) points; at most 1e7") }
        if output != "-" && FileManager.default.fileExists(atPath: output) && !force {
            throw RibbonError.parameter("'\(output)' exists; pass --force to overwrite it")
        }
        let names = axes.map { $0.0.rawValue.replacingOccurrences(of: "-", with: "_") }
        let results = boundaries == nil
            ? ["status", "message", "margin", "outliers", "aspect_ratio", "spike_strength", "bbp_threshold", "bulk_edge", "outlier", "overlap_squared"]
            : ["status", "message", "axis", "closed_form", "root", "relative_difference", "integer_boundary", "outliers_side"]
        let columns = ["index"] + names + results + ["tag"]
        var text = format.header(columns: columns)
        for index in shard.indices(count: count) {
            var rest = index, values: [BBPBoundary.Knob: Double] = [:], cells: [TableCell] = [.integer(index)]
            // Last axis fastest, like `scan hr`.
            var picked = [Double](repeating: 0, count: axes.count)
            for (j, axis) in axes.enumerated().reversed() {
                picked[j] = axis.1.values[rest % axis.1.values.count]
                rest /= axis.1.values.count
            }
            for (j, axis) in axes.enumerated() { values[axis.0] = picked[j]; cells.append(axis.0.isInteger ? .integer(Int(picked[j])) : .number(picked[j])) }
            cells += row(point: knobs.point(values))
            text += format.line(columns: columns, cells: cells + [.text(ResultTag.asymptotic.rawValue)])
        }
        try OutputFile.write(text, to: output, metadata: metadata,
                             sidecar: [("model", .string(knobs.model.rawValue)),
                                       ("grid", .object(axes.map { ($0.0.rawValue, .string($0.1.specification)) })),
                                       ("boundaries", boundaries.map { .string($0.rawValue) } ?? .null), ("settings", .object(knobs.settings)),
                                       ("points", .integer(count)), ("shard", .string(shard.description)),
                                       ("conventions", .object(BBPConventions.entries)), ("format", .string(format.rawValue))])
    }

    /// The result cells of one point: closed forms, or the threshold along `boundaries`; an error is a status row.
    func row(point: BBPBoundary.Point) -> [TableCell] {
        do throws(RibbonError) {
            if let knob = boundaries {
                let b = try BBPBoundary(model: knobs.model, knob: knob, base: point)
                let root = try b.root()
                return [.text("ok"), .text(""), .text(knob.rawValue), .number(b.closedForm), .number(root.value),
                        .number((root.value - b.closedForm) / b.closedForm), .integer(b.integerBoundary), .text(b.outliersAbove ? "above" : "below")]
            }
            try BBPBoundary.validate(point, of: knobs.model, free: nil)
            let forms = try knobs.closedForms(at: point)
            func value(_ name: String) -> Double? { forms.first { $0.name == name }?.value ?? nil }
            let margin = knobs.model.margin(at: point)
            return [.text("ok"), .text(""), .number(margin), .bool(margin > 0), .number(value("aspect_ratio")),
                    .number(value("spike_strength")), .number(value("bbp_threshold")), .number(value("bulk_edge")),
                    .number(value("outlier")), .number(value("overlap_squared"))]
        } catch {
            let width = boundaries == nil ? 8 : 6
            return [.text("error"), .text(error.message)] + [TableCell](repeating: .number(nil), count: width)
        }
    }
}
