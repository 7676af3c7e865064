/// How to build the spectrum of a parameter point: the spectrum family and its shape parameter.
/// Scans and boundary searches vary the slope (or α) without re-reading a file each time.
public enum SpectrumModel: Sendable, Equatable {
    case geometric(lambda1: Double, dimension: Int)
    case powerLaw(lambda1: Double, dimension: Int)
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
            return "fixed"
        }
    }
}

/// One point of a phase diagram: a spectrum model with its shape, knobs and the criterion.
public struct PhasePoint: Sendable, Equatable {
    public var model: SpectrumModel
    /// Slope c (geometric) or α (power law); nil for a fixed spectrum.
    public var shape: Double?
    public var knobs: Knobs
    public var criterion: HyperRibbonCriterion

    public init(model: SpectrumModel, shape: Double?, knobs: Knobs, criterion: HyperRibbonCriterion) {
        self.model = model
        self.shape = shape
        self.knobs = knobs
        self.criterion = criterion
    }

    public func spectrum() throws(RibbonError) -> Spectrum { try model.spectrum(shape: shape) }
}
