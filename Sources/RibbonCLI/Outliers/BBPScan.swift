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
            their relative difference and the integer boundary. A point that fails is a row with status=error.

            Rows are written as `scan hr` writes them: in grid-index order for any --jobs, with checksums; \
            --resume continues FILE, --shard k/n computes every n-th run of consecutive points and `ribbon merge` \
            joins the shards.

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
    @OptionGroup var rows: ScanRunOptions

    func run() throws {
        var axes: [BBPScanGrid.Axis] = []
        for (knob, grid) in try knobs.axes(free: boundaries) { axes.append(.init(knob: knob, values: grid.values)) }
        let grid = try BBPScanGrid(
            model: knobs.model, axes: axes, traced: boundaries,
            settings: .init(noiseVariance: knobs.noiseVariance, meanNorm: knobs.meanNorm, ridge: knobs.ridge))
        let layout = BBPScanLayout(grid: grid)
        let shard = try rows.shard(for: layout)
        let sidecar = ScanSidecar(layout: layout, format: format, shard: shard, settings: [])
        let runner = ScanRunner(
            layout: layout, format: format, output: rows.output, jobs: rows.threads, shard: shard,
            evaluate: { index, _ in layout.resultCells(at: index) })
        try ScanExecution(runner: runner, sidecar: sidecar, metadata: RunMetadata(), options: rows).run()
    }
}
