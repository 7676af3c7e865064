import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

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
            guard grid.values.count == 1 else {
                throw RibbonError.parameter(
                    "--\(knob.rawValue) takes one value here (grids belong to `ribbon scan bbp`)")
            }
            values[knob] = grid.values[0]
        }
        let boundary = try BBPBoundary(model: knobs.model, knob: axis, base: knobs.point(values))
        let root = try boundary.root()
        let closed = boundary.closedForm
        let difference = (root.value - closed) / closed
        let side = boundary.outliersAbove ? "above" : "below"
        let metadata = RunMetadata()
        let parameters =
            values.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, JSONValue.number($0.value)) }
            + knobs.settings
        let model = knobs.model
        func integerMeaning(_ n: Int) -> String {
            n < boundary.integerMinimum
                ? "no \(axis.rawValue) ≥ \(boundary.integerMinimum) has outliers"
                : "outliers for \(axis.rawValue) \(side == "above" ? "≥" : "≤") \(n)"
        }
        try destination.write(
            metadata: metadata,
            sidecar: [
                ("model", .string(model.rawValue)), ("axis", .string(axis.rawValue)),
                ("parameters", .object(parameters)), ("conventions", .object(BBPConventions.entries)),
            ],
            table: {
                var lines = [
                    "ribbon \(RunMetadata.version) · BBP boundary of the \(model.rawValue) model along \(axis.rawValue) (OUTLIERS.md)",
                    "parameters "
                        + parameters.map { "\($0.0)=\(ReportWriter.text(ReportValue(json: $0.1)))" }.joined(
                            separator: "  "), "",
                ]
                var t = TextTable(
                    headers: ["quantity", "tag", "value", "formula / method"],
                    alignments: [.left, .left, .right, .left])
                t.append([
                    "closed_form", ResultTag.asymptotic.rawValue, NumberFormat.short(closed, digits: 10),
                    boundary.formula,
                ])
                t.append([
                    "root", ResultTag.asymptotic.rawValue, NumberFormat.short(root.value, digits: 10),
                    "Brent on the continued overlap² (\(root.iterations) iterations)",
                ])
                t.append([
                    "relative_difference", "", NumberFormat.short(difference), "(root − closed form)/closed form",
                ])
                if let n = boundary.integerBoundary {
                    t.append(["integer_boundary", ResultTag.asymptotic.rawValue, String(n), integerMeaning(n)])
                }
                lines.append(t.render())
                lines.append("outliers exist \(side) the threshold")
                return lines.joined(separator: "\n") + "\n"
            },
            csv: {
                var table = CSVTable(
                    header: parameters.map(\.0) + ["model", "axis", "quantity", "tag", "value", "outliers_side"])
                let lead: [TableCell] =
                    parameters.map { ReportWriter.cell(ReportValue(json: $0.1)) } + [
                        .text(model.rawValue), .text(axis.rawValue),
                    ]
                table.append(
                    lead + [.text("closed_form"), .text(ResultTag.asymptotic.rawValue), .number(closed), .text(side)])
                table.append(
                    lead + [.text("root"), .text(ResultTag.asymptotic.rawValue), .number(root.value), .text(side)])
                if let n = boundary.integerBoundary {
                    table.append(
                        lead + [
                            .text("integer_boundary"), .text(ResultTag.asymptotic.rawValue), .integer(n), .text(side),
                        ])
                }
                return table.render()
            },
            json: {
                .object(
                    RunMetadata.versionMembers + [

                        ("model", .string(model.rawValue)), ("axis", .string(axis.rawValue)),
                        ("parameters", .object(parameters)),
                        (
                            "closed_form",
                            .object([
                                ("value", .number(closed)), ("tag", .string(ResultTag.asymptotic.rawValue)),
                                ("formula", .string(boundary.formula)),
                            ])
                        ),
                        ("root", .object([("value", .number(root.value)), ("iterations", .integer(root.iterations))])),
                        ("relative_difference", .number(difference)),
                        ("integer_boundary", boundary.integerBoundary.map { .integer($0) } ?? .null),
                        ("outliers_side", .string(side)),
                        ("conventions", .object(BBPConventions.entries)), ("provenance", metadata.json()),
                    ])
            })
    }
}
