import GSL

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

    /// The conventions these numbers depend on.
    public var conventions: Conventions {
        Conventions(dynamics: knobs.dynamics, target: knobs.target, relativeFloor: widths.relativeFloor,
                    criterion: criterion)
    }

    /// - Parameter top: how many leading modes get per-k closed forms and bounds.
    public init(spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion, top: Int = 10,
                solvers: EigensolverCache? = nil) throws(RibbonError) {
        let covariance = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs, truncation: TrajectoryCovariance.defaultTruncation)
        let widths = try WidthSpectrum(covariance: covariance, solvers: solvers)
        self.spectrum = spectrum
        self.knobs = knobs
        self.criterion = criterion
        self.widths = widths
        self.verdict = criterion.verdict(for: widths)
        let forms = ClosedForms(spectrum: spectrum, knobs: knobs)
        self.asymptotic = forms.predictions(widths: widths, top: top)
        self.bounds = Bounds(spectrum: spectrum, knobs: knobs)
            .predictions(widths: widths, blockSize: forms.convergedBlockSize ?? 0,
                         amplitudes: covariance.amplitudes, top: top)
    }
}
