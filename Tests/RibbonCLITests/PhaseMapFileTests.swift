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

    /// Any knob on either axis: r × T tables, one per slope, labelled with the knobs' symbols; the cells are the
    /// same verdicts the rows file holds (checked against it, not against the map code).
    @Test("--map-rows/--map-cols put any two knobs on the axes and name them")
    func chosenAxes() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let rows = dir.appendingPathComponent("d.csv").path, map = dir.appendingPathComponent("m.md").path
        let r = try CommandRunner.run([
            "scan", "--slope", "0.5,2", "--steps", "10,1000", "--ratio", "1,100", "--dim", "30", "--output", rows,
            "--map-output", map, "--map-rows", "ratio", "--map-cols", "steps",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let md = try String(contentsOfFile: map, encoding: .utf8)
        #expect(md.contains("Rows: ratio r, columns: steps T."))
        #expect(md.contains("slope=0.5") && md.contains("slope=2") && !md.contains("label_noise"))
        #expect(md.components(separatedBy: "| r \\ T | 10 | 1000 |").count == 3)
        // Each map cell equals the verdict and K_ε of its row in the CSV.
        let lines = try String(contentsOfFile: rows, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = lines[0]
        let at = { (name: String) in header.firstIndex(of: name)! }
        for row in lines.dropFirst() where row[at("slope")] == "2.0" && row[at("ratio")] == "100.0" {
            let mark = row[at("hyper_ribbon")] == "true" ? "■" : "·"
            let tables = md.components(separatedBy: "### ")
            let table = try #require(tables.first { $0.contains("slope=2 ") })
            let line = try #require(table.split(separator: "\n").first { $0.hasPrefix("| 100 |") })
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let column = row[at("steps")] == "10" ? 1 : 2
            #expect(cells[column] == "\(mark) \(row[at("k_epsilon")])")
        }
        try CommandRunner.expectUsageError(
            ["scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--output", "x.csv", "--map-rows", "colour"],
            mentioning: "'colour' is not a knob")
        try CommandRunner.expectUsageError(
            [
                "scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--output", "x.csv", "--map-rows", "steps",
                "--map-cols",
                "steps",
            ],
            mentioning: "two different knobs")
    }

    /// `--format markdown --columns … --digits N`: the chosen columns in order, numbers rounded; csv refuses --columns.
    @Test("Markdown rows with --columns and --digits")
    func markdownColumns() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let out = dir.appendingPathComponent("rows.md").path
        let r = try CommandRunner.run([
            "scan", "--slope", "1", "--steps", "10", "--ratio", "10", "--dim", "30", "--format", "markdown", "--output",
            out, "--columns", "slope,steps,hyper_ribbon,mu_1", "--digits", "3",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "| slope | steps | hyper_ribbon | mu_1 |")
        let cells = lines[2].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(cells[0] == "1" && cells[1] == "10" && cells[2] == "true")
        #expect(cells[3].count <= 5 && Double(cells[3]) != nil, "mu_1 = \(cells[3]) at 3 digits")
        // The same rows as a booktabs tabular, ended after the last row.
        let tex = dir.appendingPathComponent("rows.tex").path
        let t = try CommandRunner.run([
            "scan", "--slope", "1", "--steps", "10", "--ratio", "10", "--dim", "30", "--format", "latex", "--output",
            tex, "--columns", "slope,hyper_ribbon,k_epsilon", "--digits", "3",
        ])
        #expect(t.status == 0, "\(t.stderr)")
        let texLines = try String(contentsOfFile: tex, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(texLines.contains("slope & hyper\\_ribbon & k\\_epsilon \\\\"))
        #expect(texLines.suffix(3) == ["1 & true & 5 \\\\", "\\bottomrule", "\\end{tabular}"], "\(texLines)")
        try CommandRunner.expectUsageError(
            ["scan", "--slope", "1", "--steps", "10", "--output", "x.csv", "--columns", "slope"],
            mentioning: "--format markdown")
        try CommandRunner.expectUsageError(
            [
                "scan", "--slope", "1", "--steps", "10", "--ratio", "1", "--format", "markdown", "--output", "x.md",
                "--columns", "mu_9",
            ],
            mentioning: "'mu_9' is not a column")
    }
}
