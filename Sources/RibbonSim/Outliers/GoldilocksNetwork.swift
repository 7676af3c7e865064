import GSL
import Foundation
import RealModule
import RibbonCore

/// A small ReLU network on a Gaussian mixture for the Goldilocks zone (OUTLIERS.md §1): logits
/// z = V ReLU(W x), W: K × p, V: C × K (no biases, so z is 2-homogeneous in the weights), mean
/// cross-entropy over N training samples x = s·e_y + N(0, I_p), uniform classes. The weights are
/// α·(W₀, V₀) with W₀ ~ N(0, 1/p), V₀ ~ N(0, 1/K): scaling by α multiplies G by α² and leaves H′ alone.
///
/// Exact Hessian: H = G + H′, G = (1/N) Σ J_μᵀ M_μ J_μ (M = diag p − p pᵀ), and H′ with only V–W cross
/// terms, H′[V_kj, W_ji] = (1/N) Σ r_kμ 1{a_jμ > 0} x_μi (ReLU'' = 0 a.e.), so Tr H′ = 0 and Tr H = Tr G.
/// Parameters are θ = (W row-major, V row-major), D = Kp + CK.
public struct GoldilocksNetwork: Sendable {
    public let classes: Int, inputDimension: Int, hidden: Int, samples: Int
    public let separation: Double
    let inputs: [Double], labels: [Int]
    /// The unit-scale initial weights θ₀.
    public let initial: [Double]

    /// Validated: C ≥ 2, p ≥ C, 1 ≤ K, N ≥ C, D ≤ 4000, s ≥ 0.
    public init(
        classes: Int = 4, inputDimension: Int = 20, hidden: Int = 20, samples: Int = 200, separation: Double = 3,
        seed: UInt64
    ) throws(RibbonError) {
        guard classes >= 2 else { throw .parameter("classes C must be at least 2 (got \(classes))") }
        guard inputDimension >= classes else {
            throw .parameter("input dimension p must be at least C = \(classes) (got \(inputDimension))")
        }
        guard hidden >= 1, samples >= classes else { throw .parameter("need K ≥ 1 hidden units and N ≥ C samples") }
        let d = hidden * inputDimension + classes * hidden
        guard d <= 4000 else {
            throw .parameter("the network has D = \(d) parameters; the exact Hessian needs D ≤ 4000")
        }
        guard separation >= 0, separation.isFinite else {
            throw .parameter("separation must be a finite number ≥ 0 (got \(separation))")
        }
        let rng = RandomGenerator(seed: seed)
        var inputs = [Double](repeating: 0, count: samples * inputDimension),
            labels = [Int](repeating: 0, count: samples)
        for mu in 0..<samples {
            labels[mu] = rng.integer(below: classes)
            for i in 0..<inputDimension { inputs[mu * inputDimension + i] = rng.gaussian() }
            inputs[mu * inputDimension + labels[mu]] += separation
        }
        let w = (0..<(hidden * inputDimension)).map { _ in rng.gaussian() / Double(inputDimension).squareRoot() }
        let v = (0..<(classes * hidden)).map { _ in rng.gaussian() / Double(hidden).squareRoot() }
        self.classes = classes
        self.inputDimension = inputDimension
        self.hidden = hidden
        self.samples = samples
        self.separation = separation
        self.inputs = inputs
        self.labels = labels
        self.initial = w + v
    }

    /// D = Kp + CK.
    public var parameterCount: Int { hidden * inputDimension + classes * hidden }

    /// Pre-activations a (K), hidden h (K) and probabilities p (C) of sample μ.
    func forward(_ theta: [Double], _ mu: Int, _ a: inout [Double], _ h: inout [Double], _ p: inout [Double]) {
        let pDim = inputDimension, k = hidden, c = classes, vOffset = k * pDim
        for j in 0..<k {
            var s = 0.0
            for i in 0..<pDim { s += theta[j * pDim + i] * inputs[mu * pDim + i] }
            a[j] = s
            h[j] = max(s, 0)
        }
        var top = -Double.infinity
        for kk in 0..<c {
            var s = 0.0
            for j in 0..<k { s += theta[vOffset + kk * k + j] * h[j] }
            p[kk] = s
            top = max(top, s)
        }
        var total = 0.0
        for kk in 0..<c { p[kk] = Double.exp(p[kk] - top); total += p[kk] }
        for kk in 0..<c { p[kk] /= total }
    }

    /// Mean cross-entropy, its gradient, and the training accuracy at θ.
    public func lossAndGradient(_ theta: [Double]) -> (loss: Double, gradient: [Double], accuracy: Double) {
        let pDim = inputDimension, k = hidden, c = classes, vOffset = k * pDim
        var g = [Double](repeating: 0, count: parameterCount)
        var a = [Double](repeating: 0, count: k), h = a, p = [Double](repeating: 0, count: c)
        var loss = 0.0, right = 0
        for mu in 0..<samples {
            forward(theta, mu, &a, &h, &p)
            let y = labels[mu]
            loss -= Double.log(max(p[y], 1e-300))
            if p.firstIndex(of: p.max()!) == y { right += 1 }
            for kk in 0..<c {
                let r = (p[kk] - (kk == y ? 1 : 0)) / Double(samples)
                for j in 0..<k { g[vOffset + kk * k + j] += r * h[j] }
            }
            for j in 0..<k where a[j] > 0 {
                var back = 0.0
                for kk in 0..<c { back += (p[kk] - (kk == y ? 1 : 0)) * theta[vOffset + kk * k + j] }
                back /= Double(samples)
                for i in 0..<pDim { g[j * pDim + i] += back * inputs[mu * pDim + i] }
            }
        }
        return (loss / Double(samples), g, Double(right) / Double(samples))
    }

