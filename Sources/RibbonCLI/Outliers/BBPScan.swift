import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// `ribbon scan bbp`: the BBP closed forms over a grid of knobs, optionally the threshold along one knob per point.
struct BBPScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bbp",
        abstract:
            "Scan the BBP outlier transition over a grid: margin, edge, outlier, overlap² per point, or the threshold along one knob.",
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
    @Option(
        help: ArgumentHelp("Trace the threshold along this knob for every point of the other knobs.", valueName: "KNOB")
    )
    var boundaries: BBPBoundary.Knob?
    @Option(help: "Row format: csv (long/tidy), jsonl (JSON Lines), or markdown or latex (booktabs) for people.")
    var format: RowFormat = .csv
    @Option(help: ArgumentHelp("Write rows to FILE (and FILE.meta.json); default standard output.", valueName: "FILE"))
    var output: String = "-"
    @Flag(help: "Overwrite an existing FILE.") var force = false
    @Option(help: ArgumentHelp("Compute only points with index ≡ k (mod n), 0 ≤ k < n.", valueName: "k/n")) var shard:
        String?

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
        let results =
            boundaries == nil
            ? [
                "status", "message", "margin", "outliers", "aspect_ratio", "spike_strength", "bbp_threshold",
                "bulk_edge", "outlier", "overlap_squared",
            ]
            : [
                "status", "message", "axis", "closed_form", "root", "relative_difference", "integer_boundary",
                "outliers_side",
            ]
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
            for (j, axis) in axes.enumerated() {
                values[axis.0] = picked[j];
                cells.append(axis.0.isInteger ? .integer(Int(picked[j])) : .number(picked[j]))
            }
            cells += row(point: knobs.point(values))
            text += format.line(columns: columns, cells: cells + [.text(ResultTag.asymptotic.rawValue)])
        }
        text += format.trailer
        try OutputFile.write(
            text, to: output, metadata: metadata,
            sidecar: [
                ("model", .string(knobs.model.rawValue)),
                ("grid", .object(axes.map { ($0.0.rawValue, .string($0.1.specification)) })),
                ("boundaries", boundaries.map { .string($0.rawValue) } ?? .null), ("settings", .object(knobs.settings)),
                ("points", .integer(count)), ("shard", .string(shard.description)),
                ("conventions", .object(BBPConventions.entries)), ("format", .string(format.rawValue)),
            ])
    }

    /// The result cells of one point: closed forms, or the threshold along `boundaries`; an error is a status row.
    func row(point: BBPBoundary.Point) -> [TableCell] {
        do throws(RibbonError) {
            if let knob = boundaries {
                let b = try BBPBoundary(model: knobs.model, knob: knob, base: point)
                let root = try b.root()
                return [
                    .text("ok"), .text(""), .text(knob.rawValue), .number(b.closedForm), .number(root.value),
                    .number((root.value - b.closedForm) / b.closedForm), .integer(b.integerBoundary),
                    .text(b.outliersAbove ? "above" : "below"),
                ]
            }
            try BBPBoundary.validate(point, of: knobs.model, free: nil)
            let forms = try knobs.closedForms(at: point)
            func value(_ name: String) -> Double? { forms.first { $0.name == name }?.value ?? nil }
            let margin = knobs.model.margin(at: point)
            return [
                .text("ok"), .text(""), .number(margin), .bool(margin > 0), .number(value("aspect_ratio")),
                .number(value("spike_strength")), .number(value("bbp_threshold")), .number(value("bulk_edge")),
                .number(value("outlier")), .number(value("overlap_squared")),
            ]
        } catch {
            let width = boundaries == nil ? 8 : 6
            return [.text("error"), .text(error.message)] + [TableCell](repeating: .number(nil), count: width)
        }
    }
}
