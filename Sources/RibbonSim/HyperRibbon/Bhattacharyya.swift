import Dispatch
import RealModule

/// Bhattacharyya distances between the predictive distributions of two models, summed (or
/// averaged) over the samples: the distance the deep-network inPCA experiments use.
public enum Bhattacharyya {
    /// How per-sample distances combine over the n samples.
    public enum Reduction: String, Sendable, CaseIterable {
        /// Σ over samples (the default of THEORY.md §1).
        case sum
        /// mean over samples.
        case mean
    }

    /// Counts of values that a distance should not have; reported, never clamped.
    public struct Anomalies: Sendable, Equatable {
        /// Number of infinite distances.
        public var infinite = 0
        /// Number of negative distances.
        public var negative = 0
        /// Number of NaN distances.
        public var notANumber = 0
        /// The most negative distance (0 if none).
        public var mostNegative = 0.0
    }

    /// Regression with likelihood N(ŷ, σ_n²): d_B = Σ_k (ŷ_u,k − ŷ_v,k)²/(8σ_n²).
    public static func gaussian(_ u: [Double], _ v: [Double], noise: Double, reduction: Reduction) -> Double {
        var s = 0.0
        for k in u.indices { let e = u[k] - v[k]; s += e * e }
        s /= 8 * noise * noise
        return reduction == .sum ? s : s / Double(u.count)
    }

    /// Classification: d_B = −Σ_k ln Σ_c √(p_u,kc p_v,kc); probabilities are n × C row-major.
    public static func categorical(_ p: [Double], _ q: [Double], classes: Int, reduction: Reduction) -> Double {
        var s = 0.0
        let n = p.count / classes
        for k in 0..<n {
            var bc = 0.0
            for c in 0..<classes { bc += (p[k * classes + c] * q[k * classes + c]).squareRoot() }
            s -= Double.log(bc)
        }
        return reduction == .sum ? s : s / Double(n)
    }

    /// The symmetric N × N matrix of distances between `points`, on `jobs` threads, with anomalies.
    public static func matrix(_ points: [[Double]], jobs: Int, distance: @Sendable ([Double], [Double]) -> Double)
        -> (values: [Double], anomalies: Anomalies)
    {
        let n = points.count
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * n)
        out.initialize(repeating: 0)
        defer { out.deallocate() }
        nonisolated(unsafe) let buffer = out
        let workers = max(1, min(jobs, n))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            // Rows interleaved so every worker gets a similar share of the triangle.
            for a in stride(from: w, to: n, by: workers) {
                for b in 0..<a {
                    let value = distance(points[a], points[b])
                    buffer[a * n + b] = value
                    buffer[b * n + a] = value
                }
            }
        }
        var anomalies = Anomalies()
        for a in 0..<n {
            for b in 0..<a {
                let v = out[a * n + b]
                if v.isNaN {
                    anomalies.notANumber += 1
                } else if v.isInfinite {
                    anomalies.infinite += 1
                } else if v < 0 {
                    anomalies.negative += 1; anomalies.mostNegative = min(anomalies.mostNegative, v)
                }
            }
        }
        return (Array(out), anomalies)
    }
}
