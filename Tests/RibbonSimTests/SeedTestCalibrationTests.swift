import GSL
import RibbonCore
import Testing
@testable import RibbonSim

/// The pass rule of `outliers --simulate` and `align` (``SeedTest``) on Gaussian seed data whose truth is
/// known: its family-wise size and its 90%-power shift, by Monte Carlo with fixed seeds.
@Suite("Seed-averaged verifier rule: size and power")
struct SeedTestCalibrationTests {
    /// m rows of n Gaussian seeds each; returns whether any row fails (allowance 0: pure sampling noise).
    static func anyFail(_ test: SeedTest, rows m: Int, runs n: Int, shift: Double, rng: RandomGenerator) -> Bool {
        var failed = false
        for row in 0..<m {
            let xs = (0..<n).map { _ in rng.gaussian() + (row == 0 ? shift : 0) }
            let (mean, se) = SeedStatistics.meanAndStandardError(xs)
            if !test.passes(measured: mean, standardError: se, predicted: 0, allowance: 0) { failed = true }
        }
        return failed
    }

    /// Size: α = 0.05, m = 3 independent rows, n = 5 seeds, 20 000 replicates. Bonferroni gives
    /// 1 − (1 − α/3)³ = 0.0492 exactly for independent Gaussian rows; the test allows 0.0492 ± 4.5 binomial SDs
    /// (±0.0069; false alarm of this test < 1e-5). A z-threshold (the old 3-SE rule's kind) would give
    /// 1 − (1 − P(|t₄| > 3))³ ≈ 0.11 and fail the upper bound.
    @Test("Family-wise false-fail rate equals the Bonferroni-t level with few seeds")
    func size() throws {
        let test = try SeedTest(alpha: 0.05, rows: 3, runs: 5)
        let rng = RandomGenerator(seed: 11)
        let replicates = 20_000
        let fails = (0..<replicates).filter { _ in Self.anyFail(test, rows: 3, runs: 5, shift: 0, rng: rng) }.count
        let rate = Double(fails) / Double(replicates)
        print("seed test size: \(rate) (expected 0.0492)")
        #expect(abs(rate - 0.0492) < 0.0069)
    }

    /// Power: a true shift of `detectable` (in units of the prediction 1, σ = 1 per seed, so the shift is
    /// δ·σ/√n) is found with probability 0.90; 20 000 replicates: ±0.0064 at 3 SDs.
    @Test("A deviation of 'detectable' is found with 90% power", arguments: [(5, 1), (5, 3), (20, 10), (3, 2)])
    func power(runs n: Int, rows m: Int) throws {
        let test = try SeedTest(alpha: 0.05, rows: m, runs: n)
        let shift = test.powerShift / Double(n).squareRoot()
        let rng = RandomGenerator(seed: 12)
        let replicates = 20_000
        var hits = 0
        for _ in 0..<replicates {
            let xs = (0..<n).map { _ in rng.gaussian() + shift }
            let (mean, se) = SeedStatistics.meanAndStandardError(xs)
            if mean - 0 > test.critical * se { hits += 1 }
        }
        let power = Double(hits) / Double(replicates)
        print("seed test power at n = \(n), m = \(m): \(power)")
        #expect(abs(power - 0.9) < 0.0064)
    }
}
