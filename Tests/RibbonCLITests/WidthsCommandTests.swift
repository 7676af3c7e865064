import Foundation
import RibbonIO
import Testing

@Suite("ribbon widths as a user runs it")
struct WidthsCommandTests {
    static let base = ["widths", "--slope", "1", "--steps", "1000", "--ratio", "10", "--dim", "60"]

    @Test("JSON output has every promised key, d variances descending, and round-trips doubles")
    func json() throws {
        let result = try CommandRunner.run(Self.base + ["--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["parameters", "conventions", "exact", "asymptotic", "bounds", "version"] {
            #expect(object[key] != nil, "\(key)")
        }
        let exact = try #require(object["exact"] as? [String: Any])
        for key in ["variances", "widths", "explained_stress", "ratios", "k_epsilon", "hyper_ribbon"] {
            #expect(exact[key] != nil, "\(key)")
        }
        let variances = try #require(exact["variances"] as? [Double])
        #expect(variances.count == 60)
        #expect(zip(variances, variances.dropFirst()).allSatisfy { $0 >= $1 })
        let conventions = try #require(object["conventions"] as? [String: String])
        for key in ["dynamics", "centring", "ratios", "explained_stress", "eigenvalue_floor", "distance"] {
            #expect(conventions[key] != nil)
        }
        let asymptotic = try #require(object["asymptotic"] as? [String: [String: Any]])
        #expect(asymptotic["sech_law[1]"]?["tag"] as? String == "asymptotic")
        #expect(
            (object["bounds"] as? [String: [String: Any]])?["zolotarev_ratio_bound[3]"]?["tag"] as? String == "bound")
    }

    @Test("CSV is long/tidy: one row per quantity and k, the parameters on every row")
    func csv() throws {
        let result = try CommandRunner.run(Self.base + ["--format", "csv"])
        #expect(result.status == 0)
        let rows = result.stdout.split(separator: "\n").map { CSVTable.fields($0) }
        let header = try #require(rows.first)
        #expect(
            Array(header.prefix(5)) == ["spectrum", "slope", "alpha", "dim", "lambda1"] && header.contains("steps"))
        let column = { (name: String) in header.firstIndex(of: name)! }
        let body = rows.dropFirst()
        #expect(
            body.allSatisfy {
                $0.count == header.count && $0[column("dim")] == "60" && !$0[column("steps")].contains(".")
            })
        #expect(body.filter { $0[column("quantity")] == "variance" }.count == 60)
        #expect(
            body.contains {
                $0[column("quantity")] == "sech_law" && $0[column("k")] == "1" && $0[column("tag")] == "asymptotic"
            })
    }

    @Test("The table shows tags and the verdict")
    func table() throws {
        let result = try CommandRunner.run(Self.base)
        #expect(result.status == 0)
        for word in ["verdict", "HR(ρ*=0.5", "[exact]", "asymptotic", "bound", "ratio μ_{k+1}/μ_k"] {
            #expect(result.stdout.contains(word), "\(word)")
        }
        #expect(result.stderr.isEmpty)
    }

    @Test("--output writes the file and a .meta.json sidecar with provenance")
    func outputFile() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("w.json").path
        let result = try CommandRunner.run(Self.base + ["--format", "json", "--output", path])
        #expect(result.status == 0 && result.stdout.isEmpty)
        let meta =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + ".meta.json")))
            as! [String: Any]
        for key in ["ribbon_version", "git_commit", "gsl_version", "command_line", "conventions", "parameters"] {
            #expect(meta[key] != nil, "\(key)")
        }
    }

    @Test("Flow, outputs target, power-law and file spectra all run")
    func variants() throws {
        #expect(try CommandRunner.run(Self.base + ["--flow", "--target", "outputs"]).status == 0)
        #expect(
            try CommandRunner.run([
                "widths", "--spectrum", "power", "--alpha", "1.5", "--steps", "100", "--ratio", "3", "--dim", "40",
            ]).status == 0)
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("spec.txt")
        try "1\n0.3\n0.1\n0.02\n".write(to: file, atomically: true, encoding: .utf8)
        let r = try CommandRunner.run([
            "widths", "--spectrum", file.path, "--steps", "10", "--ratio", "1", "--format", "json",
        ])
        #expect(r.status == 0)
        #expect(r.stdout.contains("needs a geometric spectrum"))
    }

    /// Every usage error: exit 2, exactly one line on stderr that names the problem, nothing on stdout.
    @Test(
        "Bad input exits 2 with one clear line",
        arguments: [
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--eta", "2"], "diverges"),
            (
                ["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--eta", "1", "--lambda1", "2.5"],
                "eta·lambda1"
            ),
            (["widths", "--slope", "0", "--steps", "10", "--ratio", "1"], "slope must be"),
            (["widths", "--slope", "-1", "--steps", "10", "--ratio", "1"], "slope must be"),
            (["widths", "--slope", "1", "--steps", "0", "--ratio", "1"], "steps must be"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "-1"], "ratio must be"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--dim", "1"], "dim must be"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--frobnicate"], "--frobnicate"),
            (["widths", "--slope", "1", "--steps", "10"], "--ratio"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "abc"], "abc"),
            (["widths", "--steps", "10", "--ratio", "1"], "--slope is required"),
            (
                ["widths", "--steps", "10", "--ratio", "1", "--spectrum", "/nonexistent/spec.txt"],
                "neither a spectrum name nor a file"
            ),
            (
                ["widths", "--steps", "10", "--ratio", "1", "--spectrum", "powr"],
                "allowed: geometric, power, kernel:rbf"
            ),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--alpha", "2"], "--alpha applies"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--rho", "1.5"], "rho must"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--target", "both"], "both"),
            (["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--top", "0"], "--top"),
            (
                ["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--output", "/nonexistent/dir/out.json"],
                "cannot write"
            ),
            (
                ["widths", "--slope", "1", "--steps", "10", "--ratio", "1", "--spectrum", "/nonexistent/spec.txt"],
                "apply to geometric and power spectra only"
            ),
            (["widths", "--slope", "1", "--steps", "1e20", "--ratio", "1"], "steps must be"),
            (["nosuchcommand"], "nosuchcommand"),
            // Help and errors name what would work (issue 16).
            (["widht", "--slope", "1"], "did you mean 'widths'?"),
            (["scan", "--slope", "1:0.5:3", "--steps", "10", "--ratio", "1"], "write 1:3:5"),
            (["scan", "--slope", "1", "--steps", "log:1:1e6:64", "--ratio", "1"], "at most 31 points stay distinct"),
            (["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--bogus"], "see 'ribbon help scan'"),
            (["reproduce", "--check"], "no 'output/' directory here"),
        ])
    func badInput(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }

    @Test("--help names the conventions and exits 0")
    func help() throws {
        let result = try CommandRunner.run(["--help"])
        #expect(result.status == 0)
        for word in ["eigenvalue_floor", "centring", "discrete GD", "explained_stress", "widths"] {
            #expect(result.stdout.contains(word), "\(word)")
        }
        let sub = try CommandRunner.run(["widths", "--help"])
        #expect(sub.status == 0 && sub.stdout.contains("--flow") && sub.stdout.contains("(1 − ηλ)^t"))
    }
}

