import Foundation
import Testing

@Suite("ribbon simulate and ribbon verify as a user runs them")
struct VerifyCommandTests {
    static let point = ["--slope", "1", "--steps", "100", "--ratio", "28", "--dim", "12", "--samples", "60", "--runs", "30", "--bootstrap", "50"]

    /// The exit-code mechanics (the statistics are tested in RibbonSimTests): a loose 5σ tolerance
    /// passes, an impossible 0.001σ one fails.
    @Test("verify exits 0 when every row passes and 1 when one fails")
    func exitCodes() throws {
        let ok = try CommandRunner.run(["verify"] + Self.point + ["--seed", "3", "--sigmas", "5"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("rows pass") && ok.stdout.contains("exact [exact]"))
        let strict = try CommandRunner.run(["verify"] + Self.point + ["--sigmas", "0.001"])
        #expect(strict.status == 1)
        #expect(strict.stdout.contains("FAIL"))
    }

    @Test("verify --format json has rows with simulated, SE, exact and pass")
    func json() throws {
        let r = try CommandRunner.run(["verify"] + Self.point + ["--seed", "3", "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let rows = object["rows"] as! [[String: Any]]
        #expect(rows.count == 13)
        for key in ["simulated", "standard_error", "exact", "pass"] { #expect(rows[0][key] != nil) }
        #expect((object["simulation"] as! [String: Any])["seed"] as? String == "3")
    }

    @Test("simulate writes eigenvalues, coordinates and a summary with the seed; same seed, same numbers")
    func simulateOutputs() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let prefix = dir.appendingPathComponent("sim").path
        let args = ["simulate", "--slope", "1", "--steps", "50", "--ratio", "3", "--dim", "10", "--samples", "40", "--runs", "5",
                    "--checkpoints", "log:10", "--components", "4", "--seed", "9"]
        #expect(try CommandRunner.run(args + ["--output", prefix]).status == 0)
        let eigen = try String(contentsOfFile: prefix + ".eigenvalues.csv", encoding: .utf8)
        #expect(eigen.split(separator: "\n").count == 5)
        let coordinates = try String(contentsOfFile: prefix + ".coordinates.csv", encoding: .utf8)
        #expect(coordinates.hasPrefix("run,step,weight,x_1,x_2,x_3,x_4"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: prefix + ".json"))) as! [String: Any]
        #expect((summary["simulation"] as! [String: Any])["seed"] as? String == "9")
        let again = try CommandRunner.run(args)
        #expect(again.stdout.contains(eigen.split(separator: "\n")[1]))

        // Exported distances re-embed to the same eigenvalues (an external inPCA would see these numbers).
        #expect(try CommandRunner.run(args + ["--output", prefix, "--embedding", "distances", "--export-distances"]).status == 0)
        let rows = try String(contentsOfFile: prefix + ".distances.csv", encoding: .utf8).split(separator: "\n")
        let points = try String(contentsOfFile: prefix + ".coordinates.csv", encoding: .utf8).split(separator: "\n").count - 1
        #expect(rows.count == points && rows.allSatisfy { $0.split(separator: ",").count == points })
        let refused = try CommandRunner.run(args + ["--output", prefix, "--export-distances"])
        #expect(refused.status == 2 && refused.stderr.contains("--embedding distances"))
    }

    @Test("verify --from-scan checks both sides of every boundary in a boundary scan file")
    func fromScan() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let scan = dir.appendingPathComponent("b.csv").path
        #expect(try CommandRunner.run(["scan", "--boundaries", "ratio", "--slope", "1", "--steps", "100", "--dim", "12", "--from", "0.01",
                                       "--output", scan]).status == 0)
        let r = try CommandRunner.run(["verify", "--from-scan", scan, "--samples", "60", "--runs", "30", "--bootstrap", "50", "--seed", "2"])
        #expect(r.stdout.contains("below boundary") && r.stdout.contains("above boundary"), "\(r.stdout)")
        #expect(r.status == 0 || r.status == 1)
    }

    @Test("Bad simulation input exits 2 with one line", arguments: [
        (["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "20", "--samples", "10"], "samples n must be at least"),
        (["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "20", "--runs", "1"], "runs R must be at least 2"),
        (["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20", "--runs", "2", "--checkpoints", "log:3",
          "--likelihood", "classification", "--components", "50"], "components"),
        (["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--checkpoints", "sometimes"], "--checkpoints"),
        (["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--eta", "2.5"], "diverges"),
        (["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20", "--output", "/nonexistent/x"], "cannot write"),
        (["verify", "--from-scan", "/nonexistent.csv"], "cannot read scan file"),
        (["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20", "--seed", "4294967295"], "32-bit seed"),
        (["simulate", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20", "--likelihood", "classification", "--flow"],
         "--flow is implemented for regression only"),
    ])
    func badInput(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }

    @Test("Classification near the uniform point sits close to its Fisher (regression) limit, far from it does not")
    func classificationLimit() throws {
        func ratios(_ sigma0: String, _ ratio: String) throws -> [Double] {
            let r = try CommandRunner.run(["simulate", "--slope", "1", "--steps", "10", "--ratio", ratio, "--sigma0", sigma0, "--dim", "10",
                                           "--samples", "40", "--runs", "6", "--checkpoints", "log:20", "--likelihood", "classification",
                                           "--components", "3", "--seed", "4"])
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").filter { $0.first?.isNumber == true }.map { Double($0.split(separator: ",").last!)! }
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
        let widths = try CommandRunner.run(["widths", "--slope", "1", "--steps", "100", "--ratio", "5", "--dim", "20", "--batch", "8", "--label-noise", "1"])
        #expect(widths.status == 0 && widths.stdout.contains("exact SGD term") && widths.stdout.contains("sgd_second_moment_growth"))
        let heavy = try CommandRunner.run(["verify", "--slope", "1", "--steps", "30", "--ratio", "5", "--dim", "12", "--samples", "200",
                                           "--runs", "10", "--bootstrap", "20", "--batch", "2"])
        #expect(heavy.status == 0 && heavy.stdout.contains("ρ₂") && heavy.stdout.contains("not judged"))
        try CommandRunner.expectUsageError(["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--label-noise", "1"], mentioning: "--batch")
        try CommandRunner.expectUsageError(["verify", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "10", "--samples", "20",
                                            "--batch", "30", "--sampling", "without-replacement"], mentioning: "B ≤ n")
        try CommandRunner.expectUsageError(["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--batch", "0"], mentioning: "batch B must be")
    }
}
