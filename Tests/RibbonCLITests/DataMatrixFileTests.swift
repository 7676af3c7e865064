import Foundation
import RibbonCore
import RibbonIO
import RibbonTestSupport
import Testing

/// Reading data matrices (.npy written by numpy, CSV) and their spectra against numpy's eigvalsh
/// (fixtures from `scripts/data_spectrum_golden.py` in `Tests/Fixtures/data/`).
@Suite("Data matrix files and their spectra against numpy")
struct DataMatrixFileTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/data")
    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
    static var golden: [String: Any] {
        let data = try! Data(contentsOf: directory.appendingPathComponent("data_spectrum_golden.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
    static func numbers(_ any: Any?) -> [Double] { (any as! [NSNumber]).map(\.doubleValue) }

    @Test(
        "A C-order float64 3 × 4 array reads bit for bit, in .npy versions 1.0, 2.0 and 3.0",
        arguments: ["c_order_3x4.npy", "c_order_3x4_v2.npy", "c_order_3x4_v3.npy"])
    func cOrder(name: String) throws {
        let x = try DataMatrix.read(path: Self.path(name))
        #expect(x.rows == 3 && x.columns == 4)
        #expect(x.values == Self.numbers(Self.golden["c_order_3x4"]))
    }

    @Test(
        "Other layouts are refused with what is allowed",
        arguments: [
            ("fortran_3x4.npy", "Fortran order"), ("float32_3x4.npy", "dtype '<f4'"), ("int64_3x4.npy", "dtype '<i8'"),
            ("vector_5.npy", "shape (5,)"),
        ])
    func refused(name: String, expected: String) throws {
        do { _ = try DataMatrix.read(path: Self.path(name)); Issue.record("accepted \(name)") } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(error.message.contains("allowed"))
            #expect(error.kind == .invalidInput)
        }
    }

    @Test("Damaged .npy files are refused, never read short")
    func damaged() throws {
        var bytes = try Data(contentsOf: Self.directory.appendingPathComponent("c_order_3x4.npy"))
        let truncated = bytes.prefix(bytes.count - 8)
        #expect(throws: RibbonError.self) { try NpyReader.read(truncated, source: "t.npy") }
        bytes[6] = 9
        do { _ = try NpyReader.read(bytes, source: "v.npy"); Issue.record("accepted version 9") } catch {
            #expect(error.message.contains("allowed: 1.0, 2.0, 3.0"))
        }
        #expect(throws: RibbonError.self) { try NpyReader.read(Data("{'descr'".utf8), source: "x.npy") }
    }

    @Test("A CSV with a header line holds the same doubles as the .npy")
    func csvWithHeader() throws {
        let csv = try DataMatrix.read(path: Self.path("samples_40x6.csv"))
        let npy = try DataMatrix.read(path: Self.path("samples_40x6.npy"))
        #expect(csv.rows == 40 && csv.columns == 6)
        #expect(csv.values == npy.values)
    }

    @Test(
        "Bad CSV data name the line",
        arguments: [
            ("1,2\n3\n", "x.csv:2: 1 fields, expected 2"), ("a,b\n1,x\n", "x.csv:2: field 2: 'x'"),
            ("a,b\n", "no data rows"), ("1,2\n3,inf\n", "x.csv:2"),
        ])
    func badCSV(text: String, expected: String) {
        do { _ = try DataMatrix.csv(text, source: "x.csv"); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test(
        "Eigenvalues of XᵀX/n match numpy.linalg.eigvalsh, centred and not, on both routes",
        arguments: [
            ("samples_40x6.npy", "samples_40x6", true), ("samples_40x6.npy", "samples_40x6", false),
            ("wide_12x30.npy", "wide_12x30", true), ("wide_12x30.npy", "wide_12x30", false),
        ])
    func againstNumpy(file: String, key: String, centred: Bool) throws {
        let x = try DataMatrix.read(path: Self.path(file))
        let s = try DataSpectrum(x, centred: centred, source: file)
        let expected = Self.numbers((Self.golden[key] as! [String: Any])[centred ? "centred" : "raw"])
        #expect(s.eigenvalues.count == expected.count)
        #expect(s.method == (x.rows < x.columns ? .gram : .covariance))
        for (i, (a, b)) in zip(s.eigenvalues, expected).enumerated() {
            // Relative to λ₁: the null directions of the wide matrix are round-off in both (±1e-16 λ₁).
            #expect(abs(a - b) <= 1e-13 * expected[0], "λ_\(i + 1): \(a) vs numpy \(b)")
            if b > 1e-10 * expected[0] { expectClose(a, b, relative: 1e-12, "λ_\(i + 1)") }
        }
    }
}
