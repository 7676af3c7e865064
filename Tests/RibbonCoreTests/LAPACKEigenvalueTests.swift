import GSL
import LAPACK
import Testing

@Suite("LAPACK dsyevd: eigenvalues of large symmetric matrices")
struct LAPACKEigenvalueTests {
    /// Q diag(λ) Qᵀ with Q = I − 2vvᵀ/vᵀv, a reflector: the eigenvalues are λ exactly, up to the rounding of
    /// forming the product (a few ε·max|λ|).
    static func knownSpectrum(_ lambda: [Double], seed: UInt64) -> [Double] {
        let n = lambda.count
        var state = seed
        let v = (0..<n).map { _ -> Double in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let norm2 = v.reduce(0) { $0 + $1 * $1 }
        func q(_ i: Int, _ k: Int) -> Double { (i == k ? 1 : 0) - 2 * v[i] * v[k] / norm2 }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = 0.0
                for k in 0..<n { s += q(i, k) * lambda[k] * q(j, k) }
                a[i * n + j] = s
                a[j * n + i] = s
            }
        }
        return a
    }

    static func eigenvalues(_ matrix: [Double], order n: Int) throws -> [Double] {
        var a = matrix
        var values = [Double](repeating: 0, count: n)
        try a.withUnsafeMutableBufferPointer { a in
            try values.withUnsafeMutableBufferPointer { v in
                try SymmetricEigenvalues.compute(destroying: a, order: n, into: v)
            }
        }
        return values
    }

    @Test("LAPACKE loads on this machine (scripts/setup installs it), so data spectra take the fast path")
    func loads() {
        #expect(SymmetricEigenvalues.isAvailable)
    }

    @Test("A reflected diagonal of 300 geometric and repeated values comes back descending within 1e-13 λ₁")
    func knownValues() throws {
        let n = 300
        // Geometric decay with ties and exact zeros: what a data spectrum with n < d looks like.
        let lambda = (0..<n).map { k in k < 250 ? 2 * Double.pow(0.97, Double(k / 2)) : 0 }
        let values = try Self.eigenvalues(Self.knownSpectrum(lambda, seed: 11), order: n)
        let expected = lambda.sorted(by: >)
        // Error budget: forming QΛQᵀ costs about n·ε·λ₁ per entry, the solve a few ε‖A‖; 1e-13 is about 450 ε.
        for (a, b) in zip(values, expected) { #expect(abs(a - b) <= 1e-13 * expected[0]) }
    }

    @Test("Agrees with GSL's gsl_eigen_symm on an indefinite matrix of order 500")
    func againstGSL() throws {
        let n = 500
        var state: UInt64 = 5
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let x = Double(state >> 11) / Double(1 << 53) - 0.5
                a[i * n + j] = x
                a[j * n + i] = x
            }
        }
        let ours = try Self.eigenvalues(a, order: n)
        let reference = try SymmetricEigensolver(order: n).eigenvalues(of: a)
        let scale = reference.map(abs).max()!
        // Both backward stable: |Δμ| ≤ a few ε‖A‖ each; 1e-12 ‖A‖ leaves room for order 500.
        for (x, y) in zip(ours, reference) { #expect(abs(x - y) <= 1e-12 * scale) }
    }

    @Test("A NaN entry is an error, not a silent result")
    func refusesNaN() {
        var a = [1.0, 0, 0, 1]
        a[2] = .nan
        #expect(throws: LAPACKError.self) { _ = try Self.eigenvalues(a, order: 2) }
    }
}
