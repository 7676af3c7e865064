import Testing
@testable import RibbonCore

@Suite("Spectrum files: header line, round-off negatives, keeping the top d and rescaling λ₁")
struct SpectrumFileTests {
    @Test("A header line of words before the first value is skipped and kept", arguments: ["eigenvalue", "lambda"])
    func header(name: String) throws {
        let c = try SpectrumFile.contents(of: "# from numpy\n\(name)\n0.5\n1\n0.25\n", path: "h.txt")
        #expect(c.spectrum.eigenvalues == [1, 0.5, 0.25])
        #expect(c.header == name)
        #expect(c.clampedNegatives == 0 && c.count == 3)
    }

    @Test("A CSV matrix may have a header line of column names")
    func matrixHeader() throws {
        let s = try SpectrumFile.parse("a,b\n2,1\n1,2\n", path: "m.csv")
        #expect(abs(s.eigenvalues[0] - 3) < 1e-14 && abs(s.eigenvalues[1] - 1) < 1e-14)
    }

    @Test(
        "Only one header, only first, and never a number: nan, a second header or a mistyped value are refused",
        arguments: [
            ("eigenvalue\nlambda\n1\n0.5\n", "f.txt:2"), ("1\neigenvalue\n0.5\n", "f.txt:2"),
            ("nan\n1\n0.5\n", "f.txt:1"), ("1.0.0\n1\n0.5\n", "f.txt:1"), ("eigenvalue\n", "no eigenvalues"),
        ])
    func badHeaders(text: String, expected: String) {
        do { _ = try SpectrumFile.parse(text, path: "f.txt"); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test("Negatives down to −1e-12 λ₁ are round-off: set to 0 and counted")
    func tinyNegatives() throws {
        let c = try SpectrumFile.contents(of: "eigenvalue\n2\n1\n-2e-12\n-1e-17\n0\n", path: "t.txt")
        #expect(c.spectrum.eigenvalues == [2, 1, 0, 0, 0])
        #expect(c.spectrum.eigenvalues.allSatisfy { $0.sign == .plus })
        #expect(c.clampedNegatives == 2)
    }

    @Test("A clear negative stays an error naming the line", arguments: ["1\n0.5\n-2.01e-12\n", "1\n-0.1\n"])
    func clearNegative(text: String) {
        do { _ = try SpectrumFile.parse(text, path: "n.txt"); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains("is negative"), "\(error.message)")
            #expect(error.message.contains("n.txt:"))
            #expect(error.kind == .invalidInput)
        }
    }

    @Test("dim keeps the top d, lambda1 rescales keeping every ratio; the file's values are recorded")
    func adjusted() throws {
        let c = try SpectrumFile.contents(of: "4\n2\n1\n0.5\n", path: "a.txt")
        let kept = try c.adjusted(dimension: 3, lambda1: nil)
        #expect(kept.spectrum.eigenvalues == [4, 2, 1])
        let scaled = try c.adjusted(dimension: nil, lambda1: 1)
        #expect(scaled.spectrum.eigenvalues == [1, 0.5, 0.25, 0.125])
        let both = try c.adjusted(dimension: 2, lambda1: 0.3)
        #expect(both.spectrum.lambda1 == 0.3 && both.spectrum.dimension == 2)
        #expect(both.count == 4 && both.fileLambda1 == 4)
        #expect(both.spectrum.source == .file(path: "a.txt"))
        #expect(try c.adjusted(dimension: nil, lambda1: nil) == c)
    }

    @Test("Ties at the top stay exact ties after rescaling")
    func rescaledTies() throws {
        let c = try SpectrumFile.contents(of: "0.7\n0.7\n0.1\n", path: "t.txt")
        let s = try c.adjusted(dimension: nil, lambda1: 0.9).spectrum
        #expect(s.eigenvalues[0] == 0.9 && s.eigenvalues[1] == 0.9)
    }

    @Test(
        "dim outside 2…count and a bad lambda1 are refused in the library's words",
        arguments: [(Optional(5), Optional<Double>.none, "holds 4"), (1, nil, "2 ≤ d ≤ 4"), (nil, 0, "lambda1")])
    func badAdjustments(dimension: Int?, lambda1: Double?, expected: String) throws {
        let c = try SpectrumFile.contents(of: "4\n2\n1\n0.5\n", path: "a.txt")
        do { _ = try c.adjusted(dimension: dimension, lambda1: lambda1); Issue.record("accepted") } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!error.message.contains("--"))
            #expect(error.kind == .invalidParameter)
        }
    }
}
