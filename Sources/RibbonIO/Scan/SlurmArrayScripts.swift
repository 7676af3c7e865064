import Foundation
import RibbonCore

/// The scripts of `ribbon scan … --slurm N`: an N-task Slurm job array that computes the shards of one scan,
/// each task resuming its own part file (so a requeued or preempted task continues instead of restarting),
/// and a merge job that runs only after every task succeeded. Written, never submitted: the user reads them
/// first and submits with `submit.sh`.
///
/// Why resume on requeue: Slurm sends SIGTERM before it requeues or preempts a task; `scan` then finishes its
/// current block, exits 143, and the next run of the same task continues the checksummed part file. The merged
/// table is byte-identical to an unsharded run.
public struct SlurmArrayScripts: Sendable {
    /// The ribbon binary the tasks run (an absolute path).
    public let ribbon: String
    /// The scan's grid and settings as command-line words (no --output, --shard, --resume, --jobs, --slurm).
    public let scanArguments: [String]
    /// The merged table (an absolute path); parts are `output.part-K`, scripts live in `output.slurm/`.
    public let output: String
    /// Number of array tasks.
    public let tasks: Int
    /// Threads per task (`--cpus-per-task`, and the scan's `--jobs`).
    public let cpusPerTask: Int
    /// Memory per task in MiB.
    public let memoryMiB: Int
    /// Wall-time limit per task in minutes.
    public let minutes: Int

    public init(
        ribbon: String, scanArguments: [String], output: String, tasks: Int, cpusPerTask: Int, memoryMiB: Int,
        minutes: Int
    ) throws(RibbonError) {
        guard tasks >= 1 && tasks <= 100_000 else {
            throw .parameter("the job array needs 1…100000 tasks (got \(tasks))")
        }
        self.ribbon = ribbon
        self.scanArguments = scanArguments
        self.output = output
        self.tasks = tasks
        self.cpusPerTask = cpusPerTask
        self.memoryMiB = memoryMiB
        self.minutes = minutes
    }

    /// The folder holding the scripts and task logs.
    public var directory: String { output + ".slurm" }
    /// The part file of task `k`.
    public func part(_ k: Int) -> String { "\(output).part-\(k)" }

    /// `D-HH:MM:00`, Slurm's time format.
    var timeLimit: String {
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        return String(format: "%d-%02d:%02d:00", days, hours, rest)
    }

    /// A word quoted for a POSIX shell when it needs to be.
    public static func quoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:,=+@%^")
        if !word.isEmpty && word.allSatisfy(safe.contains) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    var name: String { "ribbon-" + URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent }

    /// The array job: one shard per task, resumed in place on requeue.
    public var arrayScript: String {
        let scan = ([ribbon, "scan"] + scanArguments).map(Self.quoted).joined(separator: " ")
        return """
            #!/bin/bash
            # Written by `ribbon scan … --slurm \(tasks)`: task K computes shard K/\(tasks) into \(Self.quoted(part(0)).replacingOccurrences(of: "part-0", with: "part-K")).
            # --requeue: Slurm sends SIGTERM first; scan finishes its block, exits 143, and the rerun resumes the part file.
            #SBATCH --job-name=\(name)
            #SBATCH --array=0-\(tasks - 1)
            #SBATCH --cpus-per-task=\(cpusPerTask)
            #SBATCH --mem=\(memoryMiB)M
            #SBATCH --time=\(timeLimit)
            #SBATCH --requeue
            #SBATCH --output=\(directory)/task-%a.log
            set -euo pipefail
            \(scan) \\
                --shard "$SLURM_ARRAY_TASK_ID/\(tasks)" --jobs \(cpusPerTask) \\
                --output \(Self.quoted(output)).part-"$SLURM_ARRAY_TASK_ID" --resume

            """
    }

    /// The merge job: joins every part into the table one run would have written (byte for byte).
    public var mergeScript: String {
        let parts = (0..<tasks).map { Self.quoted(part($0)) }.joined(separator: " \\\n    ")
        return """
            #!/bin/bash
            # Written by `ribbon scan … --slurm \(tasks)`: runs after every array task succeeded (afterok).
            #SBATCH --job-name=\(name)-merge
            #SBATCH --cpus-per-task=1
            #SBATCH --mem=512M
            #SBATCH --time=\(timeLimit)
            #SBATCH --output=\(directory)/merge.log
            set -euo pipefail
            \(Self.quoted(ribbon)) merge --output \(Self.quoted(output)) \\
                \(parts)

            """
    }

    /// Submits the array, then the merge with `--dependency=afterok`; prints both job ids.
    public var submitScript: String {
        let dir = Self.quoted(directory)
        return """
            #!/bin/bash
            # Submits the scan's job array and its merge job (which waits for every task to succeed).
            set -euo pipefail
            array=$(sbatch --parsable \(dir)/array.sbatch)
            array=${array%%;*}
            merge=$(sbatch --parsable --dependency=afterok:"$array" \(dir)/merge.sbatch)
            echo "$array"
            echo "${merge%%;*}"

            """
    }

    /// Writes the three scripts into `directory` (executable), replacing earlier ones.
    public func write() throws(RibbonError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RibbonError(.invalidParameter, "cannot create '\(directory)': \(error.localizedDescription)")
        }
        let files = [("array.sbatch", arrayScript), ("merge.sbatch", mergeScript), ("submit.sh", submitScript)]
        try OutputFile.writeAll(files.map { (directory + "/" + $0.0, $0.1) })
        for (name, _) in files { chmod(directory + "/" + name, 0o755) }
    }
}