    /// The exact Hessian H = G + H′ (D × D, row-major) and its Gauss–Newton part G.
    public func hessian(_ theta: [Double]) -> (full: [Double], gaussNewton: [Double], curvatureFactor: Double) {
        let pDim = inputDimension, k = hidden, c = classes, vOffset = k * pDim, n = parameterCount
        var gn = [Double](repeating: 0, count: n * n), cross = gn
        var a = [Double](repeating: 0, count: k), h = a, p = [Double](repeating: 0, count: c)
        var jac = [Double](repeating: 0, count: c * n)
        var curvature = 0.0
        for mu in 0..<samples {
            forward(theta, mu, &a, &h, &p)
            curvature += 1 - p.reduce(0) { $0 + $1 * $1 }
            for i in jac.indices { jac[i] = 0 }
            for kk in 0..<c {
                for j in 0..<k {
                    jac[kk * n + vOffset + kk * k + j] = h[j]
                    if a[j] > 0 {
                        let vkj = theta[vOffset + kk * k + j]
                        for i in 0..<pDim { jac[kk * n + j * pDim + i] = vkj * inputs[mu * pDim + i] }
                    }
                }
            }
            // Jᵀ M J = Σ_k p_k J_kᵀJ_k − (Jᵀp)(Jᵀp)ᵀ, on the lower triangle.
            var mean = [Double](repeating: 0, count: n)
            for kk in 0..<c { for q in 0..<n { mean[q] += p[kk] * jac[kk * n + q] } }
            let scale = 1 / Double(samples)
            gn.withUnsafeMutableBufferPointer { out in
                for kk in 0..<c {
                    let weight = p[kk] * scale
                    for q in 0..<n where jac[kk * n + q] != 0 {
                        let x = weight * jac[kk * n + q]
                        for s in 0...q { out[q * n + s] += x * jac[kk * n + s] }
                    }
                }
                for q in 0..<n where mean[q] != 0 {
                    let x = scale * mean[q]
                    for s in 0...q { out[q * n + s] -= x * mean[s] }
                }
            }
            for kk in 0..<c {
                let r = (p[kk] - (kk == labels[mu] ? 1 : 0)) * scale
                for j in 0..<k where a[j] > 0 {
                    let row = vOffset + kk * k + j
                    for i in 0..<pDim { cross[row * n + j * pDim + i] += r * inputs[mu * pDim + i] }
                }
            }
        }
        for q in 0..<n { for s in 0..<q { gn[s * n + q] = gn[q * n + s] } }
        var full = gn
        for q in 0..<n {
            for s in 0..<n where cross[q * n + s] != 0 {
                full[q * n + s] += cross[q * n + s]; full[s * n + q] += cross[q * n + s]
            }
        }
        return (full, gn, curvature / Double(samples))
    }

    /// A Haar-random D × d matrix with orthonormal columns (row-major), from `rng`.
    public func randomSection(dimension d: Int, rng: RandomGenerator) throws(RibbonError) -> [Double] {
        let n = parameterCount
        let g = (0..<(n * d)).map { _ in rng.gaussian() }
        do { return try QRDecomposition.orthonormalColumns(of: g, rows: n, columns: d) } catch {
            throw RibbonError(.numerical, "random section: QR failed: \(error)")
        }
    }

    /// PᵀHP (d × d) for the D × d section P.
    public func project(_ h: [Double], onto section: [Double], dimension d: Int) -> [Double] {
        let n = parameterCount
        var hp = [Double](repeating: 0, count: n * d)
        for q in 0..<n {
            for s in 0..<n where h[q * n + s] != 0 {
                let x = h[q * n + s]; for j in 0..<d { hp[q * d + j] += x * section[s * d + j] }
            }
        }
        var out = [Double](repeating: 0, count: d * d)
        for q in 0..<n {
            for i in 0..<d { let x = section[q * d + i]; for j in 0..<d { out[i * d + j] += x * hp[q * d + j] } }
        }
        return out
    }

    /// Full-batch GD on φ in the affine subspace θ = α θ₀ + Pφ (φ₀ = 0) for `steps` steps of size η;
    /// returns the final training accuracy and loss.
    public func trainInSubspace(scale alpha: Double, section: [Double], dimension d: Int, steps: Int, rate: Double) -> (
        accuracy: Double, loss: Double
    ) {
        let n = parameterCount
        var phi = [Double](repeating: 0, count: d)
        var theta = initial.map { alpha * $0 }
        for _ in 0..<steps {
            let g = lossAndGradient(theta).gradient
            var pg = [Double](repeating: 0, count: d)
            for q in 0..<n where g[q] != 0 { for j in 0..<d { pg[j] += section[q * d + j] * g[q] } }
            for j in 0..<d { phi[j] -= rate * pg[j] }
            for q in 0..<n {
                var s = alpha * initial[q]
                for j in 0..<d { s += section[q * d + j] * phi[j] }
                theta[q] = s
            }
        }
        let end = lossAndGradient(theta)
        return (end.accuracy, end.loss)
    }
}
