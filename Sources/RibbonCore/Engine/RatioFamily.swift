/// The parts of the covariance that do not depend on the ratio r, shared by every r of a scan:
/// C(r) = r² B₁ + D, with B₁ the signal part at r = 1 and D the initialisation diagonal (THEORY.md §2;
/// both profiles scale the teacher by r alone).
///
/// Why: along the r axis of a scan the per-mode decay data, the moment series and every time covariance
/// Cov_t(q_iᵗ, q_jᵗ) repeat; only the scale of the signal changes. A scan worker keeps the last family
/// (`EigenvalueSolvers.family`), so consecutive points that differ in r only re-scale B₁ (one multiply per
/// entry) instead of evaluating the closed forms again. The numbers are the same to rounding (the product
/// r²(b_i b_j K_ij) instead of (r b_i)(r b_j) K_ij).
final class RatioFamily {
    /// What the family depends on: everything in the knobs but r, and the spectrum.
    struct Key: Equatable {
        let eigenvalues: [Double]
        let eta: Double
        let steps: Double
        let sigma0: Double
        let target: TargetProfile
        let dynamics: Dynamics

        init(spectrum: Spectrum, knobs: Knobs) {
            eigenvalues = spectrum.eigenvalues
            eta = knobs.eta
            steps = knobs.steps
            sigma0 = knobs.sigma0
            target = knobs.target
            dynamics = knobs.dynamics
        }
    }

    let key: Key
    /// The covariance entries at r = 1.
    let unit: CovarianceEntries
    /// s_i at r = 1: the signal part of the diagonal.
    let unitSignal: [Double]
    /// D_i = σ₀² λ_i S_T(q_i²).
    let initialisation: [Double]
    /// B₁ on the leading `matrixOrder` modes, row-major (built on first use, extended when a larger r keeps more modes).
    private var signalMatrix: [Double] = []
    private var matrixOrder = 0

    /// Families larger than this keep no B₁ matrix (the large-d path factorises instead).
    static let matrixLimit = WidthSpectrum.denseLimit

    init(spectrum: Spectrum, knobs: Knobs) {
        key = Key(spectrum: spectrum, knobs: knobs)
        var unit = CovarianceEntries(spectrum: spectrum, knobs: knobs)
        // Built at r = 1 whatever the first point's r, so every number is the same whichever point created the
        // family (scan output does not depend on --jobs or on the order points reach a worker).
        unit.amplitudes = TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs, ratio: 1)
        self.unit = unit
        let d = spectrum.dimension
        unitSignal = (0..<d).map { max(unit.signal($0), 0) }
        initialisation = (0..<d).map(unit.initialisation)
    }

    /// The entries at ratio r (amplitudes scaled; everything else shared).
    func entries(ratio r: Double) -> CovarianceEntries {
        var e = unit
        e.amplitudes = unit.amplitudes.map { $0 * r }
        return e
    }

    /// The proven truncation order at ratio r (`CovarianceEntries.truncationOrder`), in O(d).
    func truncationOrder(ratio r: Double, tolerance: Double) -> (Int, Double) {
        let r2 = r * r
        let signal = unitSignal.map { $0 * r2 }
        let diagonal = (0..<signal.count).map { signal[$0] + initialisation[$0] }
        return CovarianceEntries.truncationOrder(signal: signal, diagonal: diagonal, tolerance: tolerance)
    }

    /// C(r) on the leading m modes, row-major into `c`: r² B₁ + D from the cached B₁.
    func fill(_ c: UnsafeMutablePointer<Double>, order m: Int, ratio r: Double) {
        guard m <= Self.matrixLimit else { return entries(ratio: r).fill(c, order: m) }
        if m > matrixOrder { buildSignalMatrix(order: m) }
        let r2 = r * r, stride = matrixOrder
        signalMatrix.withUnsafeBufferPointer { b in
            for i in 0..<m {
                let row = b.baseAddress! + i * stride, out = c + i * m
                for j in 0..<m { out[j] = r2 * row[j] }
                out[i] += initialisation[i]
            }
        }
    }

    private func buildSignalMatrix(order m: Int) {
        signalMatrix = unit.signalBlock(order: m)
        matrixOrder = m
    }
}
