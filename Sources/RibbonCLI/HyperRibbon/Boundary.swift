import ArgumentParser
import RibbonCore
import RibbonIO

extension BoundaryAxis: ExpressibleByArgument {}

/// `ribbon boundary`: phase boundaries along one knob: the hyper-ribbon flip (`hr`, the default)
/// or the BBP transition of Hessian outliers (`bbp`).
struct Boundary: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Phase boundary along one knob: the hyper-ribbon flip (hr, default) or the BBP outlier transition (bbp).",
        discussion:
            "Without a subcommand, the options go to `boundary hr`: ribbon boundary --axis ratio --slope 1 --steps 1000",
        subcommands: [HyperRibbonBoundary.self, BBPBoundaryCommand.self],
        defaultSubcommand: HyperRibbonBoundary.self
    )
}

/// `ribbon boundary hr`: where the HR verdict flips along one knob, exact and closed form.
struct HyperRibbonBoundary: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hr",
        abstract:
            "Exact hyper-ribbon boundary along one knob (Brent on the HR flip), with every closed form and the recommended one beside it.",
        discussion: """
            Scans the axis on a log grid, then refines every flip of HR(ρ*, ε) computed from the exact \
            covariance with GSL's Brent solver on ln x. Status: always / never (no flip in range), \
            boundary (one flip), multiple (every flip listed; the reported value is the outermost). \
            The axis knob's own option (--ratio, --steps, --slope or --batch) is not needed.

            Closed forms (BOUNDARIES.md §2), each with a status (boundary, multiple, always, never, outside \
            measured range), a tag and its relative difference from the exact boundary: small_steps [exact] \
            (Haynsworth inertia through a T × T matrix, T ≤ 64), derived_composite [asymptotic] (μ_k = r²s_k + D_k \
            with levels from ω ln(T+1) + Φ(ω; c) = πk; on the ratio axis by pairwise thresholds + ledger, no root \
            finding), reduced_composite [reduced] (R1 levels), P2_derived (steps), ledger/pairwise parts (ratio), \
            spec_recommended (§2.7's choice) and the legacy P1, P2, P3, P3′. The recommended form (best_closed_form) \
            is the small-T method for T ≤ 64, else the R1 composite, the most accurate measured (reproduce \
            boundary_accuracy); it names the mechanism (jump, root, P2). Measured setting: geometric spectrum, \
            ηλ₁ = 1, weights target, discrete GD; elsewhere the composites say "outside measured range". \
            --axis batch traces the SGD batch size B at fixed η (noise scale η/B) with the exact SGD \
            covariance (Gaussian inputs, with replacement, every step); add --label-noise σ_ε.

            Example: ribbon boundary --axis ratio --slope 1 --steps 1000
            Example: ribbon boundary --axis batch --slope 0.5 --steps 100 --ratio 100 --label-noise 1
            """
    )

    @Option(help: "The knob to trace: ratio, steps, slope or batch.")
    var axis: BoundaryAxis

    @OptionGroup var model: ModelOptions
    @OptionGroup var criterion: CriterionOptions
    @OptionGroup var noise: SGDOptions

    @OptionGroup var engineOption: EngineOption
    @OptionGroup var range: RangeOptions
    @OptionGroup var destination: OutputOptions

    func run() throws {
        var metadata = RunMetadata()
        let solver = try range.solver(axis: axis)
        let (model, shape) = try self.model.makeModel(free: axis, recording: &metadata)
        var base = PhasePoint(
            model: model, shape: shape, knobs: try self.model.makeKnobs(free: axis),
            criterion: try criterion.makeCriterion(), sgd: try noise.makeNoise(free: axis))
        base.method = engineOption.engine
        try base.knobs.validateStability(for: try solver.point(base, at: solver.range.lowerBound).spectrum())
        let analysis = try BoundaryAnalysis(base: base, solver: solver)
        let json = try analysis.json(metadata: metadata)
        guard case .object(let members) = json else { return }
        try destination.write(
            metadata: metadata, sidecar: members.filter { ["axis", "parameters", "conventions"].contains($0.0) },
            table: { try analysis.table() }, csv: { try analysis.csv() }, json: { json })
    }
}
