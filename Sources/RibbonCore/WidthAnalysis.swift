import GSL

/// Everything `ribbon widths` reports for one parameter point: the exact width spectrum (E2/E3),
/// the hyper-ribbon verdict, and the closed forms and bounds beside their exact counterparts.
public struct WidthAnalysis: Sendable {
    public let spectrum: Spectrum
    public let knobs: Knobs
    public let criterion: HyperRibbonCriterion
    public let widths: WidthSpectrum
    public let verdict: HyperRibbonCriterion.Verdict
    public let asymptotic: [Prediction]
    public let bounds: [Prediction]

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
