import GSL
import RibbonCore
import RealModule

/// The k eigenpairs of largest magnitude of a symmetric N × N operator, by Lanczos with full
/// reorthogonalisation. The chain grows until the k wanted Ritz pairs have converged (residual
/// |β_m s_m| ≤ tolerance · |θ_max|), checked at m = max(2k + 20, 40) and every half-length more, up to N.
///
/// Cost: m matrix–vector products (O(N²) each for a dense matrix) plus O(N m²) for the
/// reorthogonalisation, instead of O(N³) for a full decomposition. When the wanted pairs have not
/// converged, the same chain is extended by half its length (no restart: no product is repeated).
public enum TopEigensolver {
    /// The wanted eigenpairs and their accuracy.
    public struct Result: Sendable {
        /// Eigenvalues sorted by decreasing |e|.
        public let values: [Double]
        /// Unit eigenvectors, `vectors[k]` of length N.
        public let vectors: [[Double]]
        /// Largest residual ‖A v − e v‖ relative to |e_max|.
        public let relativeResidual: Double
        /// Size m of the final Krylov basis (matrix–vector products in the last pass).
        public let iterations: Int
    }

    /// The `k` eigenpairs of largest |e| of the symmetric order-`n` operator given by `multiply` (y = A x),
    /// from a Gaussian start seeded by `seed`.
    public static func largestMagnitude(
        count k: Int, order n: Int, tolerance: Double = 1e-13, seed: UInt64 = 1,
        multiply: ([Double], inout [Double]) -> Void
    ) throws(GSLError) -> Result {
        precondition(k >= 1 && k <= n)
        var m = min(n, max(2 * k + 20, 40))
        let rng = RandomGenerator(seed: seed)
        var basis: [[Double]] = []
        var alpha: [Double] = [], beta: [Double] = []
        var q = (0..<n).map { _ in rng.gaussian() }
        normalise(&q)
        var w = [Double](repeating: 0, count: n)
        var lastBeta = 0.0
        while true {
            // Extend the same Krylov chain to m vectors (no restart: earlier products are kept).
            while basis.count < m {
                let j = basis.count
                basis.append(q)
                multiply(q, &w)
                let a = dot(q, w)
                alpha.append(a)
                // Full reorthogonalisation (twice is enough) keeps the basis orthonormal to rounding.
                for _ in 0..<2 {
                    for v in basis {
                        let c = dot(v, w)
                        w.withUnsafeMutableBufferPointer { w in
                            v.withUnsafeBufferPointer { v in
                                for i in 0..<n { w[i] -= c * v[i] }
                            }
                        }
                    }
                }
                let b = dot(w, w).squareRoot()
                lastBeta = b
                if j == n - 1 { break }
                if b <= 1e-14 * max(abs(a), 1e-300) {
                    // Invariant subspace: continue the Krylov chain from a new direction.
                    var fresh = (0..<n).map { _ in rng.gaussian() }
                    for _ in 0..<2 { for v in basis { let c = dot(v, fresh); for i in 0..<n { fresh[i] -= c * v[i] } } }
                    normalise(&fresh)
                    beta.append(0)
                    lastBeta = 0
                    q = fresh
                    continue
                }
                beta.append(b)
                q = w.map { $0 / b }
            }
            let size = alpha.count
            var t = [Double](repeating: 0, count: size * size)
            for i in 0..<size {
                t[i * size + i] = alpha[i]
                if i + 1 < size { t[i * size + i + 1] = beta[i]; t[(i + 1) * size + i] = beta[i] }
            }
            let ritz = try SymmetricEigensystem.decompose(t, order: size)
            let order = (0..<size).sorted { abs(ritz.values[$0]) > abs(ritz.values[$1]) }
            let wanted = Array(order.prefix(k))
            let scale = abs(ritz.values[order[0]])
            var residual = 0.0
            for i in wanted { residual = max(residual, abs(lastBeta * ritz.vectors[i][size - 1]) / max(scale, 1e-300)) }
            if residual <= tolerance || size >= n {
                let vectors = wanted.map { i -> [Double] in
                    var v = [Double](repeating: 0, count: n)
                    for (j, b) in basis.enumerated() { let c = ritz.vectors[i][j]; for r in 0..<n { v[r] += c * b[r] } }
                    return v
                }
                return Result(
                    values: wanted.map { ritz.values[$0] }, vectors: vectors, relativeResidual: residual,
                    iterations: size)
            }
            m = min(n, m + max(m / 2, 20))
        }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in VectorKernels.dot(x.baseAddress!, y.baseAddress!, min(a.count, b.count)) }
        }
    }

    static func normalise(_ v: inout [Double]) {
        let norm = dot(v, v).squareRoot()
        for i in v.indices { v[i] /= norm }
    }
}
