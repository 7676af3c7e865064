import Foundation
import RibbonIO
import Testing

@Suite("Number and document formats")
struct FormatTests {
    @Test("Round-trip doubles: the printed text reads back to the same bits")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<10_000 {
            let x = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)  // finite, positive
            #expect(Double(NumberFormat.roundTrip(x)) == x)
            #expect(Double(JSONValue.number(-x).serialized()) == -x)
        }
        #expect(NumberFormat.roundTrip(.nan) == "nan" && NumberFormat.roundTrip(-.infinity) == "-inf")
    }

    @Test("Non-finite numbers never break JSON: written as strings")
    func nonFinite() throws {
        let doc = JSONValue.object([
            ("a", .number(.nan)), ("b", .numbers([1, .infinity, -.infinity])), ("c", .optional(nil)),
        ])
        let text = doc.serialized(pretty: true)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
        #expect(parsed["a"] as? String == "nan")
        #expect((parsed["b"] as? [Any])?.count == 3)
        #expect(parsed["c"] is NSNull)
    }

    @Test("JSON strings are escaped")
    func escaping() throws {
        let text = JSONValue.string("a\"b\\c\nd\u{1}").serialized()
        #expect(
            try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed) as? String
                == "a\"b\\c\nd\u{1}")
    }

    @Test("CSV quotes fields with commas and quotes; missing numbers are empty")
    func csv() {
        var t = CSVTable(header: ["a", "b", "c"])
        t.append([.text("x,y"), .number(nil), .text("say \"hi\"")])
        #expect(t.render() == "a,b,c\n\"x,y\",,\"say \"\"hi\"\"\"\n")
    }
}
