import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// `ribbon plot`: an SVG (and optionally PNG) figure of a table ribbon wrote, with the project's SVG engine.
struct Plot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Draw a table ribbon wrote: a phase map (dense scan), boundary curves (boundary table) or residuals (verify).",
        discussion: """
            Defaults come from the table's columns. A dense scan: colour = worst_ratio over slope × steps, the \
            hyper-ribbon cells outlined, one panel per value of the next varying knob. A boundary table (scan \
            --boundaries, boundary --format csv, output/ratio_boundary.csv): the exact boundary against the first \
            varying knob, one line per value of the next, the recommended closed form dashed; points with no \
            boundary in the searched range are counted under the plot. A verify CSV: z of every judged row. \
            --x and --y plot any two numeric columns (one line per --color value, one panel per --facet value).

            Example: ribbon scan --boundaries ratio --slope log:0.25:4:13 --steps 10,100,1000 --output b.csv && ribbon plot b.csv --png
            """)

    @Argument(help: "A CSV table written by ribbon.") var table: String
    @Option(help: "Column on the x axis.") var x: String?
    @Option(help: "Column on the y axis.") var y: String?
    @Option(help: "Column whose values get one colour (or line) each; for phase maps, the colour column.") var color:
        String?
    @Option(help: "Column whose values get one panel each.") var facet: String?
    @Option(help: ArgumentHelp("Where to write the SVG (default: the table's name with .svg).", valueName: "FILE.svg"))
    var out: String?
    @Flag(help: "Also write a PNG beside the SVG (needs rsvg-convert: apt-get install librsvg2-bin).") var png = false

    func validate() throws {
        if (x == nil) != (y == nil) {
            throw ValidationError("--x and --y go together (or give neither for the defaults)")
        }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: table) else {
            throw RibbonError(.invalidInput, "cannot read '\(table)'")
        }
        let svg = try TablePlot(x: x, y: y, color: color, facet: facet)
            .svg(csv: String(decoding: data, as: UTF8.self), source: table)
        let base = URL(fileURLWithPath: table).deletingPathExtension().lastPathComponent
        let path = out ?? base + ".svg"
        try OutputFile.write(svg, to: path)
        print("wrote \(path)")
        if png {
            let pngPath = (path.hasSuffix(".svg") ? String(path.dropLast(4)) : path) + ".png"
            try Self.convert(svg: path, png: pngPath)
            print("wrote \(pngPath)")
        }
    }

    /// rsvg-convert (Debian's librsvg2-bin) renders the SVG at its native size.
    static func convert(svg: String, png: String) throws {
        let finder = Process()
        finder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        finder.arguments = ["rsvg-convert", "-o", png, svg]
        let err = Pipe()
        finder.standardError = err
        do { try finder.run() } catch {
            throw RibbonError(.invalidParameter, "--png needs rsvg-convert (apt-get install librsvg2-bin)")
        }
        finder.waitUntilExit()
        guard finder.terminationStatus == 0 else {
            let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw RibbonError(
                .invalidParameter,
                finder.terminationStatus == 127
                    ? "--png needs rsvg-convert (apt-get install librsvg2-bin)"
                    : "rsvg-convert failed: \(message.split(separator: "\n").first ?? "")")
        }
    }
}
