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

        Exit codes: 0 success, 1 numerical failure, 2 usage error (bad option, range or file).
        """,
        version: RunMetadata.version,
        subcommands: [Widths.self, Boundary.self, Scan.self, Merge.self, SpectrumCommand.self, Simulate.self, Verify.self, Outliers.self, Align.self, Reproduce.self, Bench.self]
    )

    /// The root command; it has no options of its own (required by `ParsableCommand`).
    public init() {}

    /// Runs the command line and returns the process exit code: 0 success, 1 numerical failure,
    /// 2 usage error. Every error is one line on stderr saying what is wrong and what is allowed.
    public static func run(_ arguments: [String]) -> Int32 {
        // A file-size limit (ulimit -f) should make writes fail with EFBIG, reported like a full disk,
        // instead of killing the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch let error as RibbonError {
            printError(error.message)
            return error.kind == .numerical ? 1 : 2
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                return 0
            }
            let message = self.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            printError("\(message) (see 'ribbon help')")
            return 2
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
