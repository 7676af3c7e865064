import GSL
import Foundation
import RealModule
import RibbonCore

/// The test matrices of softmax regression on the Gaussian mixture at a point x, from M̃ fresh
/// samples (OUTLIERS.md §2), applied matrix-free (O(M̃ d) per product, both cores):
/// Hessian blocks H_ab = (1/M̃) Σ (π_aδ_ab − π_aπ_b) Y Yᵀ + βδ_ab I, G blocks
/// G_cc = (1/M̃) Σ r_c² Y Yᵀ (the data part of the gradient second moment, without the ridge).
public struct MixtureTestMatrices: Sendable {
    /// k, d, M̃.
    public let classes: Int, dimension: Int, samples: Int
    /// The ridge β.
    public let ridge: Double
    /// Test inputs (M̃ × d), labels, and predicted probabilities at x (M̃ × k).
    let inputs: [Double], labels: [Int], probabilities: [Double]
    /// The point x (k × d).
    let point: [Double]

    /// Draws M̃ test samples with `rng` and evaluates the model at `x`.
    public init(at x: [Double], sgd: MixtureSGD, samples: Int, rng: RandomGenerator) {
        let k = sgd.setting.classes, d = sgd.dimension
        var inputs = [Double](repeating: 0, count: samples * d)
        var labels = [Int](repeating: 0, count: samples)
        var probabilities = [Double](repeating: 0, count: samples * k)
        var y = [Double](repeating: 0, count: d)
        for mu in 0..<samples {
            labels[mu] = MixtureSGD.sample(&y, classes: k, lambda: sgd.setting.lambda, rng: rng)
            for i in 0..<d { inputs[mu * d + i] = y[i] }
            var logits = (0..<k).map { a in
                x.withUnsafeBufferPointer { xs in
                    y.withUnsafeBufferPointer { ys in
                        VectorKernels.dot(xs.baseAddress! + a * d, ys.baseAddress!, d)
                    }
                }
            }
            let top = logits.max()!
            var total = 0.0
            for a in 0..<k { logits[a] = Double.exp(logits[a] - top); total += logits[a] }
            for a in 0..<k { probabilities[mu * k + a] = logits[a] / total }
        }
        self.classes = k
        self.dimension = d
        self.samples = samples
        self.ridge = sgd.setting.ridge
        self.inputs = inputs
        self.labels = labels
        self.probabilities = probabilities
        self.point = x
    }

    /// Which d × d block to apply.
    public enum Block: Sendable { case hessian(Int), gradientMoment(Int) }

    /// Per-sample weights of a block: π_c(1 − π_c) or r_c².
    func weights(_ block: Block) -> [Double] {
        let k = classes
        switch block {
        case .hessian(let c):
            return (0..<samples).map {
                let p = probabilities[$0 * k + c]; return p * (1 - p)
            }
        case .gradientMoment(let c):
            return (0..<samples).map {
                let r = probabilities[$0 * k + c] - (labels[$0] == c ? 1 : 0); return r * r
            }
        }
    }

    /// The top `count` eigenpairs of a block; with `withoutMeans` the mean directions are projected
    /// out of the inputs first (P Y Yᵀ P), whose top eigenvalue is the block's measured bulk edge.
    public func top(_ block: Block, count: Int, withoutMeans: Bool = false) throws(RibbonError) -> TopEigensolver.Result
    {
        let w = weights(block)
        let ridge: Double = { if case .hessian = block { return self.ridge } else { return 0 } }()
        let k = classes, d = dimension
        return try Self.solve(count: count, order: d) { v, out in
            var u = v
            if withoutMeans { for i in 0..<k { u[i] = 0 } }
            self.weightedGram(w, u, into: &out)
            if withoutMeans { for i in 0..<k { out[i] = 0 } }
            for i in 0..<d { out[i] += ridge * v[i] }
        }
    }

