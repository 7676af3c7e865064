import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

extension RowFormat: ExpressibleByArgument {}
extension PhaseMap.Style: ExpressibleByArgument {}

/// `ribbon scan`: grids of knobs for the hyper-ribbon phase diagram (`hr`, the default) or the
/// BBP outlier transition (`bbp`).
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Scan a grid of knobs: the hyper-ribbon phase diagram (hr, default) or the BBP outlier transition (bbp).",
        discussion:
            "Without a subcommand, the options go to `scan hr`: ribbon scan --slope 0.5,1 --steps 100 --ratio log:0.1:100:7",
        subcommands: [HyperRibbonScan.self, BBPScan.self],
        defaultSubcommand: HyperRibbonScan.self
    )
}

/// `ribbon scan hr`: a phase diagram (dense verdict grid) or a phase-boundary table over a grid.
struct HyperRibbonScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hr",
        abstract: "Scan a grid of knobs: the HR verdict at every point, or the boundary along one axis.",
        discussion: """
            Grids: a:b:n (n inclusive linear points), log:a:b:n (inclusive log-spaced, a > 0), or a comma \
            list. With no knob grid, the default phase diagram is computed: slope \(GridOptions.defaultSlope) × \
            steps \(GridOptions.defaultSteps) × ratio \(GridOptions.defaultRatio) (d = 200, ηλ₁ = 1, σ₀ = 1).

            One row per grid point (long/tidy), written as soon as it is computed, in grid-index order for \
            any --jobs. A point that fails is a row with status=error and its message. With --output FILE \
            a FILE.meta.json sidecar records version, git commit, GSL version, command line, grid, \
            conventions and timing. --resume continues FILE (refusing a file made with other \
            conventions); --shard k/n computes every n-th run of consecutive points (runs keep the work neighbouring points share); `ribbon merge` joins shards.

            Cluster job array (Slurm): ribbon scan ... --output scan.csv --slurm 64 writes scan.csv.slurm/ \
            (array.sbatch: task K runs --shard K/64 --output scan.csv.part-K --resume; merge.sbatch: afterok, \
            ribbon merge; submit.sh submits both). --dry-run prints the point count and estimated time and memory.
            """
    )

    @OptionGroup var grid: GridOptions

    @Option(
        help: ArgumentHelp(
            "Trace the phase boundary along this axis (ratio, steps, slope, batch) for every point of the other axes.",
            valueName: "AXIS"))
    var boundaries: BoundaryAxis?

    @OptionGroup var range: RangeOptions

    @Option(help: "Leading variances and ratios recorded per point.")
    var top: Int = 3

    @OptionGroup var engineOption: EngineOption

    @Option(
        help:
            "Row format: csv (long/tidy), jsonl (JSON Lines), or for people markdown or latex (booktabs; with --columns and --digits)."
    )
    var format: RowFormat = .csv

    @Flag(
        help:
            "Also print a phase map to stdout (slope × steps grid of HR verdicts, or of boundary values with --boundaries); rows need --output FILE."
    )
    var map = false

    @Option(
        help: ArgumentHelp(
            "Write the phase map to FILE instead of standard output (implies --map, as do --map-rows and --map-cols).",
            valueName: "FILE")
    )
    var mapOutput: String?

    @Option(help: "Phase map as markdown or latex (booktabs tables for a paper; ■ needs amssymb).")
    var mapFormat: PhaseMap.Style = .markdown

    @Option(
        help:
            "Significant digits of boundary values in the phase map and of numbers in --format markdown or latex rows (csv and jsonl keep full precision)."
    )
    var digits: Int = 4

    @Option(
        help: ArgumentHelp(
            "Columns of --format markdown or latex rows, comma-separated, in this order (e.g. slope,steps,ratio,hyper_ribbon,k_epsilon,mu_1); default: all. csv and jsonl keep every column (resume and merge read them).",
            valueName: "LIST"))
    var columns: String?

    @Option(
        help: ArgumentHelp(
            "Knob on the rows of the phase map (a parameter column: slope, alpha, spectrum, steps, ratio, eta, sigma0, rho, epsilon, dim, …); default: slope, α or the spectrum file.",
            valueName: "KNOB"))
    var mapRows: String?

    @Option(
        help: ArgumentHelp(
            "Knob on the columns of the phase map; default: steps (ratio when --boundaries steps).", valueName: "KNOB"))
    var mapCols: String?

    /// Whether a phase map is drawn (--map or --map-output).
    var drawsMap: Bool { map || mapOutput != nil || mapRows != nil || mapCols != nil }

    @OptionGroup var rows: ScanRunOptions

    @Flag(
        help:
            "Print the grid size, an estimate of time and memory (from a few timed points), and the first points; write nothing."
    )
    var dryRun = false

    @Option(
        help: ArgumentHelp(
            "Write (not submit) a Slurm job array for N tasks: FILE.slurm/array.sbatch (shard K/N → FILE.part-K, resumed on requeue), merge.sbatch (afterok) and submit.sh.",
            valueName: "N"))
    var slurm: Int?

    func validate() throws {
        guard top >= 1 && top <= 50 else { throw ValidationError("--top must be in 1...50 (got \(top))") }
        guard digits >= 1 && digits <= 17 else { throw ValidationError("--digits must be in 1...17 (got \(digits))") }
        if columns != nil && format != .markdown && format != .latex {
            throw ValidationError(
                "--columns selects the columns of --format markdown or latex rows; csv and jsonl keep every column (resume and merge read them)"
            )
        }
        if drawsMap && rows.output == "-" {
            throw ValidationError("--map prints to standard output; send the rows to a file with --output FILE")
        }
        if let slurm {
            guard slurm >= 1 && slurm <= 100_000 else {
                throw ValidationError("--slurm needs 1…100000 tasks (got \(slurm))")
            }
            guard rows.output != "-" else {
                throw ValidationError("--slurm needs --output FILE (the merged table; parts are FILE.part-K)")
            }
            if rows.shard != nil || rows.resume || drawsMap || dryRun {
                throw ValidationError(
                    "--slurm writes the job scripts only; --shard, --resume, --map and --dry-run belong to the tasks it writes"
                )
            }
        }
        if boundaries == nil && range.isSet {
            throw ValidationError("--from/--to set the boundary search range; they need --boundaries AXIS")
        }
    }

    func run() throws {
        var metadata = RunMetadata()
        let grid = try self.grid.makeGrid(traced: boundaries, recording: &metadata)
        let schema = ScanSchema(mode: boundaries == nil ? .dense : .boundaries, top: top, tracedAxis: boundaries)
        let layout = HyperRibbonScanLayout(grid: grid, schema: schema)
        let shard = try rows.shard(for: layout)
        var phaseMap = try PhaseMap(schema: schema, digits: digits, rows: mapRows, columns: mapCols)
        let solver = try boundaries.map(range.solver(axis:))
        var settings: [(String, JSONValue)] = [("top", .integer(top))]
        if engineOption.engine != .automatic { settings.append(("engine", .string(engineOption.engine.rawValue))) }
        if let solver {
            settings.append(
                (
                    "boundary_solver",
                    .object([
                        ("axis", .string(solver.axis.rawValue)),
                        ("range", .numbers([solver.range.lowerBound, solver.range.upperBound])),
                        ("scan_points", .integer(solver.scanPoints)),
                        ("relative_tolerance", .number(solver.relativeTolerance)),
                    ])
                ))
        }
        let sidecar = ScanSidecar(layout: layout, format: format, shard: shard, settings: settings)

        let top = self.top
        let engine = engineOption.engine
        let evaluate: ScanRunner.Evaluate = { index, cache in
            do {
                var point = try grid.point(at: index)
                point.method = engine
                if let solver {
                    return schema.boundaryCells(try BoundaryAnalysis(base: point, solver: solver))
                }
                return schema.denseCells(try PointEvaluation(point: point, top: top, solvers: cache))
            } catch let error as RibbonError {
                return schema.failureCells(error.message)
            } catch {
                return schema.failureCells("\(error)")
            }
        }
        if dryRun { return try printDryRun(grid: grid, schema: schema, shard: shard, evaluate: evaluate) }
        if let slurm { return try writeSlurmScripts(tasks: slurm, grid: grid, evaluate: evaluate) }

        let runner = ScanRunner(
            layout: layout, format: format, output: rows.output, jobs: rows.threads, shard: shard, evaluate: evaluate)
        if format == .markdown || format == .latex {
            runner.paperRows = try PaperRows(
                columns: schema.columns,
                selecting: try columns.map { try CommaList.parse($0, option: "columns") { $0 } },
                digits: digits, style: format)
        }
        try ScanExecution(runner: runner, sidecar: sidecar, metadata: metadata, options: rows).run(
            onRows: drawsMap ? { phaseMap.add($0) } : nil,
            afterRun: { _, resumed in
                guard drawsMap else { return }
                if (resumed?.donePrefix ?? 0) > 0 {
                    ScanExecution.say("scan: the map shows only points computed in this run")
                }
                if let mapOutput {
                    try OutputFile.write(phaseMap.render(mapFormat), to: mapOutput)
                } else {
                    FileHandle.standardOutput.write(Data(phaseMap.render(mapFormat).utf8))
                }
            })
    }

    private func printDryRun(grid: ScanGrid, schema: ScanSchema, shard: Shard, evaluate: ScanRunner.Evaluate) throws {
        let mine = shard.indices(count: grid.count)  // lazy: a 1e9-point grid is not materialised
        let points = shard.pointCount(of: grid.count)
        print(
            "grid: \(grid.count) points; this run (shard \(shard.description)): \(points) points; mode: \(schema.mode.rawValue)"
        )
        let cost = ScanCost.estimate(grid: grid, shard: shard, evaluate: evaluate)
        print(cost.summary(points: points, threads: rows.threads))
        print("first points:")
        var table = CSVTable(header: schema.parameterColumns)
        for index in mine.prefix(10) { table.append(schema.parameterCells(grid, index: index)) }
        print(table.render(), terminator: "")
    }

    /// `--slurm N`: the job array, merge job and submit script for this scan, sized from a few timed points.
    private func writeSlurmScripts(tasks: Int, grid: ScanGrid, evaluate: ScanRunner.Evaluate) throws {
        let cpus = rows.jobs ?? 1
        let cost = ScanCost.estimate(grid: grid, shard: .whole, evaluate: evaluate)
        let perTask = (grid.count + tasks - 1) / tasks
        // Three times the estimate plus 10 minutes: the sample is small and cluster nodes differ.
        let minutes = Int((3 * cost.seconds(points: perTask, threads: cpus) / 60).rounded(.up)) + 10
        let absolute = URL(fileURLWithPath: rows.output).standardizedFileURL.path
        let scripts = try SlurmArrayScripts(
            ribbon: ScanCost.executablePath, scanArguments: Self.gridArguments(CommandLine.arguments),
            output: absolute, tasks: tasks, cpusPerTask: cpus,
            memoryMiB: cost.memoryMiB(threads: cpus), minutes: minutes)
        try scripts.write()
        print(
            """
            wrote \(scripts.directory)/array.sbatch (\(tasks) tasks × about \(perTask) points, \(cpus) CPU, --mem=\(scripts.memoryMiB)M, --time=\(minutes) min), merge.sbatch, submit.sh
            submit: bash \(SlurmArrayScripts.quoted(scripts.directory + "/submit.sh"))
            """)
    }

    /// The command line's grid and settings: everything after `scan` (and `hr`) except the options that
    /// --slurm sets per task (--output, --shard, --resume, --force, --jobs, --slurm, --map, --dry-run).
    static func gridArguments(_ arguments: [String]) -> [String] {
        var words = Array(arguments.dropFirst())
        if let scan = words.firstIndex(of: "scan") { words.removeFirst(scan + 1) }
        if words.first == "hr" { words.removeFirst() }
        let
            withValue: Set = [
                "--output", "--shard", "--jobs", "--slurm", "--map-output", "--map-format", "--digits", "--map-rows",
                "--map-cols",
            ],
            flags: Set = ["--resume", "--force", "--map", "--dry-run"]
        var out: [String] = [], skip = false
        for word in words {
            if skip { skip = false; continue }
            let name = String(word.prefix { $0 != "=" })
            if flags.contains(word) { continue }
            if withValue.contains(name) { skip = !word.contains("="); continue }
            out.append(word)
        }
        return out
    }
}
