import RealModule

/// The exact d×d covariance of the trajectory ensemble in prediction coordinates z_i = √λ_i w_i
/// (THEORY.md §2, E2 for discrete GD and E3 for gradient flow):
///
///   C_ij = b_i b_j Cov_t(q_i^t, q_j^t) + σ₀² λ_i δ_ij S_T(q_i²),   b_i = √λ_i a_i, a_i = −w*_i.
///
/// Tag: exact. Checked against brute-force GD sums, Monte Carlo, and mpmath (tests).
public struct TrajectoryCovariance: Sendable {
    public let spectrum: Spectrum
    public let knobs: Knobs
    /// Row-major d×d matrix.
    public let matrix: [Double]
    /// √λ_i a_i: the signal amplitude of each mode in z coordinates.
    public let amplitudes: [Double]

    public var dimension: Int { spectrum.dimension }

    public init(spectrum: Spectrum, knobs: Knobs) throws(RibbonError) {
        try knobs.validateStability(for: spectrum)
        self.spectrum = spectrum
        self.knobs = knobs
        let amplitudes = Self.amplitudes(spectrum: spectrum, knobs: knobs)
        self.amplitudes = amplitudes
        var matrix = [Double](repeating: 0, count: spectrum.dimension * spectrum.dimension)
        Self.fill(&matrix, spectrum: spectrum, knobs: knobs, amplitudes: amplitudes)
        self.matrix = matrix
    }

    /// b_i = √λ_i a_i with a_i = −w*_i (centred initialisation). For the `outputs` profile
    /// √λ_i w*_i = r σ₀ √λ₁ is the same for every mode, so it is set directly (no overflow).
    static func amplitudes(spectrum: Spectrum, knobs: Knobs) -> [Double] {
        let scale = knobs.ratio * knobs.sigma0
        switch knobs.target {
        case .weights: return spectrum.eigenvalues.map { -scale * $0.squareRoot() }
        case .outputs: return spectrum.eigenvalues.map { $0 > 0 ? -scale * spectrum.lambda1.squareRoot() : 0 }
        }
    }

    /// Fills the full symmetric matrix.
    static func fill(_ c: inout [Double], spectrum: Spectrum, knobs: Knobs, amplitudes b: [Double]) {
        let d = spectrum.dimension
        let averager = TimeAverager(knobs: knobs)
        let modes = spectrum.eigenvalues.map { averager.mode(lambda: $0) }
        let sigma2 = knobs.sigma0 * knobs.sigma0

        // Slow modes: Cov = v_i · (K v_j) with v_i = (u_iⁿ/n!)_n and K = Cov(sᵐ, sⁿ).
        let m = TimeAverager.seriesOrder
        let slow = (0..<d).filter { modes[$0].isSlow }
        var v = [Double](repeating: 0, count: slow.count * m)
        var kv = v
        for (row, i) in slow.enumerated() { averager.seriesVector(modes[i].u, into: &v, at: row * m) }
        let k = averager.momentCovariance
        for row in 0..<slow.count {
            for a in 0..<m {
                var s = 0.0
                for c in 0..<m { s += k[a * m + c] * v[row * m + c] }
                kv[row * m + a] = s
            }
        }
        var slowIndex = [Int](repeating: -1, count: d)
        for (row, i) in slow.enumerated() { slowIndex[i] = row }

        for i in 0..<d {
            for j in 0...i {
                let cov: Double
                let si = slowIndex[i], sj = slowIndex[j]
                if si >= 0 && sj >= 0 {
                    var s = 0.0
                    for a in 0..<m { s += v[si * m + a] * kv[sj * m + a] }
                    cov = s
                } else {
                    cov = averager.covariance(modes[i], modes[j])
                }
                var value = b[i] * b[j] * cov
                if i == j { value += sigma2 * spectrum.eigenvalues[i] * averager.meanOfSquare(modes[i]) }
                c[i * d + j] = value
                c[j * d + i] = value
            }
        }
    }
}
