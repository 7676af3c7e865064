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

    @Option(
        help: ArgumentHelp("Write PREFIX.eigenvalues.csv, PREFIX.coordinates.csv and PREFIX.json.", valueName: "PREFIX")
    )
    var output: String?

    @Option(
        help:
            "Output format on standard output: table or markdown (for people), csv (long/tidy: one row per inPCA eigenvalue, the parameters on every row), jsonl or json."
    )
    var format: ReportFormat = .table

    @Flag(
        help:
            "Also write PREFIX.distances.csv, the square Bhattacharyya matrix (needs the distance path: classification or --embedding distances)."
    )
    var exportDistances = false

    func validate() throws {
        if exportDistances && output == nil { throw ValidationError("--export-distances needs --output PREFIX") }
        if exportDistances && simulation.likelihood == .regression && simulation.embedding == .covariance {
            throw ValidationError(
                "--export-distances needs the distance matrix: add --embedding distances (or use classification)")
        }
    }

    func run() throws {
        var metadata = RunMetadata()
        let settings = try simulation.settings(
            spectrum: try model.makeSpectrum(recording: &metadata), knobs: try model.makeKnobs())
        let result = try Simulation(settings)
        let criterion = try self.criterion.makeCriterion()
        let summary = result.json(metadata: metadata, criterion: criterion).serialized(pretty: true) + "\n"
        if let prefix = output {
            var files = [
                (prefix + ".eigenvalues.csv", result.eigenvalueCSV()),
                (prefix + ".coordinates.csv", result.coordinateCSV()),
                (prefix + ".json", summary),
            ]
            if exportDistances, let text = result.distanceCSV() { files.append((prefix + ".distances.csv", text)) }
            try OutputFile.writeAll(files)
        }
        print(
            ReportWriter(metadata: metadata).render([result.report(criterion: criterion)], as: format), terminator: "")
    }
}
