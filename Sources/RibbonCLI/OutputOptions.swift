import ArgumentParser
import RibbonCore
import RibbonIO

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// Where and how a single result is written (`widths`, `boundary`).
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table (for people), csv (long/tidy) or json (one object).")
    var format: OutputFormat = .table

    @Option(
        help: ArgumentHelp(
            "Write to FILE instead of standard output (with a FILE.meta.json sidecar).", valueName: "FILE"))
    var output: String = "-"

    /// Renders the result in the chosen format (only that renderer runs) and writes it with its
    /// sidecar, to which the format is appended. A nil `json` means the command has no JSON form.
    func write(
        metadata: RunMetadata, sidecar: [(String, JSONValue)], table: () throws -> String, csv: () throws -> String,
        json: (() throws -> JSONValue)?
    ) throws {
        let text: String
        switch format {
        case .table: text = try table()
        case .csv: text = try csv()
        case .json:
            guard let json else { throw RibbonError.parameter("this command writes table or csv; use --format csv") }
            text = try json().serialized(pretty: true) + "\n"
        }
        try OutputFile.write(
            text, to: output, metadata: metadata, sidecar: sidecar + [("format", .string(format.rawValue))])
    }
}
