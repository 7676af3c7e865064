import GSL
import Dispatch
import Foundation
import RibbonCore

/// Intensive PCA (Quinn et al., PNAS 2019) of a weighted cloud from its pairwise distances D:
/// W = −½ (I − 1πᵀ) D (I − π1ᵀ), embedded through M = Π^{1/2} W Π^{1/2} (π = point weights,
/// Σ π = 1; uniform weights give the usual W/N). Eigenvalues are sorted by |e|; negative ones
/// (time-like directions of a non-Euclidean D) are kept and counted.
///
/// For a Euclidean D = s‖y_a − y_b‖², the nonzero e_k equal s·μ_k, μ_k the eigenvalues of the
/// π-weighted covariance of the y (THEORY.md §1), which the tests check.
public struct InPCA: Sendable {
    /// The K computed eigenvalues e_k of M, sorted by decreasing |e_k| (negative ones kept).
    public let eigenvalues: [Double]
    /// N × K coordinates: x_a,k = √|e_k| v_a,k / √π_a.
    public let coordinates: [[Double]]
    /// Σ_k e_k² over all N eigenvalues (= ‖M‖_F²), so χ_K needs only the top K.
    public let totalSquared: Double
    /// How many of the computed eigenvalues are negative.
    public let negativeCount: Int
    /// How the eigenvalues were computed (dense, Lanczos or covariance shortcut), as recorded in outputs.
    public let method: String
    /// The Lanczos residual relative to |e_max| (0 for the dense and covariance routes).
    public let relativeResidual: Double

    /// χ_K = 1 − √(1 − Σ_{k≤K} e_k² / Σ_all e_k²).
    public var explainedStress: [Double] {
        var partial = 0.0
        return eigenvalues.map { e in
            partial += e * e
            return 1 - max(0, 1 - partial / totalSquared).squareRoot()
        }
    }

    /// y = M x for the dense row-major M, rows split over the available cores (the Lanczos hot loop).
    static func multiply(_ m: UnsafeBufferPointer<Double>, _ x: [Double], into y: inout [Double], order n: Int) {
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, n / 256))
        y.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { v in
                nonisolated(unsafe) let (out, v, m) = (out, v, m)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for a in stride(from: w, to: n, by: workers) {
                        out[a] = VectorKernels.dot(m.baseAddress! + a * n, v.baseAddress!, n)
                    }
                }
            }
        }
    }

    /// Embeds N points with weights π (Σ π = 1) from their row-major N × N `distances`, keeping the top `k`
    /// eigenpairs.
    /// - Parameters:
    ///   - distances: N × N symmetric, finite.
    ///   - dense: use GSL's full decomposition (N ≤ a few hundred) instead of Lanczos.
    public init(distances: [Double], weights: [Double], components k: Int, dense: Bool = false) throws(RibbonError) {
        let n = weights.count
        guard k >= 1, k <= n else {
            throw .parameter("inPCA needs at least as many points as components (N = \(n), components = \(k))")
        }
        guard distances.allSatisfy(\.isFinite) else {
            throw RibbonError(
                .numerical, "inPCA needs finite distances; some Bhattacharyya distances are infinite or NaN")
        }
        var rowMean = [Double](repeating: 0, count: n)
        for a in 0..<n { for b in 0..<n { rowMean[a] += weights[b] * distances[a * n + b] } }
        var grand = 0.0
        for a in 0..<n { grand += weights[a] * rowMean[a] }
        let root = weights.map { $0.squareRoot() }
        var m = [Double](repeating: 0, count: n * n)
        var frobenius = 0.0
        for a in 0..<n {
            for b in 0..<n {
                let w = -0.5 * (distances[a * n + b] - rowMean[a] - rowMean[b] + grand)
                let v = root[a] * w * root[b]
                m[a * n + b] = v
                frobenius += v * v
            }
        }
        var values: [Double], vectors: [[Double]], residual = 0.0
        do {
            if dense {
                let full = try SymmetricEigensystem.decompose(m, order: n)
                let order = (0..<n).sorted { abs(full.values[$0]) > abs(full.values[$1]) }.prefix(k)
                values = order.map { full.values[$0] }
                vectors = order.map { full.vectors[$0] }
                method = "dense (GSL gsl_eigen_symmv)"
            } else {
                let top = try m.withUnsafeBufferPointer { (matrix) throws(GSLError) in
                    try TopEigensolver.largestMagnitude(count: k, order: n) { x, y in
                        Self.multiply(matrix, x, into: &y, order: n)
                    }
                }
                values = top.values
                vectors = top.vectors
                residual = top.relativeResidual
                method = "Lanczos top-\(k), full reorthogonalisation"
            }
        } catch { throw RibbonError(.numerical, "inPCA eigensolver failed: \(error)") }
        guard values.allSatisfy(\.isFinite), frobenius.isFinite, frobenius > 0 else {
            throw RibbonError(
                .invalidParameter,
                "inPCA eigenvalues are not finite or all zero (distances overflow or vanish at this scale); rescale the inputs (σ_n or σ₀)",
                topic: .scale)
        }
        eigenvalues = values
        coordinates = (0..<n).map { a in
            values.indices.map { j in abs(values[j]).squareRoot() * vectors[j][a] / max(root[a], 1e-300) }
        }
        totalSquared = frobenius
        negativeCount = values.filter { $0 < 0 }.count
        relativeResidual = residual
    }
}