    /// The top `count` eigenpairs of the full kd × kd Hessian (vectors x-shaped, k × d).
    public func fullHessianTop(count: Int, withoutMeans: Bool = false) throws(RibbonError) -> TopEigensolver.Result {
        let k = classes, d = dimension, n = samples
        return try Self.solve(count: count, order: k * d) { v, out in
            var masked = v
            if withoutMeans { for a in 0..<k { for i in 0..<k { masked[a * d + i] = 0 } } }
            let u = masked
            self.parallelAccumulate(into: &out, length: k * d) { range, acc in
                var s = [Double](repeating: 0, count: k)
                self.inputs.withUnsafeBufferPointer { ys in
                    u.withUnsafeBufferPointer { us in
                        for mu in range {
                            let row = ys.baseAddress! + mu * d
                            var mean = 0.0
                            for a in 0..<k {
                                s[a] = VectorKernels.dot(us.baseAddress! + a * d, row, d);
                                mean += self.probabilities[mu * k + a] * s[a]
                            }
                            for a in 0..<k {
                                let c = self.probabilities[mu * k + a] * (s[a] - mean) / Double(n)
                                for i in 0..<d { acc[a * d + i] += c * row[i] }
                            }
                        }
                    }
                }
            }
            if withoutMeans { for a in 0..<k { for i in 0..<k { out[a * d + i] = 0 } } }
            for i in 0..<(k * d) { out[i] += self.ridge * v[i] }
        }
    }

    /// The test gradient (1/M̃) Σ r ⊗ Y + βx (k × d).
    public var gradient: [Double] {
        let k = classes, d = dimension
        var g = point.map { ridge * $0 }
        for mu in 0..<samples {
            for a in 0..<k {
                let r = (probabilities[mu * k + a] - (labels[mu] == a ? 1 : 0)) / Double(samples)
                for i in 0..<d { g[a * d + i] += r * inputs[mu * d + i] }
            }
        }
        return g
    }

    /// Test accuracy of argmax π.
    public var accuracy: Double {
        let k = classes
        var right = 0
        for mu in 0..<samples {
            let row = probabilities[(mu * k)..<((mu + 1) * k)]
            if row.firstIndex(of: row.max()!)! - mu * k == labels[mu] { right += 1 }
        }
        return Double(right) / Double(samples)
    }

    /// out = (1/M̃) Σ w_μ Y_μ (Y_μ·v), both cores.
    func weightedGram(_ w: [Double], _ v: [Double], into out: inout [Double]) {
        let d = dimension, n = samples
        parallelAccumulate(into: &out, length: d) { range, acc in
            inputs.withUnsafeBufferPointer { ys in
                v.withUnsafeBufferPointer { vs in
                    for mu in range where w[mu] != 0 {
                        let row = ys.baseAddress! + mu * d
                        let c = w[mu] * VectorKernels.dot(row, vs.baseAddress!, d) / Double(n)
                        for i in 0..<d { acc[i] += c * row[i] }
                    }
                }
            }
        }
    }

    /// Splits the samples into a fixed number of chunks (not one per core, so the rounding and hence
    /// every digit of the result is the same on any machine); each chunk adds into its own
    /// accumulator, the cores share the chunks, and the accumulators are summed in order.
    func parallelAccumulate(
        into out: inout [Double], length: Int,
        _ body: @Sendable (Range<Int>, UnsafeMutableBufferPointer<Double>) -> Void
    ) {
        let workers = min(8, max(1, samples / 64))
        var partial = [Double](repeating: 0, count: workers * length)
        let n = samples
        partial.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let acc = UnsafeMutableBufferPointer(rebasing: buffer[(w * length)..<((w + 1) * length)])
                body((w * n / workers)..<((w + 1) * n / workers), acc)
            }
        }
        for i in 0..<length {
            var s = 0.0
            for w in 0..<workers { s += partial[w * length + i] }
            out[i] = s
        }
    }

    static func solve(count: Int, order n: Int, multiply: ([Double], inout [Double]) -> Void) throws(RibbonError)
        -> TopEigensolver.Result
    {
        do {
            return try TopEigensolver.largestMagnitude(
                count: min(count, n), order: n, tolerance: 1e-8, multiply: multiply)
        } catch { throw RibbonError(.numerical, "test-matrix eigenpairs failed: \(error)") }
    }
}
