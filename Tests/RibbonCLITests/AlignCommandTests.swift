import Foundation
import RibbonTestSupport
import Testing

@Suite("ribbon align as a user runs it")
struct AlignCommandTests {
    @Test("A small SGD-vs-ODE check passes, prints its rules, and writes CSV with a sidecar")
    func smallRun() throws {
        let r = try CommandRunner.run(["align", "--dims", "400", "--times", "1,3", "--runs", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("pass_rule") && r.stdout.contains("Gauss–Hermite")
                && r.stdout.contains("judged rows pass")
                && !r.stdout.contains("FAIL"))
        let directory = try CommandRunner.temporaryDirectory()
        let file = directory.appendingPathComponent("align.csv").path
        let c = try CommandRunner.run([
            "align", "--dims", "400", "--times", "1", "--runs", "2", "--format", "csv", "--output", file,
        ])
        #expect(c.status == 0, "\(c.stderr)")
        let csv = try String(contentsOfFile: file, encoding: .utf8)
        #expect(
            csv.hasPrefix(
                "classes,lambda,ridge,step_constant,dimensions,times,runs,seed,test_samples_per_dimension,row,dimension,time,quantity,"
            ))
        #expect(csv.contains(",check,400,1.0,m_diag,,asymptotic,"))
        let sidecar =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file + ".meta.json")))
            as? [String: Any]
        #expect(
            (sidecar?["parameters"] as? [String: Any])?["classes"] as? Int == 4
                && sidecar?["schema_version"] as? Int == 2)
        let json = try CommandRunner.run(["align", "--dims", "400", "--times", "1", "--runs", "2", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let conventions = try #require(object["conventions"] as? [String: Any])
        #expect((conventions["expectations"] as? String)?.contains("Gauss–Hermite") == true)
        #expect(conventions["sgd"] != nil && conventions["pass_rule"] != nil)
    }

    @Test("--ode-only prints the ODE statistics as CSV (tag asymptotic)")
    func odeOnly() throws {
        let r = try CommandRunner.run(["align", "--ode-only", "--times", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("5.0,m_diag,asymptotic,") })
        let value = try #require(Double(line.split(separator: ",")[3]))
        #expect(abs(value - 0.732282) < 1e-6)
    }

    @Test("A failed comparison exits 1 (d = 16: finite-size bias beyond 1%)")
    func failureExitsOne() throws {
        let r = try CommandRunner.run(["align", "--dims", "16", "--times", "5", "--runs", "64"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL"))
    }

    @Test(
        "Bad input exits 2 with one line",
        arguments: [
            (["align", "--classes", "1"], "at least 2"),
            (["align", "--dims", "3"], "at least k"),
            (["align", "--lambda", "-1"], "λ must be"),
            (["align", "--lambda", "1", "--step-constant", "4"], "(0, 4λ)"),
            (["align", "--times", "2,1"], "ascending"),
            (["align", "--times", "1,x"], "not a valid number"),
            (["align", "--runs", "1"], "runs"),
            (["align", "--quadrature", "simpson:4"], "gh:N or mc:N"),
            (["align", "--dims", "100,100"], "repeats"),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}

@Suite("ribbon boundary bbp and scan bbp as a user runs them")
struct BBPCommandTests {
    @Test("boundary bbp prints closed form and root side by side; plain `boundary` still means hr")
    func boundary() throws {
        let r = try CommandRunner.run([
            "boundary", "bbp", "--model", "logit", "--axis", "variance-ratio", "--classes", "10",
            "--samples", "300", "--parameters", "1000", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let closed = try #require((object["closed_form"] as? [String: Any])?["value"] as? Double)
        let root = try #require((object["root"] as? [String: Any])?["value"] as? Double)
        // √((C − 1)/(ND)) = √(9/300000), to a few ulps; the root to Brent's 1e-12 in ln x.
        expectClose(closed, 0.0054772255750516611, relative: 1e-13)
        expectClose(root, closed, relative: 1e-10)
        let hr = try CommandRunner.run([
            "boundary", "--axis", "ratio", "--slope", "1", "--steps", "100", "--format", "csv",
        ])
        #expect(hr.status == 0, "\(hr.stderr)")
    }

    @Test("scan bbp: one row per point, shards partition the grid, --boundaries gives the threshold per point")
    func scan() throws {
        let args = [
            "scan", "bbp", "--model", "mixture", "--classes", "2,4,8", "--dim", "600", "--test-samples",
            "log:150:9600:4", "--lambda", "1,20",
        ]
        let whole = try CommandRunner.run(args)
        #expect(whole.status == 0, "\(whole.stderr)")
        let rows = whole.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 24)
        let parts = try (0..<3).map {
            try CommandRunner.run(args + ["--shard", "\($0)/3"]).stdout.split(separator: "\n").dropFirst()
        }
        #expect(Set(parts.flatMap { $0 }) == Set(rows))
        let b = try CommandRunner.run([
            "scan", "bbp", "--model", "logit", "--boundaries", "classes", "--samples", "300", "--parameters", "1000",
            "--variance-ratio", "0.001,0.01",
        ])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains(",classes,31.0") || b.stdout.contains(",classes,31.00000000000"))
    }

    /// The same scan loop as `scan hr`: checksummed rows, --resume after a cut, --shard and merge, exit 3 on failed
    /// points. The oracle is the uninterrupted, unsharded run of the same command.
    @Test("scan bbp resumes a cut file, merges shards into the unsharded table, and refuses to mix grids")
    func resumeAndMerge() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let args = [
            "scan", "bbp", "--model", "logit", "--classes", "2:9:8", "--samples", "100,300", "--parameters",
            "1000", "--variance-ratio", "log:1e-4:1e-1:6", "--format", "jsonl",
        ]
        let full = dir.appendingPathComponent("full.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        let whole = try CommandRunner.run(args + ["--output", full.path])
        #expect(whole.status == 0, "\(whole.stderr)")
        let text = try String(contentsOf: full, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 97)  // 96 rows and the final newline
        // A run stopped mid-write: 40 rows and part of the 41st.
        try (lines.prefix(40).joined(separator: "\n") + "\n" + lines[40].prefix(30)).write(
            to: part, atomically: true, encoding: .utf8)
        for suffix in [".meta.json", ".checksums"] {
            try FileManager.default.copyItem(atPath: full.path + suffix, toPath: part.path + suffix)
        }
        let resumed = try CommandRunner.run(args + ["--output", part.path, "--resume"])
        #expect(resumed.status == 0 && resumed.stderr.contains("reused"), "\(resumed.stderr)")
        #expect(try String(contentsOf: part, encoding: .utf8) == text)

        var parts: [String] = []
        for k in 0..<3 {
            let path = dir.appendingPathComponent("p\(k).jsonl").path
            #expect(try CommandRunner.run(args + ["--shard", "\(k)/3", "--jobs", "1", "--output", path]).status == 0)
            parts.append(path)
        }
        let merged = dir.appendingPathComponent("merged.jsonl")
        let merge = try CommandRunner.run(["merge", "--output", merged.path] + parts)
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(try String(contentsOf: merged, encoding: .utf8) == text)

        let other = try CommandRunner.run(
            args.map { $0 == "100,300" ? "100,301" : $0 } + ["--output", part.path, "--resume"])
        #expect(other.status == 2 && other.stderr.contains("refusing to mix"), "\(other.stderr)")
        let hr = dir.appendingPathComponent("hr.jsonl").path
        _ = try CommandRunner.run([
            "scan", "--slope", "1", "--steps", "10", "--ratio", "1,2,3", "--shard", "2/3", "--format", "jsonl",
            "--output", hr,
        ])
        let mixed = try CommandRunner.run([
            "merge", "--output", dir.appendingPathComponent("x.jsonl").path, parts[0], hr,
        ])
        #expect(mixed.status == 2 && mixed.stderr.contains("inconsistent"), "\(mixed.stderr)")

        let failing = [
            "scan", "bbp", "--model", "logit", "--classes", "1,2", "--samples", "300", "--parameters", "1000",
            "--variance-ratio", "0.01",
        ]
        let failed = try CommandRunner.run(failing)
        #expect(failed.status == 3 && failed.stdout.contains(",error,classes C must be"), "\(failed.stderr)")
        #expect(try CommandRunner.run(failing + ["--keep-going"]).status == 0)
    }

    @Test(
        "Bad input exits 2 with one line",
        arguments: [
            (["boundary", "bbp", "--model", "logit", "--axis", "lambda", "--classes", "3"], "not a knob"),
            (
                ["boundary", "bbp", "--model", "logit", "--axis", "classes", "--samples", "3"],
                "is required for the logit model"
            ),
            (
                [
                    "boundary", "bbp", "--model", "mixture", "--axis", "dim", "--classes", "4", "--lambda", "1",
                    "--test-samples", "10", "--samples", "3",
                ], "does not belong"
            ),
            (
                [
                    "boundary", "bbp", "--model", "mixture", "--axis", "dim", "--classes", "4", "--lambda", "-1",
                    "--test-samples", "10",
                ], "λ must be"
            ),
            (
                [
                    "scan", "bbp", "--model", "logit", "--classes", "", "--samples", "3", "--parameters", "3",
                    "--variance-ratio", "1",
                ], "empty"
            ),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}
