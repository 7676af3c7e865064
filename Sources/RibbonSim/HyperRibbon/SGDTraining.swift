import GSL
import RibbonCore

/// Minibatch SGD on the squared loss over the finite data set: each step draws B sample indices
/// (independently, or B distinct ones), and w ← w − η (1/B) Σ_b x_b (x_bᵀ w − y_b).
///
/// Labels y = X w* + ε with ε ~ N(0, σ_ε²) projected off the column space of X, so that
/// Xᵀε = 0: full-batch GD still converges to w* exactly (same mean path as E2) while every sample
/// keeps its label noise. Each run has its own batch stream.
enum SGDTraining {
    static func train(
        _ data: LinearDataset, knobs: Knobs, noise: SGDNoise, runs: Int, times: [Int], weights: [Double],
        rng: RandomGenerator
    ) throws(RibbonError) -> Trajectories {
        let n = data.samples, d = data.dimension, x = data.inputs
        // ε ⟂ col(X): subtract X (XᵀX)⁻¹ Xᵀ ε = X Σ⁻¹ (Xᵀε/n), with Σ⁻¹ from the eigendecomposition.
        let labelRNG = rng.child(0)
        var epsilon = (0..<n).map { _ in noise.labelNoise * labelRNG.gaussian() }
        if noise.labelNoise > 0 {
            let system = data.eigensystem
            var xte = [Double](repeating: 0, count: d)
            for row in 0..<n { for j in 0..<d { xte[j] += x[row * d + j] * epsilon[row] / Double(n) } }
            var coefficient = [Double](repeating: 0, count: d)  // Σ⁻¹ Xᵀε/n
            for k in 0..<d where system.values[k] > 1e-12 * system.values[0] {
                let c = zip(system.vectors[k], xte).reduce(0) { $0 + $1.0 * $1.1 } / system.values[k]
                for j in 0..<d { coefficient[j] += c * system.vectors[k][j] }
            }
            for row in 0..<n {
                var s = 0.0
                for j in 0..<d { s += x[row * d + j] * coefficient[j] }
                epsilon[row] -= s
            }
        }
        let labels = (0..<n).map { row in (0..<d).reduce(0.0) { $0 + x[row * d + $1] * data.teacher[$1] } + epsilon[row]
        }
        let initRNG = rng.child(1)
        var points = [[[Double]]](repeating: [], count: runs)
        var failures: [(Int, Int)] = []
        let last = times.last ?? 0
        var gradient = [Double](repeating: 0, count: d)
        var pool = Array(0..<n)
        for r in 0..<runs {
            let batches = rng.child(100 + r)
            var w = (0..<d).map { _ in knobs.sigma0 * initRNG.gaussian() }
            var next = 0
            step: for t in 0...last {
                if next < times.count && times[next] == t { points[r].append(w); next += 1 }
                if t == last { break }
                for j in 0..<d { gradient[j] = 0 }
                for i in 0..<noise.batch {
                    let row: Int
                    if noise.sampling == .withReplacement {
                        row = batches.integer(below: n)
                    } else {
                        // Partial Fisher–Yates: B distinct indices.
                        let pick = i + batches.integer(below: n - i)
                        pool.swapAt(i, pick)
                        row = pool[i]
                    }
                    var residual = -labels[row]
                    for j in 0..<d { residual += x[row * d + j] * w[j] }
                    for j in 0..<d { gradient[j] += x[row * d + j] * residual }
                }
                for j in 0..<d {
                    w[j] -= knobs.eta * gradient[j] / Double(noise.batch)
                    if !w[j].isFinite { failures.append((r, t + 1)); points[r] = []; break step }
                }
            }
        }
        return Trajectories(times: times, weights: weights, points: points.filter { !$0.isEmpty }, failures: failures)
    }
}
