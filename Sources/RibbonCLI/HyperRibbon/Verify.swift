import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `ribbon verify`: simulated widths against E2 with error bars; exit 1 if any row fails.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check predictions against simulated training: simulated vs exact vs asymptotic, pass/fail per row.",
        discussion: """
            Simulates regression training at a point (or at every row of a scan file, or on both sides of \
            every boundary in a boundary scan file) and compares the top variances μ_k, ratios, χ₁..χ₃ and \
            the HR verdict with the exact covariance for the same checkpoints (or with --against FILE). \
            The test (GD and flow): the exact null law of every statistic at this R, sampled from Gaussian \
            initialisations (parametric replicates, no training), and a max-|z| joint test over all rows with \
            family-wise false-fail probability --false-alarm at correct theory; each row reports the relative \
            deviation it detects with 90% power ('detectable'). SGD (--batch): a studentised bootstrap over runs \
            (jackknife SEs, bootstrap-t max-|t| critical value; approximate). --detect δ picks R so that every compared quantity has detectable ≤ δ \
            (capped by --max-runs; exit 2 if unreachable). Exit code 1 when any row fails, so it can gate CI.

            Example: ribbon verify --slope 1 --steps 100 --ratio 28 --dim 20 --samples 100
            Example: ribbon verify --slope 1 --steps 100 --ratio 28 --dim 20 --samples 100 --detect 0.1
            Example: ribbon widths --slope 1 --steps 100 --ratio 28 --dim 20 --format json > theory.json && ribbon verify --slope 1 --steps 100 --ratio 28 --dim 20 --samples 100 --against theory.json
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var criterion: CriterionOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Leading variances to compare.")
    var top: Int = 5
    @Option(
        name: .customLong("false-alarm"),
        help: "Family-wise false-fail probability α at correct theory (joint over every judged row), in (0, 0.5).")
    var falseAlarm: Double = Verification.defaultAlpha
    @Option(help: "Bootstrap replicates of the SGD joint test (studentised bootstrap; ≥ 2.71/α, e.g. 271 at α = 0.01).")
    var bootstrap: Int = 2000
    @Option(help: "Parametric replicates of the exact null law (GD and flow).")
    var nullReplicates: Int = 4000
    @Option(
        help: ArgumentHelp(
            "Compare with these predictions instead of E2: JSON {\"variances\": [...]} (optional ratios, explained_stress, hyper_ribbon), ribbon widths --format json, or a CSV with a variance column.",
            valueName: "FILE"))
    var against: String?
    @Option(
        help: ArgumentHelp(
            "Pick R so that every compared quantity has a detectable relative deviation ≤ δ (90% power).",
            valueName: "δ"))
    var detect: Double?
    @Option(help: "The largest R --detect may pick.")
    var maxRuns: Int = 2000
    @Option(
        help: ArgumentHelp(
            "Verify points of a `ribbon scan` CSV (dense: at the point; --boundaries: at boundary ÷ and × --side), which fixes the model: --dim, --slope, --steps, --ratio and the other model options are refused.",
            valueName: "FILE"))
    var fromScan: String?
    @Option(parsing: .unconditional, help: "Factor on each side of a boundary for --from-scan boundary files.")
    var side: Double = 1.5
    @Option(
        help:
            "At most this many points from --from-scan, spread evenly over the grid and over both phases (boundary files: both sides of ⌊N/2⌋ boundaries)."
    )
    var maxPoints: Int = 20
    @OptionGroup var output: ReportOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard bootstrap >= 10 else { throw ValidationError("--bootstrap must be at least 10 (got \(bootstrap))") }
        guard falseAlarm > 0, falseAlarm < 0.5 else {
            throw ValidationError(
                "--false-alarm must lie in (0, 0.5) (got \(falseAlarm)); it is the family-wise false-fail probability")
        }
        guard nullReplicates >= 200 else {
            throw ValidationError("--null-replicates must be at least 200 (got \(nullReplicates))")
        }
        guard maxRuns >= 10 else { throw ValidationError("--max-runs must be at least 10 (got \(maxRuns))") }
        if let detect, !(detect > 0 && detect < 10) {
            throw ValidationError("--detect must lie in (0, 10) (a relative deviation, e.g. 0.1; got \(detect))")
        }
        guard side > 1 else { throw ValidationError("--side must be > 1 (got \(side))") }
        guard maxPoints >= 1 else { throw ValidationError("--max-points must be at least 1 (got \(maxPoints))") }
        if fromScan != nil {
            if let fixed = Self.scanFixedOptions.first(where: Self.given) {
                throw ValidationError(
                    "\(fixed) cannot be combined with --from-scan: the scan file fixes the model (\(Self.scanFixedOptions.joined(separator: ", "))); remove it"
                )
            }
            if against != nil { throw ValidationError("--against compares one point; use it without --from-scan") }
        }
    }

    /// Options a scan file fixes for every point of `--from-scan`.
    static let scanFixedOptions = [
        "--slope", "--alpha", "--steps", "--ratio", "--dim", "--eta", "--lambda1", "--sigma0", "--target",
        "--spectrum", "--flow", "--rho", "--epsilon", "--batch", "--label-noise",
    ]

    /// Whether the command line names `option` (as `--x v` or `--x=v`); ArgumentParser does not say whether a
    /// defaulted option was given.
    static func given(_ option: String) -> Bool {
        CommandLine.arguments.dropFirst().contains { $0 == option || $0.hasPrefix(option + "=") }
    }

    func run() throws {
        var metadata = RunMetadata()
        if let fromScan { return try verifyScan(fromScan, metadata: metadata) }
        let criterion = try self.criterion.makeCriterion()
        let theory = try against.map { path throws(RibbonError) in try TheoryFile.read(path) }
        var settings = try simulation.settings(
            spectrum: try model.makeSpectrum(recording: &metadata), knobs: try model.makeKnobs())
        if let detect {
            let (planned, line) = try planRuns(settings, criterion: criterion, detect: detect)
            FileHandle.standardError.write(Data((line + "\n").utf8))
            settings = planned
        }
        let result = try Simulation(settings)
        let verification = try Verification(
            simulation: result, criterion: criterion, top: top, alpha: falseAlarm, bootstrap: bootstrap,
            nullReplicates: nullReplicates, against: theory)
        let point = Verification.pointParameters(
            scanIndex: nil, side: "point", spectrum: settings.spectrum, knobs: settings.knobs,
            criterion: criterion, batch: settings.sgd?.batch, samples: settings.samples,
            runs: settings.runs, seed: settings.seed, error: nil)
        try output.write(
            [verification.report(simulation: result, criterion: criterion, point: point)], metadata: metadata)
        if !verification.allPass { throw ExitCode(1) }
    }

    /// `--detect δ`: the settings with the planned R, and a line saying R and the estimated time (a 10-run
    /// simulation scaled to R). Throws when δ needs more than --max-runs.
    func planRuns(_ settings: SimulationSettings, criterion: HyperRibbonCriterion, detect: Double) throws -> (
        SimulationSettings, String
    ) {
        let started = Date()
        let plan = try Verification.plannedRuns(
            settings: settings, criterion: criterion, top: top, alpha: falseAlarm, detect: detect)
        guard plan.runs <= maxRuns else {
            throw RibbonError(
                .invalidParameter,
                "--detect \(detect) needs R ≈ \(plan.runs) runs (detectable \(String(format: "%.1f%%", 100 * plan.pilot)) at R = \(settings.runs)), beyond --max-runs \(maxRuns); raise --max-runs or --detect"
            )
        }
        var probe = settings
        probe.runs = 10
        let t0 = Date()
        _ = try Simulation(probe)
        let perRun = Date().timeIntervalSince(t0) / 10
        var planned = settings
        planned.runs = plan.runs
        let estimate = perRun * Double(plan.runs) + Date().timeIntervalSince(started)
        return (
            planned,
            "verify --detect \(detect): planned R = \(plan.runs) (detectable \(String(format: "%.1f%%", 100 * plan.pilot)) at R = \(settings.runs)); estimated time \(String(format: "%.1f", estimate)) s"
        )
    }
}
