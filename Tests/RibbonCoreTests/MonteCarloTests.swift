import Foundation
import Testing
@testable import RibbonCore

@Suite("E2 against Monte Carlo over initialisations")
struct MonteCarloTests {
    /// A small deterministic generator (SplitMix64) with Box–Muller normals, so the test is reproducible.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &self), v = Double.random(in: 0..<1, using: &self)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }

    /// THEORY.md §2's own check: d = 8, c = 0.7, η = 0.5, T = 60, 20 000 runs of explicit GD from
    /// w₀ ~ N(0, σ₀²I). The sample covariance of the pooled cloud has relative standard error
    /// ≈ √(2/R) ≈ 1% per diagonal entry; 5% (5σ) is the tolerance on the trace-normalised error.
    @Test("Sample covariance of 20 000 simulated GD runs matches E2 within 5σ")
    func pooledCloud() throws {
        let d = 8, steps = 60, runs = 20_000
        let spectrum = try Spectrum.geometric(slope: 0.7, dimension: d)
        let knobs = try Knobs(eta: 0.5, steps: Double(steps), ratio: 1.5)
        let exact = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs).matrix
        let lambda = spectrum.eigenvalues
        var rng = SplitMix(state: 42)
        var sum = [Double](repeating: 0, count: d), sumSq = [Double](repeating: 0, count: d * d)
        var w = [Double](repeating: 0, count: d)
        for _ in 0..<runs {
            for i in 0..<d { w[i] = rng.normal() }
            for _ in 0...steps {
                let z = (0..<d).map { lambda[$0].squareRoot() * w[$0] }
                for i in 0..<d { sum[i] += z[i]; for j in 0..<d { sumSq[i * d + j] += z[i] * z[j] } }
                for i in 0..<d { w[i] -= 0.5 * lambda[i] * (w[i] - 1.5) }
            }
        }
        let n = Double(runs * (steps + 1))
        var trace = 0.0, worst = 0.0
        for i in 0..<d { trace += exact[i * d + i] }
        for i in 0..<d {
            for j in 0..<d {
                let sample = sumSq[i * d + j] / n - sum[i] / n * sum[j] / n
                worst = max(worst, abs(sample - exact[i * d + j]) / trace)
            }
        }
        #expect(worst < 0.05, "worst trace-normalised deviation \(worst)")
    }
}
