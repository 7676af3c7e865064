import Foundation
import RibbonCore
import RibbonIO
import Testing

/// The one report writer on a hand-built report whose every cell is known: the expected lines below are written
/// from the format rules (parameters on every row, integers as integers, missing as empty / null), not copied
/// from the writer's output.
@Suite("Report writer")
struct ReportWriterTests {
    static let report = Report(
        study: "demo", title: "demo study",
        parameters: [
            Field("dim", .integer(12)), Field("steps", .count(1e6)), Field("slope", .number(0.5)),
            Field("batch", .missing),
        ],
        predictions: [Prediction(name: "sech_law[2]", tag: .asymptotic, value: 0.75, exact: 0.5, formula: "sech")],
        checks: [
            Check(
                .variance(1), tag: .exact, predicted: 2, measured: 2.5, standardError: 0.25, z: 2, detectable: 0.1,
                verdict: .pass),
            Check(
                Quantity("f_top"), tag: .asymptotic, predicted: nil, measured: 0.5, standardError: nil,
                verdict: .notJudged(reason: "shown, not judged")),
            Check(.hyperRibbon, tag: .criterion, predicted: 1, measured: 0, standardError: nil, verdict: .fail),
        ])

    static let writer = ReportWriter(metadata: RunMetadata(commandLine: ["ribbon", "demo"]))

    @Test("CSV: one row per prediction and check, the parameters on every row, integers stay integers")
    func csv() {
        let lines = Self.writer.render([Self.report], as: .csv).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(
            lines[0]
                == "dim,steps,slope,batch,row,quantity,k,tag,predicted,measured,standard_error,z,detectable,verdict,reason,exact,relative_difference,formula"
        )
        #expect(lines[1] == "12,1000000,0.5,,prediction,sech_law,2,asymptotic,0.75,,,,,,,0.5,0.5,sech")
        #expect(lines[2] == "12,1000000,0.5,,check,variance,1,exact,2.0,2.5,0.25,2.0,0.1,pass,,,,")
        // A check without a prediction is tagged measured whatever tag it was given.
        #expect(lines[3] == "12,1000000,0.5,,check,f_top,,measured,,0.5,,,,not_judged,\"shown, not judged\",,,")
        #expect(lines[4] == "12,1000000,0.5,,check,hyper_ribbon,,criterion,1.0,0.0,,,,fail,,,,")
        #expect(lines.count == 6 && lines[5].isEmpty)
    }

    @Test("JSON Lines: the CSV's rows with null for missing and integers as JSON integers")
    func jsonl() throws {
        let lines = Self.writer.render([Self.report], as: .jsonl).split(separator: "\n")
        #expect(lines.count == 4)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        #expect(
            first["batch"] is NSNull && first["reason"] is NSNull && first["k"] as? Int == 1
                && first["steps"] as? Int == 1_000_000)
        #expect(
            lines[1].hasPrefix(
                #"{"dim":12,"steps":1000000,"slope":0.5,"batch":null,"row":"check","quantity":"variance","k":1,"#))
    }

    @Test("JSON: schema_version first, checks with verdicts, passed false when a row fails")
    func json() throws {
        let text = Self.writer.render([Self.report], as: .json)
        #expect(text.hasPrefix("{\n  \"schema_version\": \(RunMetadata.schemaVersion),\n  \"version\""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["passed"] as? Bool == false && object["study"] as? String == "demo")
        let checks = try #require(object["checks"] as? [[String: Any]])
        #expect(checks.map { $0["verdict"] as? String } == ["pass", "not_judged", "fail"])
        #expect((object["predictions"] as? [[String: Any]])?.first?["k"] as? Int == 2)
    }

    @Test("Table and Markdown: missing parameters left out, the verdict as yes/no, the reason last")
    func people() {
        let table = Self.writer.render([Self.report], as: .table)
        #expect(table.contains("parameters dim=12  steps=1000000  slope=0.5\n"))
        #expect(table.contains("1 of 2 judged rows pass; 1 FAIL; 1 not judged"))
        let verdictLine = table.split(separator: "\n").first { $0.contains("hyper_ribbon") } ?? ""
        #expect(verdictLine.contains(" yes ") && verdictLine.contains(" no ") && verdictLine.contains("FAIL"))
        let markdown = Self.writer.render([Self.report], as: .markdown)
        #expect(markdown.hasPrefix("### demo study\n\n- dim = 12\n"))
        #expect(
            markdown.contains(
                "| quantity | k | tag | predicted | measured | ± SE | z | detectable | result | note |\n|---|"))
    }

    @Test("Several reports share one header; a report with no rows writes its parameters once (a failed point)")
    func several() {
        let failed = Report(
            study: "demo", title: "failed", parameters: [Field("dim", .integer(30)), Field("status", .text("error"))])
        let lines = Self.writer.render([Self.report, failed], as: .csv).split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("dim,steps,slope,batch,status,row,"))
        #expect(lines.last == "30,,,,error" + String(repeating: ",", count: 14))
    }
}
