import Foundation
import RibbonCLI
import Testing

/// The command tree parsed and run inside the test process (no `ribbon` process): option parsing, the exit-code
/// map and file output are library behaviour, so a reader can test them at the speed of a function call.
@Suite("Commands parsed in process")
struct InProcessParsingTests {
    @Test("Subcommands and their options parse; bad values throw")
    func parse() throws {
        let widths = try Ribbon.parseAsRoot([
            "widths", "--slope", "1", "--steps", "10", "--ratio", "2", "--format", "csv",
        ])
        #expect(String(describing: type(of: widths)) == "Widths")
        let bbp = try Ribbon.parseAsRoot([
            "scan", "bbp", "--model", "mixture", "--classes", "3", "--dim", "20", "--test-samples", "40",
            "--lambda", "1",
        ])
        #expect(String(describing: type(of: bbp)) == "BBPScan")
        #expect(throws: (any Error).self) { try Ribbon.parseAsRoot(["widths", "--format", "yaml"]) }
        #expect(throws: (any Error).self) { try Ribbon.parseAsRoot(["verify", "--slope", "one"]) }
    }

    @Test("Ribbon.run maps outcomes to exit codes: 0 written, 2 usage")
    func exitCodes() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("w.csv").path
        #expect(
            Ribbon.run([
                "widths", "--slope", "1", "--steps", "10", "--ratio", "2", "--dim", "8", "--format", "csv", "--output",
                file,
            ]) == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("spectrum,slope,alpha,dim,"))
        #expect(FileManager.default.fileExists(atPath: file + ".meta.json"))
        #expect(Ribbon.run(["widths", "--slope", "1", "--steps", "10", "--ratio", "2", "--eta", "2.5"]) == 2)
    }
}

@Suite("Help of commands with a default subcommand")
struct DefaultSubcommandHelpTests {
    @Test("`help scan`, `scan --help` and `help boundary` list the default subcommand's options and the others")
    func help() throws {
        for arguments in [["help", "scan"], ["scan", "--help"], ["scan", "-h"]] {
            let r = try CommandRunner.run(arguments)
            #expect(r.status == 0)
            for option in ["--slope", "--boundaries", "--output", "--slurm", "--resume", "scan bbp"] {
                #expect(r.stdout.contains(option), "\(arguments): \(option)")
            }
        }
        let boundary = try CommandRunner.run(["help", "boundary"])
        #expect(boundary.status == 0 && boundary.stdout.contains("--axis") && boundary.stdout.contains("boundary bbp"))
        // The subcommands' own help is unchanged.
        #expect(try CommandRunner.run(["help", "scan", "bbp"]).stdout.contains("--model"))
    }
}
