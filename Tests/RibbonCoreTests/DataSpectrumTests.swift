import Foundation
import GSL
import Testing
@testable import RibbonCore

@Suite("Spectra of data matrices: eigenvalues of XᵀX/n")
struct DataSpectrumTests {
    /// A seeded n × d matrix with decaying column scales and a nonzero mean.
    static func matrix(rows n: Int, columns d: Int, seed: UInt64 = 7) throws -> DataMatrix {
        var state = seed
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let values = (0..<(n * d)).map { k in uniform() * exp(-0.1 * Double(k % d)) + 0.3 }
        return try DataMatrix(rows: n, columns: d, values: values, source: "test")
    }

    @Test("The definition: a 2 × 2 example by hand, centred and not")
    func byHand() throws {
        // X = [[1, 0], [3, 2]]: XᵀX/2 = [[5, 3], [3, 2]]; centred X = [[-1, -1], [1, 1]]: [[1, 1], [1, 1]].
        let x = try DataMatrix(rows: 2, columns: 2, values: [1, 0, 3, 2], source: "x")
        let raw = try DataSpectrum(x, centred: false, source: "x")
        #expect(abs(raw.eigenvalues[0] - (3.5 + sqrt(11.25))) < 1e-14)
        #expect(abs(raw.eigenvalues[1] - (3.5 - sqrt(11.25))) < 1e-14)
        let centred = try DataSpectrum(x, centred: true, source: "x")
        #expect(abs(centred.eigenvalues[0] - 2) < 1e-15 && abs(centred.eigenvalues[1]) < 1e-15)
        #expect(raw.method == .covariance && !raw.centred && centred.centred)
    }

    @Test("Gram route (n < d) equals the d × d route, zeros padded", arguments: [true, false])
    func gramAgainstDirect(centred: Bool) throws {
        let x = try Self.matrix(rows: 25, columns: 90)
        let gram = try DataSpectrum(x, centred: centred, source: "x", jobs: 2)
        let direct = try DataSpectrum(x, centred: centred, source: "x", jobs: 1, method: .covariance)
        #expect(gram.method == .gram && direct.method == .covariance)
        #expect(gram.eigenvalues.count == 90 && direct.eigenvalues.count == 90)
        let top = direct.eigenvalues[0]
        for (a, b) in zip(gram.eigenvalues, direct.eigenvalues) { #expect(abs(a - b) <= 1e-13 * top) }
        #expect(gram.eigenvalues[25...].allSatisfy { $0 == 0 })
    }

    @Test("The fallback solver (no LAPACKE) gives the LAPACK eigenvalues to 1e-13 λ₁, and says which ran")
    func fallbackSolver() throws {
        let x = try Self.matrix(rows: 300, columns: 120)
        let lapack = try DataSpectrum(x, centred: true, source: "x", jobs: 2, method: nil, solver: .lapack)
        let own = try DataSpectrum(x, centred: true, source: "x", jobs: 2, method: nil, solver: .own)
        #expect(lapack.solver == .lapack && own.solver == .own)
        // Both backward stable on a PSD matrix: a few ε λ₁ each.
        for (a, b) in zip(lapack.eigenvalues, own.eigenvalues) { #expect(abs(a - b) <= 1e-13 * lapack.eigenvalues[0]) }
    }

    @Test("The blocked product equals a plain triple loop on sizes that straddle the tiles, for any jobs")
    func blockedProduct() throws {
        let x = try Self.matrix(rows: 1100, columns: 37)
        let a = try DataSpectrum(x, centred: false, source: "x", jobs: 1)
        let b = try DataSpectrum(x, centred: false, source: "x", jobs: 3)
        #expect(a.eigenvalues == b.eigenvalues)
        var m = [Double](repeating: 0, count: 37 * 37)
        for i in 0..<37 {
            for j in 0..<37 {
                var s = 0.0
                for k in 0..<1100 { s += x.values[k * 37 + i] * x.values[k * 37 + j] }
                m[i * 37 + j] = s / 1100
            }
        }
        let reference = try SymmetricEigensolver(order: 37).eigenvalues(of: m)
        for (u, v) in zip(a.eigenvalues, reference) { #expect(abs(u - v) <= 1e-13 * reference[0]) }
    }

    @Test("Refusals: one feature, more than 20000 features, no variance")
    func refusals() throws {
        let cases: [(DataMatrix, Bool, String)] = [
            (try DataMatrix(rows: 3, columns: 1, values: [1, 2, 3], source: "x"), false, "at least 2 features"),
            (
                try DataMatrix(rows: 1, columns: 20001, values: .init(repeating: 1, count: 20001), source: "x"), false,
                "at most 20000"
            ),
            (try DataMatrix(rows: 1, columns: 3, values: [1, 2, 3], source: "x"), true, "no variance"),
            (try DataMatrix(rows: 2, columns: 2, values: [0, 0, 0, 0], source: "x"), false, "no variance"),
        ]
        for (x, centred, expected) in cases {
            do { _ = try DataSpectrum(x, centred: centred, source: "x"); Issue.record("accepted \(expected)") } catch {
                #expect(error.message.contains(expected), "\(error.message)")
                #expect(error.kind == .invalidInput)
            }
        }
    }

    @Test("A data matrix refuses wrong counts and non-finite entries, naming the entry")
    func matrixValidation() {
        #expect(throws: RibbonError.self) { try DataMatrix(rows: 2, columns: 2, values: [1, 2, 3], source: "x") }
        do { _ = try DataMatrix(rows: 2, columns: 2, values: [1, 2, .nan, 3], source: "x") } catch {
            #expect(error.message.contains("row 2, column 1"))
        }
    }
}
