import ArgumentParser
import RibbonCore
import RibbonIO

extension BoundaryAxis: ExpressibleByArgument {}

/// `ribbon boundary`: where the HR verdict flips along one knob, exact and closed form.
struct Boundary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact phase boundary along one knob (Brent on the HR flip), with the closed form beside it.",
        discussion: """
        Scans the axis on a log grid, then refines every flip of HR(ρ*, ε) computed from the exact \
        covariance with GSL's Brent solver on ln x. Status: always / never (no flip in range), \
        boundary (one flip), multiple (every flip listed; the reported value is the outermost). \
        Closed forms: P1 (slope), P2 (steps), P3 and P3′ (ratio), tagged asymptotic or bound. \
        The axis knob's own option (--ratio, --steps or --slope) is not needed.

        Example: ribbon boundary --axis ratio --slope 1 --steps 1000
        """
    )

    @Option(help: "The knob to trace: ratio, steps or slope.")
    var axis: BoundaryAxis

    @OptionGroup var model: ModelOptions
    @OptionGroup var criterion: CriterionOptions

    @Option(name: .customLong("from"), parsing: .unconditional,
            help: "Low end of the search range (default: ratio 1e-3, steps 1, slope 0.01).")
    var low: Double?

    @Option(name: .customLong("to"), parsing: .unconditional,
            help: "High end of the search range (default: ratio 1e4, steps 1e12, slope 10).")
    var high: Double?

    @Option(help: "Points of the initial log-spaced scan (flips closer than one step can be missed).")
    var scanPoints: Int = 57

    @Option(help: "Output format: table, csv or json.")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write to FILE instead of standard output (with a FILE.meta.json sidecar).", valueName: "FILE"))
    var output: String = "-"

    func run() throws {
        let metadata = RunMetadata()
        let solver = try BoundarySolver(axis: axis, range: (low ?? axis.defaultRange.lowerBound)...(max(high ?? axis.defaultRange.upperBound, low ?? 0)),
                                        scanPoints: scanPoints)
        let (model, shape) = try self.model.makeModel(free: axis)
        let base = PhasePoint(model: model, shape: shape, knobs: try self.model.makeKnobs(free: axis),
                              criterion: try criterion.makeCriterion())
        try base.knobs.validateStability(for: try solver.point(base, at: solver.range.lowerBound).spectrum())
        let analysis = try BoundaryAnalysis(base: base, solver: solver)
        let json = try analysis.json(metadata: metadata)
        let text: String
        switch format {
        case .table: text = try analysis.table()
        case .csv: text = analysis.csv()
        case .json: text = json.serialized(pretty: true) + "\n"
        }
        guard case .object(let members) = json else { return }
        try OutputFile.write(text, to: output, metadata: metadata,
                             sidecar: members.filter { ["axis", "parameters", "conventions"].contains($0.0) }
                                 + [("format", .string(format.rawValue))])
    }
}
