import GSL
import Testing
@testable import RibbonCore

@Suite("Own symmetric eigenvalue solver against GSL's gsl_eigen_symm")
struct SymmetricEigenvalueSolverTests {
    /// Both solvers are backward stable: each eigenvalue is within a few ε‖A‖ of the truth, so they
    /// agree to c·n·ε‖A‖ absolute; c·n = 100 at n ≤ 200 (measured worst: see the message).
    static func compare(_ a: [Double], _ n: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let mine = try SymmetricEigenvalueSolver(order: n).eigenvalues(of: a)
        let gsl = try SymmetricEigensolver(order: n).eigenvalues(of: a)
        let norm = gsl.map(abs).max() ?? 0
        var worst = 0.0
        for k in 0..<n { worst = max(worst, abs(mine[k] - gsl[k])) }
        #expect(
            worst <= 100 * Double.ulpOfOne * max(norm, Double.leastNormalMagnitude),
            "n=\(n): worst |Δμ| = \(worst / max(norm, 1e-300)) ‖A‖", sourceLocation: sourceLocation)
        for k in 1..<n { #expect(mine[k - 1] >= mine[k], sourceLocation: sourceLocation) }
    }

    @Test(
        "Random symmetric matrices of every small order and a few large ones", arguments: Array(1...12) + [31, 64, 200])
    func random(n: Int) throws {
        let rng = RandomGenerator(seed: UInt64(n))
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0...i { let x = rng.gaussian(); a[i * n + j] = x; a[j * n + i] = x } }
        try Self.compare(a, n)
    }

    @Test(
        "Exact covariances (graded, eigenvalues down to 1e-16 μ₁) across slopes and steps",
        arguments: [(0.1, 1e6), (0.25, 10), (1.0, 1000), (2.0, 1e4), (0.05, 1.0)])
    func covariances(c: Double, steps: Double) throws {
        let spectrum = try Spectrum.geometric(lambda1: 1, slope: c, dimension: 200)
        let cov = try TrajectoryCovariance(spectrum: spectrum, knobs: try Knobs(steps: steps, ratio: 10))
        try Self.compare(cov.matrix, cov.order)
    }

    @Test("Structured corner cases: diagonal, zero, block-diagonal, rank one, repeated eigenvalues")
    func corners() throws {
        let n = 9
        var diagonal = [Double](repeating: 0, count: n * n)
        for i in 0..<n { diagonal[i * n + i] = Double(i) - 3 }
        try Self.compare(diagonal, n)
        try Self.compare([Double](repeating: 0, count: n * n), n)
        var block = [Double](repeating: 0, count: n * n)
        for i in 0..<4 { for j in 0..<4 { block[i * n + j] = 1 } }
        for i in 4..<n { block[i * n + i] = 2 }
        try Self.compare(block, n)
        let u = (0..<n).map { Double($0 + 1) }
        try Self.compare((0..<(n * n)).map { u[$0 / n] * u[$0 % n] }, n)
        var identityPlus = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            identityPlus[i * n + i] = 1;
            if i + 1 < n { identityPlus[i * n + i + 1] = 1e-9; identityPlus[(i + 1) * n + i] = 1e-9 }
        }
        try Self.compare(identityPlus, n)
    }

    @Test("Non-finite input is an error, not a silent NaN")
    func nonFinite() {
        var a = [Double](repeating: 1, count: 16)
        a[5] = .nan
        #expect(throws: RibbonError.self) { try SymmetricEigenvalueSolver(order: 4).eigenvalues(of: a) }
    }
}
