import ArgumentParser
import RibbonCore
import RibbonIO

extension ReportFormat: ExpressibleByArgument {}

/// `--format` and `--output` of every command whose result is a ``Report`` (verify, outliers, align, xor,
/// zone, confident): all five formats, written by the one ``ReportWriter``.
struct ReportOptions: ParsableArguments {
    @Option(
        help:
            "Output format: table or markdown (for people), csv (long/tidy: one row per closed form or check, the parameters on every row), jsonl (the same rows as JSON Lines) or json (one object)."
    )
    var format: ReportFormat = .table

    @Option(
        help: ArgumentHelp(
            "Write to FILE instead of standard output (with a FILE.meta.json sidecar).", valueName: "FILE"))
    var output: String = "-"

    /// Renders `reports` and writes them, with a sidecar naming the study, its parameters and the format.
    func write(_ reports: [Report], metadata: RunMetadata) throws {
        let text = ReportWriter(metadata: metadata).render(reports, as: format)
        var sidecar: [(String, JSONValue)] = [("study", .string(reports.first?.study ?? ""))]
        if reports.count == 1 { sidecar.append(("parameters", ReportWriter.object(reports[0].parameters))) }
        try OutputFile.write(
            text, to: output, metadata: metadata, sidecar: sidecar + [("format", .string(format.rawValue))])
    }
}
