import Foundation
import Testing

/// `ribbon plot` on the three kinds of table ribbon writes, and on any two columns.
@Suite("ribbon plot")
struct PlotCommandTests {
    /// Runs `ribbon plot TABLE --out DIR/NAME.svg` plus `options`, expects exit 0, and returns the SVG.
    func plotted(
        _ table: String, in dir: URL, as name: String, _ options: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let out = dir.appendingPathComponent(name + ".svg")
        let r = try CommandRunner.run(["plot", table] + options + ["--out", out.path])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        return try String(contentsOf: out, encoding: .utf8)
    }

    @Test("A dense scan gives one phase-map panel per ratio with hyper-ribbon cells outlined")
    func phaseMap() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let table = dir.appendingPathComponent("d.csv").path
        #expect(
            try CommandRunner.run([
                "scan", "--slope", "0.5,1,2", "--steps", "10,100", "--ratio", "1,100", "--dim", "20",
                "--output", table,
            ]).status == 0)
        let svg = try plotted(table, in: dir, as: "d")
        // Two panels (ratio 1 and 100), each a nested document with its own clip path.
        #expect(svg.components(separatedBy: "<svg ").count - 1 == 3)
        #expect(svg.contains("ratio = 1.0") && svg.contains("ratio = 100.0") && svg.contains("plot-area-1"))
        // 4 of the 12 points are hyper-ribbons at d = 20 (scan rows hyper_ribbon = true): 4 white outlines.
        let rows = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n").dropFirst()
        let hr = rows.filter { $0.contains(",ok,,true,") }.count
        #expect(svg.components(separatedBy: "fill=\"none\" stroke=\"#ffffff\"").count - 1 == hr)
    }

    @Test("A scan of a spectrum file (no slope to vary) puts the first varying knob on x")
    func fileSpectrumPhaseMap() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let spectrum = dir.appendingPathComponent("s.txt").path
        try "eigenvalue\n1\n0.3\n0.1\n0.03\n0.01\n".write(toFile: spectrum, atomically: true, encoding: .utf8)
        let table = dir.appendingPathComponent("f.csv").path
        let scan = try CommandRunner.run([
            "scan", "--spectrum", spectrum, "--steps", "10,100", "--ratio", "1,10,100", "--output", table,
        ])
        #expect(scan.status == 0, "\(scan.stderr)")
        let svg = try plotted(table, in: dir, as: "f")
        #expect(svg.contains(">ratio<") && svg.contains(">steps<"))
    }

    @Test("A boundary table gives curves per T with the closed form dashed; never/always points are counted")
    func boundaries() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let table = dir.appendingPathComponent("b.csv").path
        #expect(
            try CommandRunner.run([
                "scan", "--boundaries", "ratio", "--slope", "0.25,1,4", "--steps", "10,1000",
                "--dim", "20", "--output", table,
            ]).status == 0)
        let svg = try plotted(table, in: dir, as: "b")
        #expect(svg.contains("Exact ratio boundary") && svg.contains("steps = 10") && svg.contains("steps = 1000"))
        let never = try String(contentsOfFile: table, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(",never,") || $0.contains(",always,") }.count
        if never > 0 { #expect(svg.contains("\(never) point")) }
    }

    @Test("Any two columns with --x and --y; refusals are one line with exit 2")
    func generic() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let table = dir.appendingPathComponent("w.csv").path
        #expect(
            try CommandRunner.run([
                "widths", "--slope", "1", "--steps", "100", "--ratio", "10", "--dim", "12",
                "--format", "csv", "--output", table,
            ]).status == 0)
        let svg = try plotted(table, in: dir, as: "w", ["--x", "k", "--y", "predicted", "--color", "quantity"])
        #expect(svg.contains("quantity = variance"))
        try CommandRunner.expectUsageError(["plot", table], mentioning: "give --x and --y")
        try CommandRunner.expectUsageError(["plot", table, "--x", "k"], mentioning: "--x and --y go together")
        try CommandRunner.expectUsageError(["plot", table, "--x", "k", "--y", "nope"], mentioning: "no column 'nope'")
        try CommandRunner.expectUsageError(["plot", "/nonexistent.csv"], mentioning: "cannot read")
    }
}
