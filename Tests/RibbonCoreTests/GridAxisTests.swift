import Testing
@testable import RibbonCore

@Suite("Grid syntax a:b:n, log:a:b:n and lists")
struct GridAxisTests {
    @Test("Linear, log and list grids give inclusive endpoints")
    func valid() throws {
        #expect(try GridAxis.parse("0:1:5", name: "x").values == [0, 0.25, 0.5, 0.75, 1])
        let log = try GridAxis.parse("log:1:1e4:5", name: "x").values
        #expect(log.first == 1 && log.last == 1e4)
        for (v, e) in zip(log, [1, 10, 100, 1000, 1e4]) { #expect(abs(v - e) / e < 1e-14) }
        #expect(try GridAxis.parse("1, 2.5,1e3", name: "x").values == [1, 2.5, 1000])
        #expect(try GridAxis.parse("3:3:1", name: "x").values == [3])
        #expect(try GridAxis.parse("log:1:1000:4", name: "steps", integer: true).values == [1, 10, 100, 1000])
    }

    @Test(
        "Bad grids are rejected with the syntax in the message",
        arguments: [
            ("", "empty"), ("1:2:0", "at least 1"), ("log:0:10:3", "a > 0"), ("log:-1:10:3", "a > 0"),
            ("5:1:3", "needs b ≥ a"), ("1:0.5:3", "write 1:3:5"), ("log:1:1e6:64", "at most 31 points"),
            ("1:2", "malformed"), ("a,b", "not a finite number"), ("1:2:x", "malformed"),
            ("1:2:1", "n = 1"), ("log:1:3:10", "repeats"), ("1,,2", "not a finite"),
        ])
    func invalid(text: String, word: String) {
        do { _ = try GridAxis.parse(text, name: "steps", integer: true); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains(word), "\(error.message)")
            #expect(error.kind == .invalidParameter)
        }
    }
}
