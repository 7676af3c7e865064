import GSL
import RibbonCore

/// Gaussian inputs X (n × d) whose correlation matrix Σ = XᵀX/n has exactly the prescribed
/// eigenvalues, in a Haar-random orientation U (so nothing is diagonal by construction), and the
/// teacher w* of a target profile, set in that same eigenbasis.
///
/// X = √n Q diag(√λ) Uᵀ with Q the orthonormalised columns of an n × d Gaussian matrix: the rows
/// are Gaussian directions whitened so that the sample correlation is exactly U diag(λ) Uᵀ, which is
/// what E2 assumes (a raw Gaussian sample would carry O(√(d/n)) spectral noise).
public struct LinearDataset: Sendable {
    /// Number of samples n.
    public let samples: Int
    /// Input dimension d.
    public let dimension: Int
    /// n × d, row-major.
    public let inputs: [Double]
    /// d × d, row-major: Σ = XᵀX/n computed from the data.
    public let correlation: [Double]
    /// Eigenvalues (descending) and unit eigenvectors of the data's Σ, computed once (GSL) for
    /// everything that needs them: Σ^{1/2}, the flow's matrix exponential, the label-noise projection.
    public let eigensystem: (values: [Double], vectors: [[Double]])
    /// The teacher w* in the original basis.
    public let teacher: [Double]
    /// The eigenvalues the data were built with (descending).
    public let spectrum: Spectrum

    /// Draws X and the rotation U from `rng` and sets w* by the target profile of `knobs`; needs n ≥ d.
    public init(spectrum: Spectrum, samples n: Int, knobs: Knobs, rng: RandomGenerator) throws(RibbonError) {
        let d = spectrum.dimension
        guard n >= d else { throw .parameter("samples n must be at least the dimension d = \(d) (got \(n))") }
        let lambda = spectrum.eigenvalues
        let u: [Double], q: [Double]
        do {
            u = try QRDecomposition.orthonormalColumns(
                of: (0..<(d * d)).map { _ in rng.gaussian() }, rows: d, columns: d)
            q = try QRDecomposition.orthonormalColumns(
                of: (0..<(n * d)).map { _ in rng.gaussian() }, rows: n, columns: d)
        } catch { throw RibbonError(.numerical, "QR of a Gaussian matrix failed: \(error)") }
        // X = √n Q diag(√λ) Uᵀ.
        var x = [Double](repeating: 0, count: n * d)
        let root = Double(n).squareRoot()
        for row in 0..<n {
            for col in 0..<d {
                var s = 0.0
                for k in 0..<d { s += q[row * d + k] * lambda[k].squareRoot() * u[col * d + k] }
                x[row * d + col] = root * s
            }
        }
        var sigma = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = 0.0
                for row in 0..<n { s += x[row * d + i] * x[row * d + j] }
                sigma[i * d + j] = s / Double(n)
                sigma[j * d + i] = s / Double(n)
            }
        }
        // Teacher in the eigenbasis, rotated: w* = U w*_eig.
        let eig = knobs.target.teacher(eigenvalues: lambda, ratio: knobs.ratio, sigma0: knobs.sigma0)
        teacher = (0..<d).map { i in (0..<d).reduce(0) { $0 + u[i * d + $1] * eig[$1] } }
        samples = n
        dimension = d
        inputs = x
        correlation = sigma
        do { eigensystem = try SymmetricEigensystem.decompose(sigma, order: d) } catch {
            throw RibbonError(.numerical, "eigendecomposition of the data correlation failed: \(error)")
        }
        self.spectrum = spectrum
    }

    /// Predictions Xw (length n).
    public func predictions(_ w: [Double]) -> [Double] {
        (0..<samples).map { row in
            var s = 0.0
            for j in 0..<dimension { s += inputs[row * dimension + j] * w[j] }
            return s
        }
    }
}
