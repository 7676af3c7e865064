import ArgumentParser
import RibbonCore
import RibbonIO

/// `ribbon widths`: the exact width spectrum at one parameter point, with closed forms beside it.
struct Widths: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Exact widths, explained stress and hyper-ribbon verdict at one point, with closed forms.",
        discussion: """
            Builds the exact d×d covariance of the trajectory ensemble (E2; E3 with --flow), takes its \
            eigenvalues μ_k (ribbon's own symmetric eigensolver, tested against GSL's; the large-d \
            engine above 400 kept modes), and prints widths √μ_k, variance ratios \
            μ_{k+1}/μ_k, explained stress χ_k, K_ε and the HR(ρ*, ε) verdict, then the asymptotic laws \
            A1–A4 and bounds B1–B2, each tagged and beside its exact counterpart.

            Example: ribbon widths --slope 1 --steps 1000 --ratio 10
            """
    )

    @OptionGroup var model: ModelOptions
    @OptionGroup var criterion: CriterionOptions

    @Option(help: "Number of leading modes to tabulate and to compare with closed forms.")
    var top: Int = 10

    @OptionGroup var engineOption: EngineOption

    @OptionGroup var noise: SGDOptions

    @OptionGroup var destination: ReportOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1 (got \(top))") }
    }

    func run() throws {
        var metadata = RunMetadata()
        let sgd = try noise.makeNoise()
        let analysis = try WidthAnalysis(
            spectrum: try model.makeSpectrum(recording: &metadata), knobs: try model.makeKnobs(),
            criterion: try criterion.makeCriterion(), top: top, sgd: sgd, method: engineOption.engine)
        // The table and the JSON (which `verify --against` reads) are the widths' own; the rows go through the report writer.
        switch destination.format {
        case .table, .json:
            let text =
                destination.format == .table
                ? analysis.table(top: top) : analysis.json(metadata: metadata).serialized(pretty: true) + "\n"
            try OutputFile.write(
                text, to: destination.output, metadata: metadata,
                sidecar: [
                    ("parameters", analysis.parametersJSON), ("conventions", RunMetadata.json(analysis.conventions)),
                    ("format", .string(destination.format.rawValue)),
                ])
        case .csv, .jsonl, .markdown:
            try destination.write([analysis.report], metadata: metadata)
        }
    }
}
