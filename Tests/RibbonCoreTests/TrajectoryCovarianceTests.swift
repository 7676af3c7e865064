import Testing
@testable import RibbonCore

@Suite("Exact covariance E2 against brute-force GD")
struct TrajectoryCovarianceTests {
    /// Max relative entry error, relative to the largest entry in the same row/column scale
    /// √(C_ii C_jj) (entries far below that scale carry no information about the eigenvalues).
    static func maxScaledError(_ a: [Double], _ b: [Double], d: Int) -> Double {
        var worst = 0.0
        for i in 0..<d {
            for j in 0..<d {
                let scale = (b[i * d + i] * b[j * d + j]).squareRoot()
                if scale > 0 { worst = max(worst, abs(a[i * d + j] - b[i * d + j]) / scale) }
            }
        }
        return worst
    }

    @Test(
        "E2 equals the brute-force time average",
        arguments: [
            (0.5, 0.7, 60, 3.0, TargetProfile.weights),
            (1.0, 1.0, 1, 0.3, .weights),  // q₁ = 0, T = 1
            (1.5, 0.5, 25, 10.0, .weights),  // negative q
            (1.9, 0.3, 7, 1.0, .outputs),  // q near −1
            (0.01, 1.0, 400, 2.0, .outputs),  // slow modes, moment series
            (1e-4, 0.2, 2000, 5.0, .weights),  // every mode slow: ηλT ≤ 0.2
        ])
    func matchesBruteForce(eta: Double, slope: Double, steps: Int, ratio: Double, target: TargetProfile) throws {
        let spectrum = try Spectrum.geometric(slope: slope, dimension: 8)
        let knobs = try Knobs(eta: eta, steps: Double(steps), ratio: ratio, target: target)
        let exact = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs).matrix
        let brute = BruteForce.covariance(
            eigenvalues: spectrum.eigenvalues, eta: eta, steps: steps,
            ratio: ratio, sigma0: 1, target: target)
        // Brute force accumulates ~T roundings of size ε: tolerance 1e-12 covers T ≤ 2000.
        #expect(Self.maxScaledError(exact, brute, d: 8) < 1e-12)
    }
}
