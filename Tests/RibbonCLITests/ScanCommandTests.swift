import Foundation
import RibbonTestSupport
import Testing

@Suite("ribbon scan, boundary and merge end to end")
struct ScanCommandTests {
    static let grid = ["scan", "--slope", "0.5,1,2", "--steps", "log:1:1e4:5", "--ratio", "1,30", "--dim", "80"]

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test("--jobs 1 and --jobs 2 write identical files; the sidecar records provenance and timing")
    func jobsIdentical() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let a = dir.appendingPathComponent("a.csv"), b = dir.appendingPathComponent("b.csv")
        #expect(try CommandRunner.run(Self.grid + ["--jobs", "1", "--output", a.path]).status == 0)
        #expect(try CommandRunner.run(Self.grid + ["--jobs", "2", "--output", b.path]).status == 0)
        #expect(try Self.read(a) == Self.read(b))
        #expect(try Self.read(a).split(separator: "\n").count == 31)  // header + 3·5·2 rows
        let meta =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a.path + ".meta.json")))
            as! [String: Any]
        for key in [
            "ribbon_version", "git_commit", "gsl_version", "command_line", "grid", "conventions", "elapsed_seconds",
            "status",
        ] {
            #expect(meta[key] != nil, "\(key)")
        }
        #expect(meta["status"] as? String == "complete")
    }

    @Test("Three shards merged equal one run; overlapping or inconsistent shards are refused")
    func shardsAndMerge() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let single = dir.appendingPathComponent("single.csv")
        #expect(try CommandRunner.run(Self.grid + ["--output", single.path]).status == 0)
        var parts: [String] = []
        for k in 0..<3 {
            let part = dir.appendingPathComponent("part-\(k).csv").path
            #expect(try CommandRunner.run(Self.grid + ["--shard", "\(k)/3", "--output", part]).status == 0)
            parts.append(part)
        }
        let merged = dir.appendingPathComponent("merged.csv")
        #expect(try CommandRunner.run(["merge", "--output", merged.path] + parts).status == 0)
        #expect(try Self.read(merged) == Self.read(single))

        let overlap = try CommandRunner.run([
            "merge", "--output", dir.appendingPathComponent("x.csv").path, parts[0], parts[0], parts[1], parts[2],
        ])
        #expect(overlap.status == 2 && overlap.stderr.contains("overlapping"))
        let incomplete = try CommandRunner.run([
            "merge", "--output", dir.appendingPathComponent("y.csv").path, parts[0], parts[1],
        ])
        #expect(incomplete.status == 2 && incomplete.stderr.contains("incomplete"))
        let other = dir.appendingPathComponent("other.csv").path
        _ = try CommandRunner.run(Self.grid + ["--rho", "0.4", "--shard", "2/3", "--output", other])
        let inconsistent = try CommandRunner.run([
            "merge", "--output", dir.appendingPathComponent("z.csv").path, parts[0], parts[1], other,
        ])
        #expect(inconsistent.status == 2 && inconsistent.stderr.contains("inconsistent"))
    }

    @Test("An interrupted scan resumed equals an uninterrupted one; other conventions are refused")
    func resume() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let full = dir.appendingPathComponent("full.jsonl"), part = dir.appendingPathComponent("part.jsonl")
        let grid = Self.grid + ["--format", "jsonl"]
        #expect(try CommandRunner.run(grid + ["--output", full.path]).status == 0)
        // Simulate a run stopped mid-write: keep the first 11 rows and half of the 12th.
        let lines = try Self.read(full).split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.prefix(11).joined(separator: "\n") + "\n" + lines[11].prefix(40)
        try cut.write(to: part, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: full.path + ".meta.json", toPath: part.path + ".meta.json")
        let resumed = try CommandRunner.run(grid + ["--output", part.path, "--resume"])
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("19 computed, 11 reused"))
        #expect(try Self.read(part) == Self.read(full))

        let refused = try CommandRunner.run(grid + ["--epsilon", "0.01", "--output", part.path, "--resume"])
        #expect(refused.status == 2 && refused.stderr.contains("refusing to mix"))
        let flow = try CommandRunner.run(grid + ["--flow", "--output", part.path, "--resume"])
        #expect(flow.status == 2 && flow.stderr.contains("refusing to mix"))
        let exists = try CommandRunner.run(grid + ["--output", part.path])
        #expect(exists.status == 2 && exists.stderr.contains("--resume"))
    }

    @Test(
        "SIGINT and SIGTERM leave complete rows, exit 128 + signal (130, 143), and a sidecar marked interrupted",
        arguments: [SIGINT, SIGTERM])
    func interrupt(signal: Int32) throws {
        let dir = try CommandRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("big.csv")
        let process = Process()
        process.executableURL = CommandRunner.executable
        // Large enough (44 000 points, ~15 s on 2 cores) that the signal always lands mid-scan.
        process.arguments = [
            "scan", "--slope", "log:0.05:4:400", "--steps", "log:1:1e5:11", "--ratio", "log:1:100:10", "--output",
            out.path,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: 1.0)
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 128 + signal)
        let text = try Self.read(out)
        #expect(text.hasSuffix("\n"))
        let columns = text.split(separator: "\n")[0].split(separator: ",").count
        #expect(
            text.split(separator: "\n").allSatisfy {
                $0.split(separator: ",", omittingEmptySubsequences: false).count == columns
            })
        let meta =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out.path + ".meta.json")))
            as! [String: Any]
        #expect(meta["status"] as? String == "interrupted")
    }

    /// Usage-level values (ηλ₁ ≥ 2 here) are refused before the scan; a point that fails only when it is
    /// computed (no SGD batch in 1..2 has finite mean covariance at η = 1.9) is an error row.
    @Test("A failing grid point is a status row, not an abort; usage-level values are refused up front")
    func failingPoint() throws {
        let refused = try CommandRunner.run([
            "scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--eta", "0.5,2.5", "--dim", "20",
        ])
        #expect(refused.status == 2 && refused.stderr.contains("diverges") && refused.stdout.isEmpty)
        let arguments = [
            "scan", "--boundaries", "batch", "--slope", "1", "--steps", "10", "--ratio", "1",
            "--eta", "0.5,1.9", "--from", "1", "--to", "2", "--dim", "20",
        ]
        // Without --keep-going a scan with failed points exits 3 and says how many failed and why.
        let strict = try CommandRunner.run(arguments)
        #expect(strict.status == 3 && strict.stderr.contains("1 point failed") && strict.stderr.contains("heavy-tail"))
        let result = try CommandRunner.run(arguments + ["--keep-going"])
        #expect(result.status == 0)
        #expect(result.stdout == strict.stdout)
        let rows = result.stdout.split(separator: "\n")
        try #require(rows.count == 3)
        #expect(rows[1].contains(",ok,"))
        #expect(rows[2].contains(",error,") && rows[2].contains("heavy-tail threshold"))
    }

    @Test("Boundary mode traces the ratio boundary per point and matches THEORY.md")
    func boundaryMode() throws {
        let result = try CommandRunner.run([
            "scan", "--boundaries", "ratio", "--slope", "1", "--steps", "100,1000",
            "--from", "0.01", "--format", "jsonl",
        ])
        #expect(result.status == 0)
        let rows = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(rows.count == 2)
        let values = rows.map { ($0["exact"] as! NSNumber).doubleValue }
        expectClose(values[0], 14.0, relative: 0.005)
        expectClose(values[1], 15.6, relative: 0.005)
        #expect(rows[0]["best_closed_form"] as? String == "reduced_composite" && rows[0]["ratio"] == nil)
        // One column per form; the recommended one (R1 composite) is within 10% here (measured +1.1%, −2.6%).
        let best = rows.map { ($0["best_closed_form_value"] as! NSNumber).doubleValue }
        for (b, exact) in zip(best, values) { expectClose(b, exact, relative: 0.1, "best closed form") }
        // Every form has a value column and its relative difference; the searched range is on the row.
        for name in ["p3", "p3_prime", "small_steps", "derived_composite", "reduced_composite", "spec_recommended"] {
            #expect(rows[0].keys.contains(name) && rows[0].keys.contains(name + "_relative_difference"), "\(name)")
        }
        #expect(rows[0]["search_from"] as? Double == 0.01 && rows[0]["search_to"] as? Double == 1e4)
        let p3 = (rows[1]["p3"] as! NSNumber).doubleValue,
            p3Difference = (rows[1]["p3_relative_difference"] as! NSNumber).doubleValue
        expectClose((p3 - values[1]) / values[1], p3Difference, relative: 1e-12)
    }

    /// Dense rows carry the recommended closed form's verdict: the exact small-T method at T ≤ 64 (equal to the
    /// exact verdict), the R1 composite above (agreeing with the exact verdict on 99.8% of the accuracy grid).
    @Test("Dense scans add closed_form_hyper_ribbon and the form behind it")
    func closedFormVerdictColumn() throws {
        let result = try CommandRunner.run([
            "scan", "--slope", "1", "--steps", "10,1000", "--ratio", "5,30", "--format", "jsonl",
        ])
        #expect(result.status == 0)
        let rows = try result.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
        #expect(rows.count == 4)
        for row in rows {
            let steps = (row["steps"] as! NSNumber).doubleValue
            #expect(row["closed_form"] as? String == (steps <= 64 ? "small_steps" : "reduced_composite"))
            #expect(row["closed_form_hyper_ribbon"] as? Bool == row["hyper_ribbon"] as? Bool, "\(row)")
        }
    }

    @Test("The default scan computes the documented diagram; --dry-run computes nothing")
    func defaults() throws {
        let dry = try CommandRunner.run(["scan", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("grid: 168 points"))
        let markdown = try CommandRunner.run([
            "scan", "--format", "markdown", "--slope", "1", "--steps", "10", "--ratio", "5",
        ])
        #expect(markdown.stdout.hasPrefix("| index | spectrum |"))
    }

    @Test("ribbon boundary prints exact, closed form and relative difference as JSON")
    func boundaryJSON() throws {
        let result = try CommandRunner.run([
            "boundary", "--axis", "steps", "--slope", "2", "--ratio", "1000", "--to", "1e6", "--format", "json",
        ])
        #expect(result.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        for key in [
            "axis", "exact", "closed_forms", "best_closed_form", "relative_difference", "parameters", "conventions",
        ] { #expect(object[key] != nil, "\(key)") }
        let exact = object["exact"] as! [String: Any]
        #expect(exact["status"] as? String == "boundary")
        expectClose((exact["value"] as! NSNumber).doubleValue, 1.86e3, relative: 0.03)
        let best = try #require(object["best_closed_form"] as? [String: Any])
        for key in ["name", "form", "value", "status", "tag", "relative_difference", "formula", "mechanism", "why"] {
            #expect(best[key] != nil, "\(key)")
        }
        // c = 2, r = 1000: the derived P2 mechanism sets T*, within 5% (BOUNDARIES.md §2.4: −4.9%).
        #expect(
            best["mechanism"] as? String == "P2" && abs((best["relative_difference"] as! NSNumber).doubleValue) < 0.05)
        let forms = try #require(object["closed_forms"] as? [[String: Any]])
        #expect(
            forms.map { $0["name"] as! String } == [
                "P2", "P2_B1", "small_steps", "derived_composite", "reduced_composite", "P2_derived",
                "spec_recommended",
            ])
        let never = try CommandRunner.run([
            "boundary", "--axis", "ratio", "--slope", "1", "--steps", "1e4", "--format", "json",
        ])
        let neverExact =
            (try JSONSerialization.jsonObject(with: Data(never.stdout.utf8)) as! [String: Any])["exact"]
            as! [String: Any]
        #expect(neverExact["status"] as? String == "never" && neverExact["value"] is NSNull)
    }

    /// SGD axes: batch and label-noise grids are parameter columns, and the batch boundary per point
    /// reports the exact flip with S1 and the heavy-tail threshold beside it.
    @Test("Scan over SGD batch and label noise; boundaries along the batch")
    func sgdScan() throws {
        let dense = try CommandRunner.run([
            "scan", "--slope", "0.25", "--steps", "100", "--ratio", "100", "--dim", "40",
            "--batch", "10,100000", "--label-noise", "0,1", "--jobs", "1",
        ])
        #expect(dense.status == 0, "\(dense.stderr)")
        let rows = dense.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(rows.first)
        let batch = try #require(header.firstIndex(of: "batch")),
            noise = try #require(header.firstIndex(of: "label_noise"))
        let hr = try #require(header.firstIndex(of: "hyper_ribbon"))
        #expect(rows.dropFirst().map { $0[batch] } == ["10", "10", "100000", "100000"])
        #expect(rows.dropFirst().map { $0[noise] } == ["0.0", "1.0", "0.0", "1.0"])
        // B = 10 is deep in the noise phase at c = 0.25 (e^{−c} > ρ*); B = 1e5 is GD-like (HR at r = 100).
        #expect(rows.dropFirst().map { $0[hr] } == ["false", "false", "true", "true"])
        let traced = try CommandRunner.run([
            "scan", "--slope", "0.25", "--steps", "100", "--ratio", "100", "--dim", "40",
            "--boundaries", "batch", "--label-noise", "1", "--format", "jsonl",
        ])
        #expect(traced.status == 0, "\(traced.stderr)")
        let row = try #require(try JSONSerialization.jsonObject(with: Data(traced.stdout.utf8)) as? [String: Any])
        #expect(row["exact_status"] as? String == "boundary")
        #expect(row["best_closed_form_status"] as? String == "outside measured range")
        #expect(row["sgd_heavy_tail_batch"] is Double)
        let b = try #require(row["exact"] as? Double), s1 = try #require(row["s1"] as? Double)
        #expect(b > 1000 && b < 5000 && s1 > b, "boundary \(b), S1 \(s1)")
    }

    @Test(
        "Bad grids and conflicting options exit 2 with one line",
        arguments: [
            (["scan", "--slope", "", "--steps", "10", "--ratio", "1"], "empty"),
            (["scan", "--slope", "1:2:0", "--steps", "10", "--ratio", "1"], "at least 1"),
            (["scan", "--slope", "log:0:1:3", "--steps", "10", "--ratio", "1"], "a > 0"),
            (["scan", "--slope", "2:1:3", "--steps", "10", "--ratio", "1"], "n points from a to b"),
            (["scan", "--slope", "1", "--steps", "10"], "--ratio grid is required"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--resume"], "--output"),
            (
                ["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--output", "x.csv", "--resume", "--force"],
                "conflict"
            ),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--shard", "3/3"], "--shard"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--boundaries", "ratio"], "remove --ratio"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--from", "1"], "--boundaries"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--spectrum", "power"], "--slope applies"),
            (
                ["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--target", "both"],
                "allowed: weights, outputs"
            ),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--jobs", "0"], "--jobs"),
            (
                ["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--output", "/nonexistent/d/x.csv"],
                "cannot write"
            ),
            (["merge", "--output", "/tmp/m.csv", "/nonexistent.csv"], "sidecar"),
            (["boundary", "--axis", "ratio", "--slope", "1", "--steps", "10", "--from", "5", "--to", "1"], "range"),
            (
                [
                    "boundary", "--axis", "slope", "--spectrum", "power", "--alpha", "1", "--steps", "10", "--ratio",
                    "1",
                ], "geometric"
            ),
            (
                ["boundary", "--axis", "batch", "--batch", "4", "--slope", "1", "--steps", "10", "--ratio", "1"],
                "remove --batch"
            ),
            (
                ["boundary", "--axis", "batch", "--slope", "1", "--steps", "10", "--ratio", "1", "--flow"],
                "no gradient-flow form (--flow"
            ),
            (
                ["boundary", "--axis", "batch", "--slope", "0.5", "--steps", "10", "--ratio", "1", "--to", "2"],
                "heavy-tail"
            ),
            (["boundary", "--axis", "batch", "--slope", "0.5", "--steps", "1e6", "--ratio", "1"], "at most 200000"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--label-noise", "1"], "--batch"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--batch", "0"], "1...1e9"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--batch", "4", "--label-noise", "-1"], "≥ 0"),
            (
                ["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--batch", "4", "--boundaries", "batch"],
                "remove --batch"
            ),
        ])
    func badInput(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}

