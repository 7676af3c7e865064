import GSL
import RibbonCore

/// The pass rule of the seed-averaged verifiers (`outliers --simulate`, `align`): each judged row compares
/// the mean of n independent seeds with an asymptotic (large-d) prediction.
///
/// A row fails when |mean − predicted| > max(t·SE, allowance), with
/// - t = t_{1−α/(2m), n−1}: Student's quantile (the SE is estimated from the same n seeds), Bonferroni-corrected
///   over the m judged rows, so that sampling noise fails a call with probability ≤ α (family-wise; exact for
///   Gaussian seed means, conservative under positive dependence between rows);
/// - allowance: the theory's stated finite-size error (asymptotic forms are not exact at finite d), which
///   sampling cannot resolve and the test therefore does not judge.
///
/// `detectable` is the smallest relative deviation found with 90% power: max(allowance, δ·SE)/|predicted|, where δ
/// solves P(Z + δ > t·S) = 0.9 with Z standard normal and S² ~ χ²_{n−1}/(n−1) (the noncentral-t power of a
/// one-sided exceedance; the SE itself is estimated from the n seeds, so δ > t + z₀.₉, e.g. 4.40 vs 4.31 at
/// n = 5, α = 0.05, m = 1, and 104.7 at n = 2).
public struct SeedTest: Sendable {
    /// Family-wise false-fail probability from sampling noise.
    public let alpha: Double
    /// Number of rows sharing α.
    public let rows: Int
    /// Number of seeds n (the SE has n − 1 degrees of freedom).
    public let runs: Int
    /// t_{1−α/(2m), n−1}.
    public let critical: Double
    /// δ: the shift in SEs found with 90% power.
    public let powerShift: Double

    /// Default family-wise false-fail probability (as `verify`).
    public static let defaultAlpha = 0.01

    public init(alpha: Double, rows: Int, runs: Int) throws(RibbonError) {
        guard alpha > 0, alpha < 0.5 else {
            throw .parameter("the false-alarm probability must lie in (0, 0.5) (got \(alpha))")
        }
        guard runs >= 2 else { throw .parameter("runs must be at least 2 for an error bar (got \(runs))") }
        self.alpha = alpha
        self.rows = max(rows, 1)
        self.runs = runs
        do {
            let nu = Double(runs - 1)
            let t = try Distributions.studentQuantile(1 - alpha / Double(2 * self.rows), degreesOfFreedom: nu)
            critical = t
            // E_S Φ(δ − tS) by the midpoint rule over 400 χ² quantiles (power error < 1e-4), then Brent on δ.
            let nodes = 400
            var scales: [Double] = []
            for i in 0..<nodes {
                scales.append(
                    (try Distributions.chiSquaredQuantile((Double(i) + 0.5) / Double(nodes), degreesOfFreedom: nu) / nu)
                        .squareRoot())
            }
            let power = { (delta: Double) throws(RibbonError) -> Double in
                scales.reduce(0) { $0 + Distributions.normalCDF(delta - t * $1) } / Double(nodes) - 0.9
            }
            powerShift = try RootFinding.brent(lower: 0, upper: 1e4, relativeTolerance: 1e-8, power).value
        } catch {
            throw RibbonError(.numerical, "the seed test's quantiles failed: \(error)")
        }
    }

    /// Whether `measured` (± `standardError`) agrees with `predicted` within max(t·SE, allowance).
    public func passes(measured: Double, standardError: Double, predicted: Double, allowance: Double) -> Bool {
        abs(measured - predicted) <= max(critical * standardError, allowance)
    }

    /// The relative deviation detected with 90% power; nil when the prediction is 0.
    public func detectable(standardError: Double, predicted: Double, allowance: Double) -> Double? {
        guard predicted != 0 else { return nil }
        return max(allowance, powerShift * standardError) / abs(predicted)
    }

    /// The rule as printed in outputs.
    public var description: String {
        "family-wise α = \(alpha) over \(rows) rows: |mean − predicted| ≤ max(t·SE, allowance), t = t_{1−α/(2m), n−1} = "
            + String(format: "%.2f", critical) + " (Student, Bonferroni over m = \(rows), n = \(runs) seeds)"
    }
}

/// A judged comparison waiting for the number of judged rows (which sets t): measured ± SE against a
/// prediction with its finite-size allowance (absolute).
struct PendingComparison: Sendable {
    let measured: Double
    let standardError: Double
    let predicted: Double
    let allowance: Double
}
