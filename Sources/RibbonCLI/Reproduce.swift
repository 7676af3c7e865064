import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonReproduce

/// `ribbon reproduce`: regenerates the tables and figures under `output/`, or checks them.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Regenerate the tables and SVG figures under output/ (deterministic: fixed grids and seeds), or --check them.",
        discussion: """
            Each item writes its CSV/Markdown tables, SVG figures and NAME.meta.json. --check recomputes \
            every table and compares it with the committed file (text cells exactly, numbers to \
            \(Reproduce.tolerance) relative), so a stale result is caught; figures are derived from the same numbers.
            """
    )

    /// Relative tolerance of `--check` (``ReproduceCatalog/tolerance``).
    static let tolerance = ReproduceCatalog.tolerance

    @Argument(help: "An item name (see --list) or all.")
    var name: String = "all"

    @Flag(help: "List the items and exit.")
    var list = false

    @Flag(help: "Recompute and compare with the files in --directory instead of writing.")
    var check = false

    @Option(help: "Where the items live.")
    var directory: String = "output"

    func run() throws {
        let items = ReproduceCatalog.items
        if list {
            for item in items { print("\(item.name)\t\(item.summary)") }
            return
        }
        let chosen = name == "all" ? items : items.filter { $0.name == name }
        guard !chosen.isEmpty else {
            throw RibbonError(
                .invalidParameter, "no item '\(name)'; allowed: all, " + items.map(\.name).joined(separator: ", "))
        }
        var isDirectory: ObjCBool = false
        if check
            && !(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue)
        {
            throw RibbonError(
                .invalidParameter,
                "no '\(directory)/' directory here to check; run from the repository root or pass --directory DIR")
        }
        var stale: [String] = []
        for item in chosen {
            let started = Date()
            let files = try item.make()
            if check {
                for (file, content) in files where !file.hasSuffix(".svg") {
                    let path = directory + "/" + file
                    guard let committed = try? String(contentsOfFile: path, encoding: .utf8) else {
                        stale.append("\(path) (missing)"); continue
                    }
                    if let problem = ReproduceCatalog.compare(committed, content) {
                        stale.append("\(path): \(problem)")
                    }
                }
                for (file, _) in files
                where file.hasSuffix(".svg") && !FileManager.default.fileExists(atPath: directory + "/" + file) {
                    stale.append("\(directory)/\(file) (missing)")
                }
                FileHandle.standardError.write(
                    Data("reproduce --check \(item.name): \(files.count) files compared\n".utf8))
                continue
            }
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (file, content) in files { try OutputFile.write(content, to: directory + "/" + file) }
            let meta = RunMetadata().json(extra: [
                ("item", .string(item.name)), ("summary", .string(item.summary)),
                ("files", .array(files.map { .string($0.0) })),
                ("seed", .string(String(ReproduceCatalog.seed))),
                ("elapsed_seconds", .number(Date().timeIntervalSince(started))),
            ])
            try OutputFile.write(meta.serialized(pretty: true) + "\n", to: directory + "/\(item.name).meta.json")
            FileHandle.standardError.write(
                Data("reproduce \(item.name): \(files.map(\.0).joined(separator: ", "))\n".utf8))
        }
        if !stale.isEmpty {
            FileHandle.standardError.write(
                Data(
                    ("reproduce --check: stale results:\n" + stale.map { "  " + $0 }.joined(separator: "\n") + "\n")
                        .utf8))
            throw ExitCode(1)
        }
    }
}
