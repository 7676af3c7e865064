/// How to build the spectrum of a parameter point: the spectrum family and its shape parameter.
/// Scans and boundary searches vary the slope (or α) without re-reading a file each time.
public enum SpectrumModel: Sendable, Equatable {
    /// λ_i = λ₁ e^{−c(i−1)}; the shape is the slope c.
    case geometric(lambda1: Double, dimension: Int)
    /// λ_i = λ₁ i^{−α}; the shape is α.
    case powerLaw(lambda1: Double, dimension: Int)
    /// A spectrum given once (e.g. read from a file); the shape is ignored.
    case fixed(Spectrum)

    /// The spectrum at shape parameter `shape` (slope c for geometric, α for power law; ignored for files).
    public func spectrum(shape: Double?) throws(RibbonError) -> Spectrum {
        switch self {
        case .geometric(let l, let d):
            guard let shape else { throw .parameter("a geometric spectrum needs a slope") }
            return try Spectrum.geometric(lambda1: l, slope: shape, dimension: d)
        case .powerLaw(let l, let d):
            guard let shape else { throw .parameter("a power-law spectrum needs alpha") }
            return try Spectrum.powerLaw(lambda1: l, alpha: shape, dimension: d)
        case .fixed(let s):
            return s
        }
    }

    /// The name used in outputs: `geometric`, `power`, or the file path.
    public var name: String {
        switch self {
        case .geometric: return "geometric"
        case .powerLaw: return "power"
        case .fixed(let s):
            if case .file(let p) = s.source { return p }
            if case .kernel(let k) = s.source { return "kernel:" + k.kind.rawValue }
            return "fixed"
        }
    }
}

/// One point of a phase diagram: a spectrum model with its shape, knobs and the criterion.
public struct PhasePoint: Sendable, Equatable {
    /// The spectrum family.
    public var model: SpectrumModel
    /// Slope c (geometric) or α (power law); nil for a fixed spectrum.
    public var shape: Double?
    /// The training knobs.
    public var knobs: Knobs
    /// The criterion HR(ρ*, ε) applied at this point.
    public var criterion: HyperRibbonCriterion
    /// Minibatch SGD noise (nil: full-batch GD or flow).
    public var sgd: SGDNoise?
    /// Which eigen-solution the exact widths use (automatic: dense up to `WidthSpectrum.denseLimit` kept modes).
    public var method: WidthMethod = .automatic

    /// A point from its parts (knobs, criterion and noise are validated by their own initialisers).
    public init(
        model: SpectrumModel, shape: Double?, knobs: Knobs, criterion: HyperRibbonCriterion, sgd: SGDNoise? = nil
    ) {
        self.model = model
        self.shape = shape
        self.knobs = knobs
        self.criterion = criterion
        self.sgd = sgd
    }

    /// The spectrum of this point: `model` at `shape`.
    public func spectrum() throws(RibbonError) -> Spectrum { try model.spectrum(shape: shape) }

    /// The exact widths of this point: E2/E3 with the proven truncation for GD and flow, or the exact
    /// SGD covariance (every step, THEORY.md §6) when `sgd` is set: what scans and boundaries judge.
    /// (`WidthAnalysis` builds the same matrices itself, because it also reports their entries.)
    ///
    /// At large d (kept order above `WidthSpectrum.denseLimit`) only the leading variances that decide the
    /// criterion, and at least `leading`, are computed (the large-d engine; `unresolved` says what is known
    /// of the rest). `method` (default: the point's own) forces one path; tests compare them.
    public func exactWidths(
        spectrum: Spectrum, solvers: EigenvalueSolvers? = nil, leading: Int = 6, method: WidthMethod? = nil
    ) throws(RibbonError) -> WidthSpectrum {
        guard let noise = sgd else {
            return try WidthSpectrum(
                spectrum: spectrum, knobs: knobs, solvers: solvers ?? EigenvalueSolvers(), criterion: criterion,
                leading: leading, method: method ?? self.method)
        }
        return try WidthSpectrum(
            covarianceMatrix: TrajectoryCovariance.sgd(spectrum: spectrum, knobs: knobs, noise: noise),
            order: spectrum.dimension, solvers: solvers)
    }
}
