@testable import RibbonCore

/// Independent oracles that iterate gradient descent explicitly instead of using S_T.
enum BruteForce {
    /// The exact ensemble covariance by iterating GD step by step (mean trajectory
    /// w̄_{t+1} = w̄_t − ηλ(w̄_t − w*), per-mode init variance v_{t+1} = (1 − ηλ)² v_t) and averaging
    /// over t = 0…T with a two-pass (centred) sum. O(d² T): small d and T only.
    static func covariance(
        eigenvalues lambda: [Double], eta: Double, steps: Int, ratio: Double,
        sigma0: Double, target: TargetProfile
    ) -> [Double] {
        let d = lambda.count
        let wStar = lambda.map { target == .weights ? ratio * sigma0 : ratio * sigma0 * (lambda[0] / $0).squareRoot() }
        var path = [[Double]]()  // z̄(t)
        var variance = [Double](repeating: 0, count: d)  // time-sum of λ σ₀² q^{2t}
        var w = [Double](repeating: 0, count: d)
        var v = [Double](repeating: sigma0 * sigma0, count: d)
        for _ in 0...steps {
            path.append((0..<d).map { lambda[$0].squareRoot() * w[$0] })
            for i in 0..<d { variance[i] += lambda[i] * v[i] }
            for i in 0..<d {
                w[i] -= eta * lambda[i] * (w[i] - wStar[i])
                v[i] *= (1 - eta * lambda[i]) * (1 - eta * lambda[i])
            }
        }
        let n = Double(steps + 1)
        let mean = (0..<d).map { i in path.reduce(0) { $0 + $1[i] } / n }
        var c = [Double](repeating: 0, count: d * d)
        for p in path {
            for i in 0..<d { for j in 0..<d { c[i * d + j] += (p[i] - mean[i]) * (p[j] - mean[j]) } }
        }
        for i in 0..<d { for j in 0..<d { c[i * d + j] /= n }; c[i * d + i] += variance[i] / n }
        return c
    }
}