@Suite("Kernel spectra through the commands")
struct KernelCommandTests {
    @Test("widths, boundary, scan and spectrum accept kernel spectra")
    func commands() throws {
        let kernel = ["--spectrum", "kernel:rbf", "--kernel-inputs", "1", "--kernel-samples", "200", "--dim", "30"]
        let widths = try CommandRunner.run(["widths", "--steps", "100", "--ratio", "10", "--format", "json"] + kernel)
        #expect(widths.status == 0, "\(widths.stderr)")
        let parameters =
            (try JSONSerialization.jsonObject(with: Data(widths.stdout.utf8)) as! [String: Any])["parameters"]
            as! [String: Any]
        #expect((parameters["spectrum"] as! [String: Any])["kernel"] as? String == "rbf")
        #expect(try CommandRunner.run(["boundary", "--axis", "ratio", "--steps", "100"] + kernel).status == 0)
        let scan = try CommandRunner.run([
            "scan", "--steps", "10,100", "--ratio", "1,10", "--spectrum", "kernel:laplace", "--dim", "30",
            "--kernel-samples", "100",
        ])
        #expect(
            scan.status == 0 && scan.stdout.split(separator: "\n").count == 5 && scan.stdout.contains("kernel:laplace"))
        let spectrum = try CommandRunner.run(["spectrum"] + kernel)
        #expect(spectrum.stdout.contains("Mehler") && spectrum.stdout.contains("geometric_rate"))
    }

    @Test("An unknown kernel exits 2 naming the allowed ones")
    func unknownKernel() throws {
        try CommandRunner.expectUsageError(
            ["widths", "--steps", "10", "--ratio", "1", "--spectrum", "kernel:cosine"], mentioning: "kernel:ntk-relu")
    }
}
