import Foundation
import RibbonIO
import RibbonTestSupport
import Testing

@Suite("ribbon simulate and ribbon verify as a user runs them")
struct VerifyCommandTests {
    static let point = [
        "--slope", "1", "--steps", "100", "--ratio", "28", "--dim", "12", "--samples", "60", "--runs", "30",
        "--bootstrap", "50",
    ]

    /// The exit-code mechanics (the statistics are tested in RibbonSimTests): correct theory passes (seed 3;
    /// a false fail has probability ≤ 1%), predictions 3× too large for μ₁ fail and name the quantity.
    @Test("verify exits 0 when every row passes and 1 when one fails")
    func exitCodes() throws {
        let ok = try CommandRunner.run(["verify"] + Self.point + ["--seed", "3"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(
            ok.stdout.contains("rows pass") && ok.stdout.contains("sample_eigenvalue_estimate")
                && ok.stdout.contains("could detect deviations ≥"))
        let widths = try CommandRunner.run([
            "widths", "--slope", "1", "--steps", "100", "--ratio", "28", "--dim", "12", "--format", "json",
        ])
        let exact = try #require(
            ((try JSONSerialization.jsonObject(with: Data(widths.stdout.utf8)) as? [String: Any])?["exact"]
                as? [String: Any])?["variances"] as? [Double])
        let dir = try CommandRunner.temporaryDirectory()
        let theory = dir.appendingPathComponent("wrong.json")
        try JSONSerialization.data(withJSONObject: ["variances": [exact[0] * 3] + exact.dropFirst()]).write(to: theory)
        let wrong = try CommandRunner.run(["verify"] + Self.point + ["--seed", "3", "--against", theory.path])
        #expect(wrong.status == 1)
        #expect(wrong.stdout.contains("FAIL") && wrong.stdout.contains("first failing: variance 1"))
        // The E2 prediction itself through --against (the widths JSON) passes like the default.
        let same = dir.appendingPathComponent("same.json")
        try Data(widths.stdout.utf8).write(to: same)
        #expect(try CommandRunner.run(["verify"] + Self.point + ["--seed", "3", "--against", same.path]).status == 0)
        // A file without a verdict: the verdict row is not judged, and its note names the file in one short phrase.
        let noVerdict = try CommandRunner.run(
            ["verify"] + Self.point + ["--seed", "3", "--against", theory.path, "--format", "csv"])
        let lines = noVerdict.stdout.split(separator: "\n").map { CSVTable.fields($0) }
        let header = try #require(lines.first)
        let verdictRow = try #require(lines.first { $0.contains("hyper_ribbon") })
        #expect(verdictRow[header.firstIndex(of: "reason")!] == "\(theory.path) gives no verdict", "\(verdictRow)")
        #expect(verdictRow[header.firstIndex(of: "verdict")!] == "not_judged")
    }

    @Test(
        "verify --against and --detect refuse bad input with exit 2 and one line",
        arguments: [
            ("{\"ratios\": [0.5]}", "no \"variances\""),
            ("{\"variances\": [1, -2]}", "finite and ≥ 0"),
            ("{\"variances\": [1, null]}", "not a number"),
            ("{\"variances\": [1,1,1,1,1,1,1,1,1,1,1,1,1]}", "more than the model's dimension"),
        ])
    func badTheory(content: String, expected: String) throws {
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("t.json")
        try Data(content.utf8).write(to: file)
        let r = try CommandRunner.run(["verify"] + Self.point + ["--against", file.path])
        #expect(r.status == 2 && r.stderr.contains(expected), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test("verify --detect plans R within --max-runs, or exits 2 naming the R it would need")
    func detect() throws {
        let capped = try CommandRunner.run(["verify"] + Self.point + ["--detect", "0.01", "--max-runs", "100"])
        #expect(capped.status == 2 && capped.stderr.contains("--max-runs 100") && capped.stderr.contains("needs R ≈"))
        let planned = try CommandRunner.run(
            ["verify"] + Self.point + ["--detect", "0.5", "--seed", "4", "--format", "json"])
        #expect(planned.status == 0 && planned.stderr.contains("planned R ="))
        let object = try JSONSerialization.jsonObject(with: Data(planned.stdout.utf8)) as! [String: Any]
        let detectable = try #require((object["summary"] as? [String: Any])?["detectable"] as? Double)
        // The plan scales the pilot's spread as 1/√R: the realised detectable is near δ (within 15%).
        #expect(detectable < 0.5 * 1.15, "\(detectable)")
    }

    @Test("verify --format json has checks with measured, SE, exact and verdict, and the schema version")
    func json() throws {
        let r = try CommandRunner.run(["verify"] + Self.point + ["--seed", "3", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["schema_version"] as? Int == 2)
        let rows = object["checks"] as! [[String: Any]]
        #expect(rows.count == 13)
        for key in ["measured", "predicted", "standard_error", "exact", "verdict", "z", "detectable", "tag"] {
            #expect(rows[0][key] != nil)
        }
        #expect(
            rows[0]["tag"] as? String == "exact" && rows[0]["quantity"] as? String == "variance"
                && rows[0]["k"] as? Int == 1)
        let conventions = try #require(object["conventions"] as? [String: Any])
        #expect((conventions["test"] as? String)?.contains("exact null law") == true)
        #expect((object["summary"] as? [String: Any])?["alpha"] as? Double == 0.01)
        let parameters = try #require(object["parameters"] as? [String: Any])
        #expect(parameters["seed"] as? Int == 3 && parameters["steps"] as? Int == 100)
    }

    @Test("simulate writes eigenvalues, coordinates and a summary with the seed; same seed, same numbers")
    func simulateOutputs() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let prefix = dir.appendingPathComponent("sim").path
        let args = [
            "simulate", "--slope", "1", "--steps", "50", "--ratio", "3", "--dim", "10", "--samples", "40", "--runs",
            "5",
            "--checkpoints", "log:10", "--components", "4", "--seed", "9",
        ]
        #expect(try CommandRunner.run(args + ["--output", prefix]).status == 0)
        let eigen = try String(contentsOfFile: prefix + ".eigenvalues.csv", encoding: .utf8)
        #expect(eigen.split(separator: "\n").count == 5)
        let coordinates = try String(contentsOfFile: prefix + ".coordinates.csv", encoding: .utf8)
        #expect(coordinates.hasPrefix("run,step,weight,x_1,x_2,x_3,x_4"))
        let summary =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: prefix + ".json")))
            as! [String: Any]
        #expect((summary["simulation"] as! [String: Any])["seed"] as? String == "9")
        let again = try CommandRunner.run(args + ["--format", "csv"])
        let first = String(eigen.split(separator: "\n")[1].split(separator: ",")[1])
        #expect(again.stdout.contains(",inpca_eigenvalue,1,") && again.stdout.contains("," + first + ","))

        // Exported distances re-embed to the same eigenvalues (an external inPCA would see these numbers).
        #expect(
            try CommandRunner.run(args + ["--output", prefix, "--embedding", "distances", "--export-distances"]).status
                == 0)
        let rows = try String(contentsOfFile: prefix + ".distances.csv", encoding: .utf8).split(separator: "\n")
        let points =
            try String(contentsOfFile: prefix + ".coordinates.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(rows.count == points && rows.allSatisfy { $0.split(separator: ",").count == points })
        let refused = try CommandRunner.run(args + ["--output", prefix, "--export-distances"])
        #expect(refused.status == 2 && refused.stderr.contains("--embedding distances"))
    }

    /// The inPCA convention against an independent computation on the exported distances: with N equally
    /// weighted points ribbon's e₁ is the top eigenvalue of −½PDP divided by N (power iteration here, 1e-9).
    @Test("inPCA eigenvalues are those of −½PDP divided by N, as the conventions say")
    func inPCAConvention() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let prefix = dir.appendingPathComponent("u").path
        let run = try CommandRunner.run([
            "simulate", "--slope", "1", "--steps", "20", "--ratio", "3", "--dim", "10", "--samples", "40",
            "--runs", "5", "--components", "4", "--seed", "9", "--output", prefix,
            "--embedding", "distances", "--export-distances",
        ])
        #expect(run.status == 0)
        let rows = try String(contentsOfFile: prefix + ".distances.csv", encoding: .utf8).split(separator: "\n")
        let d = rows.map { $0.split(separator: ",").map { Double($0)! } }
        let n = d.count
        // B = −½ P D P with P = I − 11ᵀ/N.
        let rowMean = d.map { $0.reduce(0, +) / Double(n) }, grand = rowMean.reduce(0, +) / Double(n)
        let b = (0..<n).map { i in (0..<n).map { j in -0.5 * (d[i][j] - rowMean[i] - rowMean[j] + grand) } }
        var v = [Double](repeating: 1, count: n), top = 0.0
        for _ in 0..<500 {
            let w = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + b[i][$1] * v[$1] } }
            let norm = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
            top = (0..<n).reduce(0.0) { $0 + v[$1] * w[$1] } / v.reduce(0) { $0 + $1 * $1 }
            v = w.map { $0 / norm }
        }
        let eigen = try String(contentsOfFile: prefix + ".eigenvalues.csv", encoding: .utf8).split(separator: "\n")
        let e1 = try #require(Double(eigen[1].split(separator: ",")[1]))
        expectClose(top / Double(n), e1, relative: 1e-9, "−½PDP top / N against ribbon's e₁")
        let summary = try String(contentsOfFile: prefix + ".json", encoding: .utf8)
        #expect(summary.contains("unnormalised eigenvalues of −½PDP are N·e_k"))
    }

    @Test("verify --from-scan checks both sides of every boundary and says which boundaries it did not test")
    func fromScan() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let scan = dir.appendingPathComponent("b.csv").path
        #expect(
            try CommandRunner.run([
                "scan", "--boundaries", "ratio", "--slope", "1", "--steps", "100", "--dim", "12", "--from", "0.01",
                "--output", scan,
            ]).status == 0)
        let r = try CommandRunner.run([
            "verify", "--from-scan", scan, "--samples", "60", "--runs", "30", "--bootstrap", "50", "--seed", "2",
        ])
        #expect(r.stdout.contains("below boundary") && r.stdout.contains("above boundary"), "\(r.stdout)")
        #expect(r.status == 0 || r.status == 1)
        // At R = 30 the verdict is not judged on both sides (c = 1, T = 100: exact worst ratios within a few
        // null SDs of ρ*); the output must say the location was not fully tested and give an R.
        #expect(r.stdout.contains("the HR verdict was judged at"), "\(r.stdout)")
        if r.stdout.contains("HR judged") && r.stdout.contains("no (R≈") {
            #expect(r.stdout.contains("boundary ratio = ") && r.stdout.contains("would judge it"), "\(r.stdout)")
        }
    }

    @Test(
        "verify --from-scan refuses the options a scan fixes, with exit 2 and one line",
        arguments: [
            "--dim", "--slope", "--steps", "--ratio", "--eta", "--rho",
        ])
    func fromScanRefusesFixedOptions(option: String) throws {
        try CommandRunner.expectUsageError(
            ["verify", "--from-scan", "scan.csv", option, "2"],
            mentioning: "\(option) cannot be combined with --from-scan")
    }

    /// 27 points, 14 of them hyper-ribbons at d = 20 (c ∈ {0.5, 1, 2}, T ∈ {10, 100, 1000}, r ∈ {0.3, 3, 30}); six
    /// picked points must include both phases and not be the first six rows (the old behaviour).
    @Test("verify --from-scan spreads --max-points over the grid and both phases; CSV and JSON are tidy")
    func fromScanSpreadAndFormats() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let scan = dir.appendingPathComponent("dense.csv").path
        #expect(
            try CommandRunner.run([
                "scan", "--slope", "0.5,1,2", "--steps", "10,100,1000", "--ratio", "0.3,3,30", "--dim", "20",
                "--output", scan,
            ]).status == 0)
        let common = [
            "verify", "--from-scan", scan, "--samples", "40", "--runs", "20", "--bootstrap", "50", "--max-points", "6",
            "--seed", "5",
        ]
        let json = try CommandRunner.run(common + ["--format", "json"])
        #expect(json.status == 0 || json.status == 1, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count == 6)
        let indices = points.compactMap { $0["scan_index"] as? Int }
        #expect(indices != Array(0..<6) && (indices.max() ?? 0) >= 18, "\(indices)")
        let phases = Set(points.compactMap { $0["hyper_ribbon_exact"] as? Bool })
        #expect(phases == [true, false], "\(points.map { $0["hyper_ribbon_exact"] ?? "nil" })")
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["points"] as? Int == 6 && summary["verdict_judged"] is Int)

        let csv = try CommandRunner.run(common + ["--format", "csv"])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        let header = try #require(lines.first).split(separator: ",").map(String.init)
        #expect(
            Array(header.prefix(3)) == ["scan_index", "side", "spectrum"] && header.contains("detectable")
                && header.contains("quantity"))
        #expect(lines.count > 6 * 10)
        let column = { (name: String) in header.firstIndex(of: name)! }
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells.count == header.count, "\(line)")
            // Parameters on every row; the verdict row keeps simulated/exact numeric (1 or 0).
            #expect(
                Double(cells[column("slope")]) != nil && Int(cells[column("steps")]) != nil
                    && Int(cells[column("dim")]) == 20)
            if cells[column("quantity")] == "hyper_ribbon" {
                #expect(["0", "1", "0.0", "1.0"].contains(cells[column("exact")]), "\(line)")
            }
        }
    }

    @Test(
        "Bad simulation input exits 2 with one line",
        arguments: [
            (
                ["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "20", "--samples", "10"],
                "samples n must be at least"
            ),
            (
                ["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "20", "--runs", "1"],
                "runs R must be at least 2"
            ),
            (
                [
                    "simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                    "--runs", "2", "--checkpoints", "log:3",
                    "--likelihood", "classification", "--components", "50",
                ], "components"
            ),
            (
                ["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--checkpoints", "sometimes"],
                "--checkpoints"
            ),
            (["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--eta", "2.5"], "diverges"),
            (
                [
                    "simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                    "--output", "/nonexistent/x",
                ], "cannot write"
            ),
            (["verify", "--from-scan", "/nonexistent.csv"], "cannot read scan file"),
            (
                [
                    "simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                    "--seed", "4294967295",
                ], "32-bit seed"
            ),
            (
                [
                    "simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                    "--likelihood", "classification", "--flow",
                ],
                "gradient flow is implemented for regression only; classification trains by discrete GD (--flow"
            ),
        ])
    func badInput(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }

    @Test("Classification near the uniform point sits close to its Fisher (regression) limit, far from it does not")
    func classificationLimit() throws {
        func ratios(_ sigma0: String, _ ratio: String) throws -> [Double] {
            let r = try CommandRunner.run([
                "simulate", "--slope", "1", "--steps", "10", "--ratio", ratio, "--sigma0", sigma0, "--dim", "10",
                "--samples", "40", "--runs", "6", "--checkpoints", "log:20", "--likelihood", "classification",
                "--components", "3", "--seed", "4", "--format", "csv",
            ])
            #expect(r.status == 0, "\(r.stderr)")
            let lines = r.stdout.split(separator: "\n").map { CSVTable.fields($0) }
            let column = try #require(lines.first?.firstIndex(of: "ratio_to_fisher_limit"))
            return lines.dropFirst().map { Double($0[column])! }
        }
        let near = try ratios("0.05", "0.2"), far = try ratios("1", "5")
        print("classification / Fisher limit, near uniform: \(near); far: \(far)")
        // d_B = ⅛ Fisher form + O(Δ³): while the logits stay small (σ₀ = 0.05, 10 steps) the top
        // eigenvalue ratio is within 10% of 1 (measured 0.97); with σ₀ = 1, r = 5 it is far below.
        #expect(abs(near[0] - 1) < 0.1)
        #expect(abs(far[0] - 1) > 0.2)
    }
}

@Suite("SGD through the commands")
struct SGDCommandTests {
    @Test("widths --batch prints the SGD widths and ρ₂; verify --batch judges or declines with a reason")
    func sgd() throws {
        let widths = try CommandRunner.run([
            "widths", "--slope", "1", "--steps", "100", "--ratio", "5", "--dim", "20", "--batch", "8", "--label-noise",
            "1",
        ])
        #expect(
            widths.status == 0 && widths.stdout.contains("exact SGD term")
                && widths.stdout.contains("sgd_second_moment_growth"))
        let heavy = try CommandRunner.run([
            "verify", "--slope", "1", "--steps", "30", "--ratio", "5", "--dim", "12", "--samples", "200",
            "--runs", "10", "--bootstrap", "20", "--batch", "2",
        ])
        #expect(heavy.status == 0 && heavy.stdout.contains("ρ₂") && heavy.stdout.contains("not judged"))
        try CommandRunner.expectUsageError(
            ["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--label-noise", "1"], mentioning: "--batch")
        try CommandRunner.expectUsageError(
            [
                "verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                "--batch", "30", "--sampling", "without-replacement",
            ], mentioning: "B ≤ n")
        try CommandRunner.expectUsageError(
            ["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--batch", "0"], mentioning: "batch B must be")
    }
}
