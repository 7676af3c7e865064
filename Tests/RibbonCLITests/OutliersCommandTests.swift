import Foundation
import Testing

@Suite("ribbon outliers as a user runs it")
struct OutliersCommandTests {
    @Test("Simulated mixture check passes and prints the rule; JSON carries tags and rows")
    func mixture() throws {
        let r = try CommandRunner.run([
            "outliers", "mixture", "--classes", "4", "--dim", "200", "--test-samples", "800",
            "--lambda", "20", "--ridge", "0.02", "--simulate", "--runs", "3",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("bulk_edge") && r.stdout.contains("asymptotic") && r.stdout.contains("judged rows pass")
                && !r.stdout.contains("FAIL"))
        let j = try CommandRunner.run([
            "outliers", "logit", "--classes", "5", "--samples", "100", "--parameters", "200",
            "--class-variance", "0.1", "--simulate", "--runs", "2", "--format", "json",
        ])
        #expect(j.status == 0, "\(j.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        let forms = try #require(object["predictions"] as? [[String: Any]])
        #expect(forms.first { $0["quantity"] as? String == "outlier" }?["tag"] as? String == "asymptotic")
        #expect((object["checks"] as? [Any])?.isEmpty == false)
    }

    @Test(
        "Bad input exits 2 with one line",
        arguments: [
            (
                ["outliers", "mixture", "--classes", "1", "--dim", "5", "--test-samples", "4", "--lambda", "1"],
                "at least 2"
            ),
            (
                ["outliers", "mixture", "--classes", "4", "--dim", "3", "--test-samples", "4", "--lambda", "1"],
                "at least k"
            ),
            (
                ["outliers", "mixture", "--classes", "4", "--dim", "30", "--test-samples", "4", "--lambda", "-1"],
                "λ must be"
            ),
            (
                [
                    "outliers", "logit", "--classes", "4", "--samples", "10", "--parameters", "10", "--class-variance",
                    "-1",
                ], "σ_c²"
            ),
            (
                [
                    "outliers", "logit", "--classes", "4", "--samples", "10", "--parameters", "10", "--class-variance",
                    "1", "--simulate", "--runs", "1",
                ], "runs"
            ),
            (["outliers", "goldilocks", "--rho", "1", "--section-dim", "0"], "--section-dim"),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}

@Suite("ribbon outliers xor as a user runs it")
struct XORCommandTests {
    /// The coupon-collector estimate at K = 4 is 4!/4⁴ = 0.09375.
    @Test("Prints the success share beside the coupon-collector estimate; CSV has six rows per width")
    func table() throws {
        let r = try CommandRunner.run(["outliers", "xor", "--widths", "4,8", "--runs", "4", "--dim", "100"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("coupon-collector") && r.stdout.contains("0.09375"))
        let c = try CommandRunner.run([
            "outliers", "xor", "--widths", "4", "--runs", "3", "--dim", "100", "--format", "csv",
        ])
        #expect(c.stdout.split(separator: "\n").count == 7)
    }

    @Test(
        "Bad input exits 2",
        arguments: [
            (["outliers", "xor", "--widths", "0"], "width K"),
            (["outliers", "xor", "--lambda", "1", "--step-constant", "5"], "(0, 4λ)"),
            (["outliers", "xor", "--runs", "1"], "runs"),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}

@Suite("ribbon outliers zone as a user runs it")
struct ZoneCommandTests {
    @Test("A small sweep prints formulas beside measurements; CSV is long")
    func sweep() throws {
        let r = try CommandRunner.run([
            "outliers", "zone", "--scales", "0.5,1", "--section-dims", "5", "--sections", "3", "--hidden", "8",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("rho_D") && r.stdout.contains("positive_fraction"))
        let c = try CommandRunner.run([
            "outliers", "zone", "--scales", "1", "--section-dims", "5", "--sections", "3", "--hidden", "8", "--format",
            "csv",
        ])
        #expect(c.stdout.contains(",check,1.0,5,trace_ratio,,asymptotic,"))
    }

    @Test(
        "Bad input exits 2",
        arguments: [
            (["outliers", "zone", "--section-dims", "100000"], "section dimensions"),
            (["outliers", "zone", "--scales", "0:1:3"], "scales"),
            (["outliers", "zone", "--sections", "1"], "sections"),
            (["outliers", "zone", "--format", "yaml"], "yaml"),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}

@Suite("ribbon outliers confident as a user runs it")
struct ConfidentCommandTests {
    @Test("Counts pass and the rule is the class-resolved one; a merged mini-bulk exits 1")
    func run() throws {
        let r = try CommandRunner.run([
            "outliers", "confident", "--classes", "4", "--samples", "100", "--parameters", "600",
            "--class-variance", "1", "--epsilon", "0.2",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("without the class gradients") && r.stdout.contains("mini_bulk_count"))
        let weak = try CommandRunner.run([
            "outliers", "confident", "--classes", "5", "--samples", "200", "--parameters", "1000",
            "--class-variance", "0.03", "--epsilon", "0.2", "--runs", "2",
        ])
        #expect(weak.status == 1)
    }

    @Test(
        "Bad input exits 2",
        arguments: [
            (
                [
                    "outliers", "confident", "--classes", "2", "--samples", "10", "--parameters", "10",
                    "--class-variance", "1", "--epsilon", "0.1",
                ], "at least 3"
            ),
            (
                [
                    "outliers", "confident", "--classes", "4", "--samples", "10", "--parameters", "10",
                    "--class-variance", "1", "--epsilon", "0.9",
                ], "ε must be"
            ),
        ])
    func bad(arguments: [String], expected: String) throws {
        try CommandRunner.expectUsageError(arguments, mentioning: expected)
    }
}
