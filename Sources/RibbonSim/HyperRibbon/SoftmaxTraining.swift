import GSL
import RealModule
import RibbonCore

/// A C-class softmax linear model p(c | x) ∝ exp(W_c · x), trained by full-batch gradient descent
/// on the cross-entropy of labels drawn from a teacher softmax(W* x): no closed form exists; this
/// is the verifier's bridge to the deep-network experiments.
///
/// Teacher rows W*_c ~ N(0, r²σ₀² I) (isotropic, so the input rotation does not matter), initial
/// rows N(0, σ₀² I); parameters are stored row-major C × d.
public struct SoftmaxTask: Sendable {
    /// Number of classes C.
    public let classes: Int
    /// The label of each sample, drawn from the teacher's probabilities.
    public let labels: [Int]
    /// Teacher weights W*, C × d row-major.
    public let teacher: [Double]

    /// Draws the teacher W* and the labels from `rng`.
    public init(data: LinearDataset, classes: Int, knobs: Knobs, rng: RandomGenerator) throws(RibbonError) {
        guard classes >= 2 else { throw .parameter("classes must be at least 2 (got \(classes))") }
        let d = data.dimension
        let teacher = (0..<(classes * d)).map { _ in knobs.ratio * knobs.sigma0 * rng.gaussian() }
        var labels: [Int] = []
        for row in 0..<data.samples {
            let x = Array(data.inputs[(row * d)..<((row + 1) * d)])
            let p = Self.probabilities(teacher, x, classes: classes)
            var u = rng.uniform(), c = 0
            while c < classes - 1 && u >= p[c] { u -= p[c]; c += 1 }
            labels.append(c)
        }
        self.classes = classes
        self.labels = labels
        self.teacher = teacher
    }

    /// softmax(W x), computed with the max subtracted.
    public static func probabilities(_ w: [Double], _ x: [Double], classes: Int) -> [Double] {
        let d = x.count
        var logits = (0..<classes).map { c in (0..<d).reduce(0.0) { $0 + w[c * d + $1] * x[$1] } }
        let top = logits.max()!
        var total = 0.0
        for c in 0..<classes { logits[c] = Double.exp(logits[c] - top); total += logits[c] }
        return logits.map { $0 / total }
    }

    /// Predicted probabilities on every sample (n × C, row-major).
    public func predictions(_ w: [Double], data: LinearDataset) -> [Double] {
        let d = data.dimension
        var out: [Double] = []
        out.reserveCapacity(data.samples * classes)
        for row in 0..<data.samples {
            out += Self.probabilities(w, Array(data.inputs[(row * d)..<((row + 1) * d)]), classes: classes)
        }
        return out
    }

    /// Trains `runs` runs from rows of W₀ ~ N(0, σ₀² I) by full-batch GD on the mean cross-entropy, recording
    /// W at `times`; non-finite runs are dropped and listed.
    public func train(
        _ data: LinearDataset, knobs: Knobs, runs: Int, times: [Int], weights: [Double],
        rng: RandomGenerator
    ) -> Trajectories {
        let d = data.dimension, n = data.samples
        var points = [[[Double]]](repeating: [], count: runs)
        var failures: [(Int, Int)] = []
        let last = times.last ?? 0
        for r in 0..<runs {
            var w = (0..<(classes * d)).map { _ in knobs.sigma0 * rng.gaussian() }
            var next = 0
            step: for t in 0...last {
                if next < times.count && times[next] == t { points[r].append(w); next += 1 }
                if t == last { break }
                var gradient = [Double](repeating: 0, count: classes * d)
                for row in 0..<n {
                    let x = data.inputs[(row * d)..<((row + 1) * d)]
                    var p = Self.probabilities(w, Array(x), classes: classes)
                    p[labels[row]] -= 1
                    for c in 0..<classes { for (j, xj) in x.enumerated() { gradient[c * d + j] += p[c] * xj } }
                }
                for e in 0..<(classes * d) {
                    w[e] -= knobs.eta * gradient[e] / Double(n)
                    if !w[e].isFinite { failures.append((r, t + 1)); points[r] = []; break step }
                }
            }
        }
        return Trajectories(times: times, weights: weights, points: points.filter { !$0.isEmpty }, failures: failures)
    }
}
