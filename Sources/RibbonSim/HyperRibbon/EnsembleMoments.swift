/// Per-run weighted moments of a cloud of points: Σ_j ω_j y_j and Σ_j ω_j y_j y_jᵀ for every run.
/// Enough to form the pooled covariance, its unbiased version, and bootstrap replicates over runs
/// without touching the points again.
public struct EnsembleMoments: Sendable {
    /// The dimension d of the points.
    public let dimension: Int
    /// runs × d
    public let means: [[Double]]
    /// runs × (d × d)
    public let seconds: [[Double]]

    /// Number of runs R.
    public var runs: Int { means.count }

    /// - Parameter transform: maps a parameter vector to the point's coordinates (e.g. Σ^{1/2} w).
    public init(_ trajectories: Trajectories, transform: ([Double]) -> [Double]) {
        var means: [[Double]] = [], seconds: [[Double]] = []
        var d = 0
        for run in trajectories.points {
            let ys = run.map(transform)
            d = ys.first?.count ?? 0
            var m = [Double](repeating: 0, count: d), s = [Double](repeating: 0, count: d * d)
            for (y, w) in zip(ys, trajectories.weights) {
                for i in 0..<d {
                    m[i] += w * y[i]
                    let wy = w * y[i]
                    for j in 0...i { s[i * d + j] += wy * y[j] }
                }
            }
            for i in 0..<d { for j in 0..<i { s[j * d + i] = s[i * d + j] } }
            means.append(m)
            seconds.append(s)
        }
        dimension = d
        self.means = means
        self.seconds = seconds
    }

    /// The covariance of the pooled cloud (each run weighs 1/R): what inPCA of the cloud sees.
    public func pooledCovariance(runs selection: [Int]? = nil) -> [Double] {
        let picked = selection ?? Array(0..<runs)
        let d = dimension, r = Double(picked.count)
        var mean = [Double](repeating: 0, count: d), c = [Double](repeating: 0, count: d * d)
        for k in picked {
            for i in 0..<d { mean[i] += means[k][i] / r }
            for e in 0..<(d * d) { c[e] += seconds[k][e] / r }
        }
        for i in 0..<d { for j in 0..<d { c[i * d + j] -= mean[i] * mean[j] } }
        return c
    }

    /// An unbiased estimate of the ensemble covariance: within-run covariances averaged, plus the
    /// between-run scatter of run means divided by R − 1 (the pooled form divides by R and is low
    /// by Cov(run mean)/R).
    public func unbiasedCovariance(runs selection: [Int]? = nil) -> [Double] {
        let picked = selection ?? Array(0..<runs)
        let d = dimension, r = Double(picked.count)
        var mean = [Double](repeating: 0, count: d), c = [Double](repeating: 0, count: d * d)
        for k in picked { for i in 0..<d { mean[i] += means[k][i] / r } }
        for k in picked {
            let m = means[k]
            for i in 0..<d {
                for j in 0..<d {
                    let within = seconds[k][i * d + j] - m[i] * m[j]
                    let between = (m[i] - mean[i]) * (m[j] - mean[j])
                    c[i * d + j] += within / r + between / (r - 1)
                }
            }
        }
        return c
    }
}
