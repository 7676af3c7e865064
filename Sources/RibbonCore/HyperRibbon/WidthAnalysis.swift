/// Everything `ribbon widths` reports for one parameter point: the exact width spectrum (E2/E3),
/// the hyper-ribbon verdict, and the closed forms and bounds beside their exact counterparts.
public struct WidthAnalysis: Sendable {
    /// The input spectrum.
    public let spectrum: Spectrum
    /// The training knobs.
    public let knobs: Knobs
    /// The criterion HR(ρ*, ε) applied.
    public let criterion: HyperRibbonCriterion
    /// The exact width spectrum (E2 discrete, E3 flow).
    public let widths: WidthSpectrum
    /// The HR verdict on `widths`.
    public let verdict: HyperRibbonCriterion.Verdict
    /// The closed forms A1–A4 and the Toeplitz symbol values, beside their exact counterparts.
    public let asymptotic: [Prediction]
    /// The bounds B1–B2, beside their exact counterparts.
    public let bounds: [Prediction]
    /// The SGD noise the widths include (nil: full-batch GD or flow).
    public let sgd: SGDNoise?

    /// The conventions these numbers depend on.
    public var conventions: Conventions {
        Conventions(
            dynamics: knobs.dynamics, target: knobs.target, relativeFloor: widths.relativeFloor,
            criterion: criterion)
    }

    /// At large d only the leading variances are computed (`widths.unresolved`; the large-d engine).
    /// - Parameter top: how many leading modes get per-k closed forms and bounds.
    ///   - sgd: minibatch SGD noise; the widths then come from the exact SGD covariance (every step).
    ///   - method: the eigen-solution (automatic: dense up to `WidthSpectrum.denseLimit` kept modes).
    public init(
        spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion, top: Int = 10,
        solvers: EigenvalueSolvers? = nil, sgd: SGDNoise? = nil, method: WidthMethod = .automatic
    ) throws(RibbonError) {
        let widths: WidthSpectrum
        var sgdPredictions: [Prediction] = []
        if let noise = sgd {
            let covariance = try TrajectoryCovariance(
                spectrum: spectrum, knobs: knobs, truncation: TrajectoryCovariance.defaultTruncation)
            let matrix = try TrajectoryCovariance.sgd(spectrum: spectrum, knobs: knobs, noise: noise)
            widths = try WidthSpectrum(covarianceMatrix: matrix, order: spectrum.dimension, solvers: solvers)
            let growth = try noise.secondMomentGrowth(spectrum: spectrum, eta: knobs.eta)
            sgdPredictions.append(
                Prediction(
                    name: "sgd_second_moment_growth", tag: .exact, value: growth,
                    formula:
                        "ρ₂ = spectral radius of diag((1−ηλ)² + η²sλ²) + η²s λλᵀ (≥ (1−ηλ_d)² ≈ 1 from the slowest mode); ≥ 1: mean covariance diverges (heavy-tailed SGD)"
                ))
            let label = TrajectoryCovariance.sgdLabelNoiseDiagonal(spectrum: spectrum, knobs: knobs, noise: noise)
            let exactExtra = matrix[0] - covariance.matrix[0]
            sgdPredictions.append(
                Prediction(
                    name: "sgd_label_noise_term[1]", tag: .asymptotic, value: label[0], exact: exactExtra,
                    formula:
                        "ΔC₁₁ ≈ ησ_ε² s λ₁ (1 − S_T(q₁²))/(2 − ηλ₁), multiplicative noise dropped; exact column: full SGD term"
                ))
        } else {
            // Every variance of the truncated matrix, or at large d (more than `WidthSpectrum.denseLimit` kept
            // modes) the certified leading ones that decide the criterion and at least top + 1.
            widths = try WidthSpectrum(
                spectrum: spectrum, knobs: knobs, solvers: solvers ?? EigenvalueSolvers(), criterion: criterion,
                leading: top + 1, method: method)
        }
        self.spectrum = spectrum
        self.knobs = knobs
        self.sgd = sgd
        self.criterion = criterion
        self.widths = widths
        self.verdict = criterion.verdict(for: widths)
        let forms = ClosedForms(spectrum: spectrum, knobs: knobs)
        self.asymptotic = forms.predictions(widths: widths, top: top) + sgdPredictions
        self.bounds = Bounds(spectrum: spectrum, knobs: knobs)
            .predictions(
                widths: widths, blockSize: forms.convergedBlockSize ?? 0,
                amplitudes: TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs), top: top)
    }
}
