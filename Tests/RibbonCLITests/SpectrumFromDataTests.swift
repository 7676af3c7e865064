import Foundation
import RibbonTestSupport
import Testing

/// `ribbon spectrum --from-data` and spectrum files in the theory commands (`--dim`, `--lambda1`, header,
/// round-off negatives), run as a user would.
@Suite("spectrum --from-data and spectrum files")
struct SpectrumFromDataTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/data/\(name)").path
    }

    /// The values of a spectrum file (after its comment and header lines).
    static func values(_ path: String) throws -> [Double] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") && $0 != "eigenvalue" }.map { Double($0)! }
    }

    @Test("--from-data writes a spectrum file (comments, centred: yes, header, exact values) and its sidecar")
    func writesSpectrumFile() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("s.txt").path
        let r = try CommandRunner.run(
            ["spectrum", "--from-data", Self.fixture("samples_40x6.npy"), "--output", out, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("centred: yes") && r.stderr.contains("XᵀX/n"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.contains("\n# centred: yes") && text.contains("\neigenvalue\n"))
        let values = try Self.values(out)
        #expect(values.count == 6 && values == values.sorted(by: >))
        let golden = DataMatrixFileTests.numbers(
            (DataMatrixFileTests.golden["samples_40x6"] as! [String: Any])["centred"])
        expectClose(values[0], golden[0], relative: 1e-13)
        let sidecar = try String(contentsOfFile: out + ".meta.json", encoding: .utf8)
        #expect(sidecar.contains("\"centred\": true") && sidecar.contains("\"method\": \"covariance\""))
        // The report on stdout is the spectrum's, with the data's conventions.
        #expect(r.stdout.contains("\"centred\"") && r.stdout.contains("eigenvalue"))
        // What was written is what a theory command reads: the file's λ₁, bit for bit.
        let w = try CommandRunner.run(["widths", "--spectrum", out, "--steps", "10", "--ratio", "1", "--eta", "0.5"])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stderr.isEmpty)
    }

    @Test("--no-center is recorded in the file, stderr and sidecar; CSV input gives the same spectrum as .npy")
    func noCenterAndCSV() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let a = dir.appendingPathComponent("a.txt").path, b = dir.appendingPathComponent("b.txt").path
        let r = try CommandRunner.run(
            ["spectrum", "--from-data", Self.fixture("samples_40x6.csv"), "--no-center", "--output", a])
        #expect(r.status == 0 && r.stderr.contains("centred: no"), "\(r.stderr)")
        #expect(try String(contentsOfFile: a, encoding: .utf8).contains("# centred: no"))
        #expect(try String(contentsOfFile: a + ".meta.json", encoding: .utf8).contains("\"centred\": false"))
        _ = try CommandRunner.run(
            ["spectrum", "--from-data", Self.fixture("samples_40x6.npy"), "--no-center", "--output", b])
        #expect(try Self.values(a) == Self.values(b))
    }

    @Test(
        "Usage errors exit 2 with one line",
        arguments: [
            (["--from-data", "fortran_3x4.npy"], "Fortran order"), (["--from-data", "float32_3x4.npy"], "'<f4'"),
            (["--from-data", "vector_5.npy"], "2-D"), (["--no-center"], "--from-data"),
            (["--from-data", "c_order_3x4.npy", "--dim", "2"], "--dim and --lambda1"),
            (["--from-data", "c_order_3x4.npy", "--spectrum", "power"], "remove --spectrum"),
            (["--from-data", "missing.npy"], "does not exist"),
        ])
    func usageErrors(arguments: [String], expected: String) throws {
        let args = arguments.map { $0.hasSuffix(".npy") && $0 != "missing.npy" ? Self.fixture($0) : $0 }
        try CommandRunner.expectUsageError(["spectrum"] + args, mentioning: expected)
    }

    @Test("Spectrum files: --dim keeps the top d and --lambda1 rescales, in widths, scan and boundary")
    func dimAndLambda1() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("f.txt").path
        try "lambda\n4\n2\n1\n0.5\n0.25\n".write(toFile: file, atomically: true, encoding: .utf8)
        let w = try CommandRunner.run([
            "widths", "--spectrum", file, "--dim", "3", "--lambda1", "1", "--steps", "10", "--ratio", "1",
            "--format", "csv",
        ])
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stdout.split(separator: "\n")[1].hasPrefix("file,,,3,1.0,"), "\(w.stdout)")
        // Without them the file is used as read (λ₁ = 4 needs η < 0.5).
        let asRead = try CommandRunner.run(
            ["widths", "--spectrum", file, "--eta", "0.25", "--steps", "10", "--ratio", "1", "--format", "csv"])
        #expect(asRead.stdout.split(separator: "\n")[1].hasPrefix("file,,,5,4.0,"), "\(asRead.stdout)")
        let scan = dir.appendingPathComponent("scan.csv").path
        let s = try CommandRunner.run([
            "scan", "--spectrum", file, "--dim", "4", "--lambda1", "1", "--steps", "10,100", "--ratio", "1",
            "--output", scan,
        ])
        #expect(s.status == 0, "\(s.stderr)")
        let sidecar = try String(contentsOfFile: scan + ".meta.json", encoding: .utf8)
        #expect(sidecar.contains("\"eigenvalues\": [1.0, 0.5, 0.25, 0.125]"), "\(sidecar)")
        #expect(sidecar.contains("\"lambda1_in_file\": 4.0") && sidecar.contains("\"header\": \"lambda\""))
        let b = try CommandRunner.run([
            "boundary", "--axis", "ratio", "--spectrum", file, "--dim", "2", "--lambda1", "1", "--steps", "100",
            "--format", "json",
        ])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains("\"dimension\": 2") && b.stdout.contains("\"spectrum_files\""))
    }

    @Test("--dim larger than the file is refused with exit 2 in every command that reads one")
    func dimTooLarge() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("f.txt").path
        try "1\n0.5\n0.25\n".write(toFile: file, atomically: true, encoding: .utf8)
        for command in [
            ["widths", "--steps", "10", "--ratio", "1"], ["scan", "--steps", "10", "--ratio", "1"],
            ["boundary", "--axis", "ratio", "--steps", "10"],
            ["simulate", "--steps", "10", "--ratio", "1", "--samples", "20", "--runs", "10"],
        ] {
            try CommandRunner.expectUsageError(
                command + ["--spectrum", file, "--dim", "4"], mentioning: "--dim 4 is larger than the 3 eigenvalues")
        }
    }

    @Test("Round-off negatives: a one-line note on stderr and a count in the metadata; clear negatives exit 2")
    func negatives() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let file = dir.appendingPathComponent("n.txt").path
        try "eigenvalue\n1\n0.5\n-3e-16\n".write(toFile: file, atomically: true, encoding: .utf8)
        let r = try CommandRunner.run(
            ["widths", "--spectrum", file, "--steps", "10", "--ratio", "1", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "ribbon: note: \(file): 1 negative eigenvalue from round-off (≥ −1e-12 λ₁) set to 0\n")
        #expect(r.stdout.contains("\"negative_roundoff_set_to_zero\": 1"))
        let bad = dir.appendingPathComponent("bad.txt").path
        try "1\n0.5\n-1e-6\n".write(toFile: bad, atomically: true, encoding: .utf8)
        try CommandRunner.expectUsageError(
            ["widths", "--spectrum", bad, "--steps", "10", "--ratio", "1"], mentioning: "is negative")
    }

    @Test("spectrum --output writes a named spectrum as a file that reads back exactly")
    func namedSpectrumFile() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("p.txt").path
        let r = try CommandRunner.run(
            ["spectrum", "--spectrum", "power", "--alpha", "1.3", "--dim", "7", "--output", out])
        #expect(r.status == 0, "\(r.stderr)")
        let values = try Self.values(out)
        #expect(values.count == 7 && values[0] == 1)
        #expect(values[6] == exp(-1.3 * log(7.0)))
    }
}
