import Foundation
import RibbonIO
import Testing

/// `scan --map-output FILE --map-format latex --digits N`: the phase map as a paper table, written to a file.
@Suite("Phase map tables")
struct PhaseMapFileTests {
    @Test("A boundary map in LaTeX (booktabs) with the requested digits and the searched range in its legend")
    func latexBoundaryMap() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let table = dir.appendingPathComponent("b.csv").path, map = dir.appendingPathComponent("b.tex").path
        let r = try CommandRunner.run([
            "scan", "--boundaries", "ratio", "--slope", "1,2", "--steps", "10,100", "--dim", "20", "--from", "0.01",
            "--output", table, "--map-output", map, "--map-format", "latex", "--digits", "3",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let tex = try String(contentsOfFile: map, encoding: .utf8)
        for piece in ["\\begin{tabular}{lrr}", "\\toprule", "\\midrule", "\\bottomrule", "no flip in [0.01, 10000]"] {
            #expect(tex.contains(piece), "\(piece)")
        }
        // Every finite boundary of the table appears with 3 significant digits.
        let lines = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n").map {
            CSVTable.fields($0)
        }
        let exact = try #require(lines.first?.firstIndex(of: "exact"))
        for row in lines.dropFirst() {
            guard let value = Double(row[exact]) else { continue }
            #expect(tex.contains(String(format: "%.3g", value)), "\(value)")
        }
    }

    @Test("A dense map in Markdown to a file; --map-output needs --output and --digits a sane value")
    func markdownDenseMap() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let map = dir.appendingPathComponent("m.md").path
        let r = try CommandRunner.run([
            "scan", "--slope", "0.5,2", "--steps", "10,100", "--ratio", "100", "--dim", "20",
            "--output", dir.appendingPathComponent("d.csv").path, "--map-output", map,
        ])
        #expect(r.status == 0 && r.stdout.isEmpty, "\(r.stderr)")
        let md = try String(contentsOfFile: map, encoding: .utf8)
        #expect(md.hasPrefix("Phase map: ■ = hyper-ribbon") && md.contains("| c \\ T | 10 | 100 |"))
        try CommandRunner.expectUsageError(
            ["scan", "--slope", "1", "--steps", "10", "--map-output", map], mentioning: "--output FILE")
        try CommandRunner.expectUsageError(
            ["scan", "--slope", "1", "--steps", "10", "--output", "x.csv", "--map", "--digits", "0"],
            mentioning: "--digits")
    }
}
