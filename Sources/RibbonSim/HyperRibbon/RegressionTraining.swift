import GSL
import RealModule
import RibbonCore

/// Full-batch gradient descent on the squared loss L = ‖Xw − y‖²/(2n), y = Xw*, run explicitly in
/// the original basis: w ← w − η (Σw − Xᵀy/n), with Σ = XᵀX/n from the data. `--flow` instead
/// evaluates gradient flow exactly, w(τ) = w* + e^{−Στ}(w₀ − w*), through the eigendecomposition
/// of the data's Σ (GSL), at τ = ηt.
public enum RegressionTraining {
    /// Trains `runs` runs from w₀ ~ N(0, σ₀² I) drawn from `rng`, recording w at `times`; runs that become
    /// non-finite are dropped and listed in `failures`.
    public static func train(
        _ data: LinearDataset, knobs: Knobs, runs: Int, times: [Int], weights: [Double],
        rng: RandomGenerator
    ) throws(RibbonError) -> Trajectories {
        let d = data.dimension
        let sigma = data.correlation, wStar = data.teacher
        var b = [Double](repeating: 0, count: d)  // Xᵀy/n = Σ w*
        for i in 0..<d { for j in 0..<d { b[i] += sigma[i * d + j] * wStar[j] } }
        let initial = (0..<runs).map { _ in (0..<d).map { _ in knobs.sigma0 * rng.gaussian() } }
        var points = [[[Double]]](repeating: [], count: runs)
        var failures: [(Int, Int)] = []
        if knobs.dynamics == .flow {
            let system = data.eigensystem
            for r in 0..<runs {
                // Coordinates of w₀ − w* in the eigenbasis, decayed by e^{−λτ}.
                let delta = (0..<d).map { initial[r][$0] - wStar[$0] }
                let coefficients = system.vectors.map { v in zip(v, delta).reduce(0) { $0 + $1.0 * $1.1 } }
                points[r] = times.map { t in
                    let tau = knobs.eta * Double(t)
                    var w = wStar
                    for k in 0..<d {
                        let c = coefficients[k] * Double.exp(-system.values[k] * tau)
                        for i in 0..<d { w[i] += c * system.vectors[k][i] }
                    }
                    return w
                }
            }
            return Trajectories(times: times, weights: weights, points: points, failures: [])
        }
        let last = times.last ?? 0
        var gradient = [Double](repeating: 0, count: d)
        for r in 0..<runs {
            var w = initial[r]
            var next = 0
            step: for t in 0...last {
                if next < times.count && times[next] == t { points[r].append(w); next += 1 }
                if t == last { break }
                for i in 0..<d {
                    var s = -b[i]
                    for j in 0..<d { s += sigma[i * d + j] * w[j] }
                    gradient[i] = s
                }
                for i in 0..<d {
                    w[i] -= knobs.eta * gradient[i]
                    if !w[i].isFinite { failures.append((r, t + 1)); points[r] = []; break step }
                }
            }
        }
        var result = Trajectories(times: times, weights: weights, points: points, failures: failures)
        result.points = result.points.filter { !$0.isEmpty }
        return result
    }
}
