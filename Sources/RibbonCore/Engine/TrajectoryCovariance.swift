import RealModule

/// The exact d×d covariance of the trajectory ensemble in prediction coordinates z_i = √λ_i w_i
/// (THEORY.md §2, E2 for discrete GD and E3 for gradient flow):
///
///   C_ij = b_i b_j Cov_t(q_i^t, q_j^t) + σ₀² λ_i δ_ij S_T(q_i²),   b_i = √λ_i a_i, a_i = −w*_i.
///
/// Tag: exact. Checked against brute-force GD sums, Monte Carlo, and mpmath (tests).
///
/// **Proven truncation.** Off-diagonal entries come from the signal part only, and by
/// Cauchy–Schwarz over t, |C_ij| ≤ √(s_i s_j) with s_i = b_i² Var_t(q_i^t). Keeping modes 1…m and
/// dropping the rest changes every eigenvalue by at most (Weyl)
///   δ = √(Σ_{i>m} s_i · Σ_{j≤m} s_j) + Σ_{i>m} C_ii,
/// and the dropped part's eigenvalues are at most δ too. With `truncation: τ`, m is the smallest
/// order with δ ≤ τ · max_i C_ii ≤ τ μ₁; τ = 1e-16 keeps every change below the eigensolver's own
/// rounding and every dropped eigenvalue below the 1e-15 μ₁ floor, so no reported number moves.
public struct TrajectoryCovariance: Sendable {
    /// The input spectrum.
    public let spectrum: Spectrum
    /// The training knobs.
    public let knobs: Knobs
    /// Row-major order×order matrix of the kept modes (order = d without truncation).
    public let matrix: [Double]
    /// √λ_i a_i: the signal amplitude of each mode in z coordinates (all d modes).
    public let amplitudes: [Double]
    /// Number of kept (leading) modes.
    public let order: Int
    /// The proven bound δ on how far truncation moves any eigenvalue (0 without truncation).
    public let truncationBound: Double

    /// The model dimension d (the width spectrum always has d entries).
    public var dimension: Int { spectrum.dimension }

    /// Default relative tolerance of the proven truncation used by the analysis paths.
    public static let defaultTruncation = 1e-16

    /// - Parameter truncation: relative tolerance τ of the proven truncation, or nil for the full matrix.
    public init(spectrum: Spectrum, knobs: Knobs, truncation: Double? = nil) throws(RibbonError) {
        try knobs.validateStability(for: spectrum)
        self.spectrum = spectrum
        self.knobs = knobs
        let entries = CovarianceEntries(spectrum: spectrum, knobs: knobs)
        self.amplitudes = entries.amplitudes
        let d = spectrum.dimension
        var m = d, bound = 0.0
        if let tau = truncation {
            (m, bound) = entries.truncationOrder(tolerance: tau)
        }
        order = m
        truncationBound = bound
        var matrix = [Double](repeating: 0, count: m * m)
        entries.fill(&matrix, order: m)
        self.matrix = matrix
    }

    /// b_i = √λ_i a_i with a_i = −w*_i (centred initialisation), at the knobs' r or at `ratio`. For the `outputs` profile
    /// √λ_i w*_i = r σ₀ √λ₁ is the same for every mode, so it is set directly (no overflow).
    public static func amplitudes(spectrum: Spectrum, knobs: Knobs, ratio: Double? = nil) -> [Double] {
        let scale = (ratio ?? knobs.ratio) * knobs.sigma0
        switch knobs.target {
        case .weights: return spectrum.eigenvalues.map { -scale * $0.squareRoot() }
        case .outputs: return spectrum.eigenvalues.map { $0 > 0 ? -scale * spectrum.lambda1.squareRoot() : 0 }
        }
    }
}

/// Per-mode data from which any entry of the covariance is evaluated.
struct CovarianceEntries {
    let averager: TimeAverager
    let modes: [ModeDecay]
    var amplitudes: [Double]
    let eigenvalues: [Double]
    let sigma2: Double
    /// Slow modes: series vectors v_i and K v_i (M entries each), indexed by `slowRow`.
    let series: [Double]
    let seriesTimesK: [Double]
    let slowRow: [Int]

