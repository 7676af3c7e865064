import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `ribbon simulate`: train an ensemble, embed its trajectories with inPCA, write what it finds.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate training (GD on generated data), embed the trajectories with inPCA, export the results.",
        discussion: """
        Data: Gaussian inputs with the prescribed correlation spectrum in a Haar-random orientation; \
        teacher per target profile; R initialisations trained by explicit GD in the original basis \
        (--flow: exact matrix exponential). Regression: Bhattacharyya distance of N(wᵀx, σ_n²) summed \
        (or averaged) over samples, embedded through the covariance (exact: the distance is Euclidean) \
        or the N × N distance matrix. Classification: softmax with cross-entropy, Bhattacharyya inPCA \
        with a Lanczos top-k solver, and the Fisher (small-distance) limit beside it.

        With --output PREFIX: PREFIX.eigenvalues.csv, PREFIX.coordinates.csv, PREFIX.json (summary, \
        seed, conventions) and, with --export-distances, PREFIX.distances.csv (square matrix).

        Example: ribbon simulate --slope 1 --steps 300 --ratio 10 --dim 30 --samples 200 --runs 20
        """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var criterion: CriterionOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: ArgumentHelp("Write PREFIX.eigenvalues.csv, PREFIX.coordinates.csv and PREFIX.json.", valueName: "PREFIX"))
    var output: String?

    @Option(help: "Output format on standard output: table or json.")
    var format: OutputFormat = .table

    @Flag(help: "Also write PREFIX.distances.csv, the square Bhattacharyya matrix (needs the distance path: classification or --embedding distances).")
    var exportDistances = false

    func validate() throws {
        if exportDistances && output == nil { throw ValidationError("--export-distances needs --output PREFIX") }
        if exportDistances && simulation.likelihood == .regression && simulation.embedding == .covariance {
            throw ValidationError("--export-distances needs the distance matrix: add --embedding distances (or use classification)")
        }
    }

    func run() throws {
        let metadata = RunMetadata()
        let settings = try simulation.settings(spectrum: try model.makeSpectrum(), knobs: try model.makeKnobs())
        let result = try Simulation(settings)
        let criterion = try self.criterion.makeCriterion()
        let summary = result.json(metadata: metadata, criterion: criterion).serialized(pretty: true) + "\n"
        if let prefix = output {
            try OutputFile.write(result.eigenvalueCSV(), to: prefix + ".eigenvalues.csv")
            try OutputFile.write(result.coordinateCSV(), to: prefix + ".coordinates.csv")
            try OutputFile.write(summary, to: prefix + ".json")
            if exportDistances, let text = result.distanceCSV() { try OutputFile.write(text, to: prefix + ".distances.csv") }
        }
        switch format {
        case .json: print(summary, terminator: "")
        default:
            print("ribbon simulate · \(settings.spectrum.summary) · T=\(NumberFormat.short(settings.knobs.steps)) r=\(NumberFormat.short(settings.knobs.ratio)) · seed \(settings.seed)")
            print("points \(result.pointCount) · embedding: \(result.embedding.method)")
            if !result.failures.isEmpty { print("runs stopped (non-finite): " + result.failures.map { "run \($0.run) at step \($0.step)" }.joined(separator: ", ")) }
            let a = result.anomalies
            if a.infinite + a.negative + a.notANumber > 0 {
                print("distance anomalies: \(a.infinite) infinite, \(a.negative) negative (most negative \(a.mostNegative)), \(a.notANumber) NaN — kept, not clamped")
            }
            print(result.eigenvalueCSV(), terminator: "")
        }
    }
}

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
        deviation it detects with 90% power ('detectable'). SGD (--batch): bootstrap SEs with a Bonferroni \
        threshold (approximate). --detect δ picks R so that every compared quantity has detectable ≤ δ \
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
    @Option(name: .customLong("false-alarm"), help: "Family-wise false-fail probability α at correct theory (joint over every judged row), in (0, 0.5).")
    var falseAlarm: Double = Verification.defaultAlpha
    @Option(help: "Bootstrap replicates for the SGD error bars.")
    var bootstrap: Int = 200
    @Option(help: "Parametric replicates of the exact null law (GD and flow).")
    var nullReplicates: Int = 4000
    @Option(help: ArgumentHelp("Compare with these predictions instead of E2: JSON {\"variances\": [...]} (optional ratios, explained_stress, hyper_ribbon), ribbon widths --format json, or a CSV with a variance column.", valueName: "FILE"))
    var against: String?
    @Option(help: ArgumentHelp("Pick R so that every compared quantity has a detectable relative deviation ≤ δ (90% power).", valueName: "δ"))
    var detect: Double?
    @Option(help: "The largest R --detect may pick.")
    var maxRuns: Int = 2000
    @Option(help: ArgumentHelp("Verify every ok row of a `ribbon scan` CSV (dense: at the point; --boundaries: at boundary ÷ and × --side).", valueName: "FILE"))
    var fromScan: String?
    @Option(parsing: .unconditional, help: "Factor on each side of a boundary for --from-scan boundary files.")
    var side: Double = 1.5
    @Option(help: "At most this many points from --from-scan.")
    var maxPoints: Int = 20
    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard bootstrap >= 10 else { throw ValidationError("--bootstrap must be at least 10 (got \(bootstrap))") }
        guard falseAlarm > 0, falseAlarm < 0.5 else { throw ValidationError("--false-alarm must lie in (0, 0.5) (got \(falseAlarm)); it is the family-wise false-fail probability") }
        guard nullReplicates >= 200 else { throw ValidationError("--null-replicates must be at least 200 (got \(nullReplicates))") }
        guard maxRuns >= 10 else { throw ValidationError("--max-runs must be at least 10 (got \(maxRuns))") }
        if let detect, !(detect > 0 && detect < 10) { throw ValidationError("--detect must lie in (0, 10) (a relative deviation, e.g. 0.1; got \(detect))") }
        guard side > 1 else { throw ValidationError("--side must be > 1 (got \(side))") }
    }

    func run() throws {
        let metadata = RunMetadata()
        if let fromScan { return try verifyScan(fromScan, metadata: metadata) }
        let criterion = try self.criterion.makeCriterion()
        let theory = try against.map { path throws(RibbonError) in try TheoryFile.read(path) }
        var settings = try simulation.settings(spectrum: try model.makeSpectrum(), knobs: try model.makeKnobs())
        if let detect {
            let started = Date()
            let plan = try Verification.plannedRuns(settings: settings, criterion: criterion, top: top, alpha: falseAlarm, detect: detect)
            guard plan.runs <= maxRuns else {
                throw RibbonError(.invalidParameter, "--detect \(detect) needs R ≈ \(plan.runs) runs (detectable \(String(format: "%.1f%%", 100 * plan.pilot)) at R = \(settings.runs)), beyond --max-runs \(maxRuns); raise --max-runs or --detect")
            }
            // Time estimate: a 10-run simulation, scaled to R.
            var probe = settings
            probe.runs = 10
            let t0 = Date()
            _ = try Simulation(probe)
            let perRun = Date().timeIntervalSince(t0) / 10
            FileHandle.standardError.write(Data("verify --detect \(detect): planned R = \(plan.runs) (detectable \(String(format: "%.1f%%", 100 * plan.pilot)) at R = \(settings.runs)); estimated time \(String(format: "%.1f", perRun * Double(plan.runs) + Date().timeIntervalSince(started))) s\n".utf8))
            settings.runs = plan.runs
        }
        let result = try Simulation(settings)
        let verification = try Verification(simulation: result, criterion: criterion, top: top, alpha: falseAlarm, bootstrap: bootstrap,
                                            nullReplicates: nullReplicates, against: theory)
        if format == .json {
            print(verification.json(simulation: result, metadata: metadata, criterion: criterion).serialized(pretty: true))
        } else {
            print(verification.table(simulation: result, criterion: criterion), terminator: "")
        }
        if !verification.allPass { throw ExitCode(1) }
    }

    /// Verifies the points of a scan file; one summary line per simulated point.
    private func verifyScan(_ path: String, metadata: RunMetadata) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RibbonError(.invalidInput, "cannot read scan file '\(path)'")
        }
        let lines = text.split(separator: "\n")
        guard let header = lines.first.map(CSVTable.fields), header.first == "index" else {
            throw RibbonError(.invalidInput, "'\(path)' is not a ribbon scan CSV (no index column)")
        }
        func column(_ row: [String], _ name: String) -> String? {
            header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var points: [(label: String, knobs: Knobs, spectrum: Spectrum, criterion: HyperRibbonCriterion)] = []
        for line in lines.dropFirst() {
            let row = CSVTable.fields(line)
            guard column(row, "status") == "ok" else { continue }
            guard column(row, "spectrum") == "geometric", let c = column(row, "slope").flatMap(Double.init) ?? (header.contains("slope") ? nil : 1),
                  let dim = column(row, "dim").flatMap(Int.init) else { continue }
            let value = { (name: String) in column(row, name).flatMap(Double.init) }
            let criterion = try HyperRibbonCriterion(rho: value("rho") ?? 0.5, epsilon: value("epsilon") ?? 1e-3)
            let target = column(row, "target").flatMap(TargetProfile.init(rawValue:)) ?? .weights
            let dynamics: Dynamics = column(row, "dynamics") == "flow" ? .flow : .discrete
            func add(_ label: String, slope: Double, steps: Double, ratio: Double) throws {
                let knobs = try Knobs(eta: value("eta") ?? 1, steps: steps.rounded(), ratio: ratio, sigma0: value("sigma0") ?? 1,
                                      target: target, dynamics: dynamics)
                points.append((label, knobs, try Spectrum.geometric(lambda1: value("lambda1") ?? 1, slope: slope, dimension: dim), criterion))
            }
            if let axis = column(row, "axis") {
                guard let b = value("boundary") else { continue }
                for (tag, x) in [("below", b / side), ("above", b * side)] {
                    let slope = axis == "slope" ? x : c, steps = axis == "steps" ? max(1, x) : value("steps") ?? 1
                    let ratio = axis == "ratio" ? x : value("ratio") ?? 1
                    try add("\(axis) \(tag) boundary \(NumberFormat.short(b, digits: 4))", slope: slope, steps: steps, ratio: ratio)
                }
            } else {
                try add("point \(column(row, "index") ?? "")", slope: c, steps: value("steps") ?? 1, ratio: value("ratio") ?? 1)
            }
        }
        guard !points.isEmpty else { throw RibbonError(.invalidInput, "'\(path)' has no ok rows with a geometric spectrum to verify") }
        var table = TextTable(headers: ["point", "c", "T", "r", "HR exact", "HR simulated", "rows passed", "result"],
                              alignments: [.left, .right, .right, .right, .left, .left, .right, .left])
        var anyFail = false
        for p in points.prefix(maxPoints) {
            let result = try Simulation(try simulation.settings(spectrum: p.spectrum, knobs: p.knobs))
            let v = try Verification(simulation: result, criterion: p.criterion, top: top, alpha: falseAlarm, bootstrap: bootstrap,
                                     nullReplicates: nullReplicates)
            anyFail = anyFail || !v.allPass
            table.append([p.label, NumberFormat.short(p.spectrum.slope ?? .nan), NumberFormat.short(p.knobs.steps),
                          NumberFormat.short(p.knobs.ratio), v.exactVerdict.isHyperRibbon ? "yes" : "no",
                          v.simulatedVerdict.isHyperRibbon ? "yes" : "no",
                          "\(v.rows.count - v.failed)/\(v.rows.count)", v.allPass ? "pass" : "FAIL"])
        }
        print("ribbon verify --from-scan \(path) · \(min(points.count, maxPoints)) of \(points.count) points · n=\(simulation.samples) R=\(simulation.runs) seed=\(simulation.seed) · joint test per point at family-wise α = \(NumberFormat.short(falseAlarm))")
        print(table.render())
        if anyFail { throw ExitCode(1) }
    }
}
