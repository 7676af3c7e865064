import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// The `ribbon` command tree.
public struct Ribbon: ParsableCommand {
    /// The command name, help text, version and subcommands.
    public static let configuration = CommandConfiguration(
        commandName: "ribbon",
        abstract: "Hyper-ribbon phase diagrams of linear models trained by gradient descent.",
        discussion: """
            Computes the widths of the training-trajectory manifold exactly (THEORY.md E2/E3), the \
            hyper-ribbon verdict, and closed forms tagged exact / asymptotic / bound / criterion.

            Conventions (recorded in every output):
            \(ConventionsHelp.text)

            Exit codes: 0 success; 1 a check found a disagreement (verify, align, outliers --simulate); \
            2 usage error (bad option, range or file); 3 numerical failure; 130 stopped by SIGINT, 143 by SIGTERM.
            """,
        version: RunMetadata.version,
        subcommands: [
            Widths.self, Boundary.self, Scan.self, Merge.self, SpectrumCommand.self, Simulate.self, Verify.self,
            Outliers.self, Align.self, Plot.self, Reproduce.self, Bench.self,
        ]
    )

    /// The root command; it has no options of its own (required by `ParsableCommand`).
    public init() {}

    /// Runs the command line and returns the process exit code: 0 success, 1 a check found a
    /// disagreement, 2 usage error, 3 numerical failure (130/143 when a scan is stopped by SIGINT/SIGTERM).
    /// Every error is one line on stderr saying what is wrong and what is allowed.
    public static func run(_ arguments: [String]) -> Int32 {
        // A file-size limit (ulimit -f) should make writes fail with EFBIG, reported like a full disk,
        // instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        if let text = defaultSubcommandHelp(arguments) {
            print(text, terminator: "")
            return 0
        }
        if let problem = unknownCommand(arguments) {
            printError(problem)
            return 2
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch let error as RibbonError {
            printError(error.message + (error.topic.map { " (\(optionHint($0)))" } ?? ""))
            return error.kind == .numerical ? 3 : 2
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            printError("\(message) (see 'ribbon help \(helpPath(arguments))')")
            return 2
        }
    }

    /// `ribbon help scan`, `ribbon scan --help` (and the same for `boundary`): the options of the default
    /// subcommand, which is what a bare `ribbon scan …` runs, followed by the other subcommands. Swift Argument
    /// Parser would show only the parent's two subcommands.
    static func defaultSubcommandHelp(_ arguments: [String]) -> String? {
        let parents: [(String, any ParsableCommand.Type, String)] = [
            ("scan", HyperRibbonScan.self, "scan bbp: the BBP outlier transition over a grid ('ribbon help scan bbp')"),
            (
                "boundary", HyperRibbonBoundary.self,
                "boundary bbp: the BBP threshold along one knob ('ribbon help boundary bbp')"
            ),
        ]
        for (name, command, other) in parents {
            let asked =
                arguments == ["help", name] || arguments == [name, "--help"] || arguments == [name, "-h"]
                || arguments == [name, "help"]
            if asked {
                let help = command.helpMessage(for: command, columns: nil)
                    .replacingOccurrences(of: "USAGE: hr ", with: "USAGE: ribbon \(name) [hr] ")
                return help + "\n\nOTHER SUBCOMMANDS:\n  " + other + "\n"
            }
        }
        return nil
    }

    /// A command's name as typed: its configured name, or its type name in lower case.
    static func name(of command: any ParsableCommand.Type) -> String {
        command.configuration.commandName ?? String(describing: command).lowercased()
    }

    /// "unknown command 'widht'; did you mean 'widths'?" when the first argument names no command.
    static func unknownCommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-"), first != "help" else { return nil }
        let names = configuration.subcommands.map { name(of: $0) }
        guard !names.contains(first) else { return nil }
        var best: (name: String, distance: Int)? = nil
        for candidate in names {
            let d = editDistance(candidate, first)
            if d <= 2 && d < (best?.distance ?? .max) { best = (candidate, d) }
        }
        return "unknown command '\(first)'" + (best.map { "; did you mean '\($0.name)'?" } ?? "")
            + " (commands: \(names.joined(separator: ", ")); see 'ribbon help')"
    }

    /// The subcommand path named by the leading arguments ("scan", "scan bbp"), for help hints.
    static func helpPath(_ arguments: [String]) -> String {
        var path: [String] = []
        var commands = configuration.subcommands
        for argument in arguments {
            guard let command = commands.first(where: { name(of: $0) == argument }) else { break }
            path.append(argument)
            commands = command.configuration.subcommands
        }
        return path.joined(separator: " ")
    }

    /// Levenshtein distance, for "did you mean" hints (one row of the dynamic-programming table at a time).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for (i, cx) in x.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, cy) in y.enumerated() {
                let above = row[j + 1]
                row[j + 1] = min(above + 1, row[j] + 1, diagonal + (cx == cy ? 0 : 1))
                diagonal = above
            }
        }
        return row[y.count]
    }

    /// The options that control a library error's topic: the library names its parameters, the CLI its flags.
    static func optionHint(_ topic: RibbonError.Topic) -> String {
        switch topic {
        case .dynamics: return "--flow switches to gradient flow; without it, discrete GD"
        case .checkpoints: return "--checkpoints every|log:K"
        case .spectrum: return "--spectrum NAME|FILE"
        case .searchRange: return "--from/--to set the range"
        case .axis: return "--axis"
        case .bootstrap: return "--bootstrap B"
        case .detect: return "--detect D plans the runs; --runs R sets them"
        case .target: return "--target weights|outputs"
        case .dimension: return "--dim; for kernels it must equal --kernel-samples"
        case .batch: return "--batch B turns on SGD"
        case .learningRate: return "--eta"
        case .simulationSize: return "--checkpoints log:K, --runs, --steps, --embedding covariance"
        case .scale: return "--ratio, --sigma0, --lambda1, --noise-sd"
        }
    }

    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("ribbon: error: \(message)\n".utf8))
    }
}

/// The conventions as printed in `--help`.
enum ConventionsHelp {
    static var text: String {
        let example = Conventions(dynamics: .discrete, target: .weights, criterion: try! HyperRibbonCriterion())
        return example.entries.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
    }
}
