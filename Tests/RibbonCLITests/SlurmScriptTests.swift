import Foundation
import Testing

/// `scan --slurm N` without a cluster: the written scripts are valid bash, and running every array task (with
/// SLURM_ARRAY_TASK_ID set, as Slurm would), one of them interrupted and rerun, then the merge job, gives the
/// table an unsharded scan writes, byte for byte. The cluster itself is exercised by scripts/slurm-test.
@Suite("scan --slurm job scripts")
struct SlurmScriptTests {
    static let grid = ["--slope", "0.5,1,2", "--steps", "10,100,1000", "--ratio", "1,10", "--dim", "20"]

    @Test("The array and merge scripts reproduce the unsharded scan byte for byte")
    func scriptsReproduceTheScan() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let output = dir.appendingPathComponent("scan.csv").path
        let written = try CommandRunner.run(["scan"] + Self.grid + ["--output", output, "--slurm", "3"])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.contains("submit: bash"))
        let scripts = output + ".slurm"
        let array = try String(contentsOfFile: scripts + "/array.sbatch", encoding: .utf8)
        for line in ["#SBATCH --array=0-2", "#SBATCH --requeue", "--resume"] {
            #expect(array.contains(line), "\(line)")
        }
        #expect(array.contains("#SBATCH --mem=") && array.contains("#SBATCH --time="))
        for name in ["array.sbatch", "merge.sbatch", "submit.sh"] {
            #expect(try bash(["-n", scripts + "/" + name]).status == 0, "\(name) is not valid bash")
        }
        for task in 0..<3 {
            #expect(try bash([scripts + "/array.sbatch"], task: task).status == 0)
        }
        // A requeued task runs again on its complete part file: --resume keeps it as it is.
        let part = try Data(contentsOf: URL(fileURLWithPath: output + ".part-1"))
        #expect(try bash([scripts + "/array.sbatch"], task: 1).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output + ".part-1")) == part)
        #expect(try bash([scripts + "/merge.sbatch"]).status == 0)
        let single = dir.appendingPathComponent("single.csv").path
        #expect(try CommandRunner.run(["scan"] + Self.grid + ["--output", single]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: URL(fileURLWithPath: single)))
    }

    @Test(
        "--slurm refuses what only the tasks may set, and needs --output",
        arguments: [
            (["--slurm", "4"], "--output FILE"),
            (["--slurm", "4", "--output", "x.csv", "--shard", "0/2"], "--shard"),
            (["--slurm", "0", "--output", "x.csv"], "1…100000"),
        ])
    func refusals(extra: [String], expected: String) throws {
        try CommandRunner.expectUsageError(["scan"] + Self.grid + extra, mentioning: expected)
    }

    @Test("--dry-run prints the point count and an estimated time and memory")
    func dryRun() throws {
        let r = try CommandRunner.run(["scan"] + Self.grid + ["--dry-run"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("grid: 18 points") && r.stdout.contains("estimate:") && r.stdout.contains("MiB"))
    }

    /// bash on a written script, with SLURM_ARRAY_TASK_ID set as Slurm would for `task`.
    private func bash(_ arguments: [String], task: Int? = nil) throws -> CommandRunner.Result {
        try CommandRunner.run(
            arguments, program: URL(fileURLWithPath: "/bin/bash"),
            environment: task.map { ["SLURM_ARRAY_TASK_ID": String($0)] } ?? [:])
    }
}