    init(spectrum: Spectrum, knobs: Knobs) {
        let averager = TimeAverager(knobs: knobs)
        self.averager = averager
        eigenvalues = spectrum.eigenvalues
        modes = spectrum.eigenvalues.map { averager.mode(lambda: $0) }
        amplitudes = TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs)
        sigma2 = knobs.sigma0 * knobs.sigma0
        let m = TimeAverager.seriesOrder
        var slowRow = [Int](repeating: -1, count: modes.count)
        var rows = 0
        for i in modes.indices where modes[i].isSlow { slowRow[i] = rows; rows += 1 }
        var series = [Double](repeating: 0, count: rows * m)
        var seriesTimesK = series
        for i in modes.indices where slowRow[i] >= 0 {
            averager.seriesVector(modes[i].u, into: &series, at: slowRow[i] * m)
        }
        // K v for every slow mode (M² each: the bulk of this initialiser), without bounds checks.
        averager.momentCovariance.withUnsafeBufferPointer { k in
            series.withUnsafeBufferPointer { v in
                seriesTimesK.withUnsafeMutableBufferPointer { out in
                    for row in 0..<rows {
                        let x = v.baseAddress! + row * m
                        for a in 0..<m {
                            let ka = k.baseAddress! + a * m
                            var s = 0.0
                            for c in 0..<m { s += ka[c] * x[c] }
                            out[row * m + a] = s
                        }
                    }
                }
            }
        }
        self.slowRow = slowRow
        self.series = series
        self.seriesTimesK = seriesTimesK
    }

    /// Cov_t(q_i^t, q_j^t).
    @inline(__always)
    func timeCovariance(_ i: Int, _ j: Int) -> Double {
        let si = slowRow[i], sj = slowRow[j]
        if si >= 0 && sj >= 0 {
            let m = TimeAverager.seriesOrder
            return series.withUnsafeBufferPointer { v in
                seriesTimesK.withUnsafeBufferPointer { kv in
                    let x = v.baseAddress! + si * m, y = kv.baseAddress! + sj * m
                    var s = 0.0
                    for a in 0..<m { s += x[a] * y[a] }
                    return s
                }
            }
        }
        return averager.covariance(modes[i], modes[j])
    }

    /// The signal part s_i = b_i² Var_t(q_i^t) of the diagonal.
    func signal(_ i: Int) -> Double { amplitudes[i] * amplitudes[i] * timeCovariance(i, i) }

    /// C_ii.
    func diagonal(_ i: Int) -> Double { signal(i) + initialisation(i) }

    /// The initialisation part D_i = σ₀² λ_i S_T(q_i²) of the diagonal, evaluated directly (never as C_ii − s_i,
    /// which cancels when the signal dominates).
    func initialisation(_ i: Int) -> Double { sigma2 * eigenvalues[i] * averager.meanOfSquare(modes[i]) }

    /// The signal part b_i b_j Cov_t(q_iᵗ, q_jᵗ) of the leading block of order m, row-major (no diagonal D).
    func signalBlock(order m: Int) -> [Double] {
        var b = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i {
                let value = amplitudes[i] * amplitudes[j] * timeCovariance(i, j)
                b[i * m + j] = value
                b[j * m + i] = value
            }
        }
        return b
    }

    /// The leading block of order m.
    func fill(_ c: inout [Double], order m: Int) {
        c.withUnsafeMutableBufferPointer { fill($0.baseAddress!, order: m) }
    }

    /// The leading block of order m, row-major into `c` (m × m entries).
    func fill(_ c: UnsafeMutablePointer<Double>, order m: Int) {
        for i in 0..<m {
            for j in 0...i {
                var value = amplitudes[i] * amplitudes[j] * timeCovariance(i, j)
                if i == j { value += initialisation(i) }
                c[i * m + j] = value
                c[j * m + i] = value
            }
        }
    }

    /// The smallest m whose proven bound δ(m) ≤ τ · max C_ii, with δ(m).
    func truncationOrder(tolerance tau: Double) -> (Int, Double) {
        let d = modes.count
        return Self.truncationOrder(
            signal: (0..<d).map { max(signal($0), 0) }, diagonal: (0..<d).map(diagonal), tolerance: tau)
    }

    /// The truncation order from the signal parts s_i ≥ 0 and the diagonal C_ii of every mode.
    static func truncationOrder(signal sig: [Double], diagonal diag: [Double], tolerance tau: Double) -> (Int, Double) {
        let d = diag.count
        let scale = diag.max() ?? 0
        var tailDiagonal = 0.0, tailSignal = 0.0
        let totalSignal = sig.reduce(0, +)
        // Walk m down from d while the bound for dropping modes m…d−1 stays within tolerance.
        var m = d, bound = 0.0
        while m > 1 {
            let nextDiagonal = tailDiagonal + max(diag[m - 1], 0)
            let nextSignal = tailSignal + sig[m - 1]
            let delta = (nextSignal * max(totalSignal - nextSignal, 0)).squareRoot() + nextDiagonal
            if !(delta <= tau * scale) { break }
            tailDiagonal = nextDiagonal
            tailSignal = nextSignal
            bound = delta
            m -= 1
        }
        return (m, bound)
    }
}
