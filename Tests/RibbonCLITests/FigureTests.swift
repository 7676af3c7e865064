import Foundation
import Testing
#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Counts elements of an SVG document and fails on malformed XML.
final class SVGCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    private var inText = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        counts[name, default: 0] += 1
        if name == "text" { inText = true; texts.append("") }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
}

@Suite("Figures and reproducible results in output/")
struct FigureTests {
    static let output = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("output")

    static var figures: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "svg" }.sorted { $0.path < $1.path }
    }

    @Test("Every committed SVG is well-formed, with a title, axes, tick labels and data")
    func wellFormed() throws {
        #expect(Self.figures.count >= 10)
        for url in Self.figures {
            let parser = XMLParser(contentsOf: url)!
            let counter = SVGCounter()
            parser.delegate = counter
            #expect(parser.parse(), "\(url.lastPathComponent): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(counter.counts["svg"] == 1)
            #expect((counter.counts["text"] ?? 0) >= 8, "\(url.lastPathComponent): title, axis labels and ticks")
            #expect((counter.counts["line"] ?? 0) >= 8, "\(url.lastPathComponent): ticks and grid")
            #expect(
                (counter.counts["polyline"] ?? 0) + (counter.counts["circle"] ?? 0) >= 1,
                "\(url.lastPathComponent): data")
            #expect(
                counter.texts.first.map { $0.count > 20 } == true,
                "\(url.lastPathComponent): a title stating the parameters")
            if url.lastPathComponent.hasPrefix("phase_diagram") {
                #expect((counter.counts["rect"] ?? 0) > 500, "heatmap cells and colour bar")
            }
        }
    }

    @Test("reproduce --check passes on the committed item and catches a stale number")
    func checkCatchesStale() throws {
        let dir = try CommandRunner.temporaryDirectory()
        for name in ["explained_stress.csv", "explained_stress.svg"] {
            try FileManager.default.copyItem(
                at: Self.output.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        let ok = try CommandRunner.run(["reproduce", "explained_stress", "--check", "--directory", dir.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let csv = dir.appendingPathComponent("explained_stress.csv")
        let text = try String(contentsOf: csv, encoding: .utf8)
        let lines = text.split(separator: "\n")
        // Replace the first χ value by 0.5 (a change far beyond the 1e-9 tolerance).
        let first = String(lines[1]), cut = first.lastIndex(of: ",")!
        let altered =
            ([String(lines[0]), first[...cut] + "0.5"] + lines.dropFirst(2).map(String.init)).joined(separator: "\n")
            + "\n"
        try altered.write(to: csv, atomically: true, encoding: .utf8)
        let stale = try CommandRunner.run(["reproduce", "explained_stress", "--check", "--directory", dir.path])
        #expect(stale.status == 1 && stale.stderr.contains("stale"), "\(stale.stderr)")
        let unknown = try CommandRunner.run(["reproduce", "nosuchitem"])
        #expect(unknown.status == 2 && unknown.stderr.contains("allowed: all"))
        #expect(try CommandRunner.run(["reproduce", "--list"]).stdout.contains("phase_diagram"))
    }
}