@Suite("ribbon at large d")
struct LargeDimensionCommandTests {
    /// d = 3072 power laws take the large-d engine: the scan says so per row, and K_ε's bracket is consistent.
    @Test("scan at d = 3072 reports the engine, K_ε's range and the error bound")
    func scanAtLargeDimension() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("large.csv")
        let result = try CommandRunner.run([
            "scan", "--spectrum", "power", "--alpha", "1,3", "--dim", "3072", "--steps", "100,1e5", "--ratio", "1,100",
            "--output", out.path,
        ])
        #expect(result.status == 0)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = { (name: String) in header.firstIndex(of: name)! }
        #expect(lines.count == 9)
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells[column("engine")] == "low-rank")
            let low = Int(cells[column("k_epsilon")])!, high = Int(cells[column("k_epsilon_max")])!
            #expect(low <= high && high <= 3072)
            let bound = Double(cells[column("variance_error_bound")])!
            #expect(bound >= 0 && bound < 1e-12)
        }
    }

    /// `--engine` lets a user check the large-d engine on their own spectrum: the same grid with both engines
    /// gives the same verdicts, and the dense K_ε lies in the large-d engine's proven range.
    @Test("--engine low-rank and --engine dense agree on a power-law scan")
    func enginesAgree() throws {
        let dir = try CommandRunner.temporaryDirectory()
        func rows(_ engine: String) throws -> [[String: String]] {
            let out = dir.appendingPathComponent("\(engine).csv")
            let result = try CommandRunner.run([
                "scan", "--spectrum", "power", "--alpha", "1,2.5", "--dim", "300", "--steps", "100,1e4", "--ratio",
                "1,30", "--engine", engine, "--output", out.path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return lines.dropFirst().map { line in
                Dictionary(
                    uniqueKeysWithValues: zip(
                        header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
            }
        }
        let large = try rows("low-rank"), dense = try rows("dense")
        #expect(large.count == 8 && dense.count == 8)
        for (a, b) in zip(large, dense) {
            #expect(a["engine"] == "low-rank" && b["engine"] == "dense")
            #expect(a["hyper_ribbon"] == b["hyper_ribbon"], "\(a["index"]!)")
            let k = Int(b["k_epsilon"]!)!, low = Int(a["k_epsilon"]!)!, high = Int(a["k_epsilon_max"]!)!
            #expect(low <= k && k <= high, "K_ε \(k) outside [\(low), \(high)]")
        }
    }
}
