import RealModule

/// The closed-form routes to an HR verdict at one point (BOUNDARIES.md §2.5–2.7), and the choice among
/// them that §2.7 recommends.
public enum ClosedFormKind: String, Sendable, Codable, CaseIterable {
    /// The exact small-T method (Haynsworth inertia through a T × T matrix, §2.6): tag exact.
    case smallSteps = "small_steps"
    /// μ_k = r²s_k + D_k with the derived levels (§2.3, "WB"): tag asymptotic.
    case derivedComposite = "derived_composite"
    /// μ_k = r²s_k + D_k with R1's levels (§2.5): tag reduced.
    case reducedComposite = "reduced_composite"

    /// The tag carried into outputs.
    public var tag: ResultTag {
        switch self {
        case .smallSteps: return .exact
        case .derivedComposite: return .asymptotic
        case .reducedComposite: return .reduced
        }
    }
}

/// HR verdicts from the closed forms, each refusing the points outside the setting it was measured in.
public enum ClosedFormVerdict {
    /// §2.7: the small-T method up to this T (its cost grows like T³ per count).
    public static let smallStepsLimit = 64.0
    /// The composites need an unconverged tail beyond the signal block: c(d − 1) ≥ ln κ + this margin.
    static let tailMargin = 10.0

    /// Why a closed form does not apply at `point`, or nil if it does.
    public static func outsideReason(_ kind: ClosedFormKind, point: PhasePoint, spectrum: Spectrum) -> String? {
        if point.sgd != nil { return "SGD noise is outside the measured range of the closed forms" }
        if point.knobs.dynamics != .discrete {
            return "gradient flow is outside the measured range (derived for discrete GD)"
        }
        switch kind {
        case .smallSteps:
            return point.knobs.steps <= smallStepsLimit
                ? nil
                : "T = \(Int(point.knobs.steps)) > \(Int(smallStepsLimit)): the small-T method is used up to T = 64"
        case .derivedComposite, .reducedComposite:
            guard let c = spectrum.slope else { return "measured for geometric spectra only" }
            if point.knobs.target != .weights {
                return "the outputs target is outside the measured range (its Hankel kernel is Σ_i q_iⁿ)"
            }
            let etaLambda = point.knobs.eta * spectrum.lambda1
            if abs(etaLambda - 1) > 1e-9 {
                return "ηλ₁ = \(etaLambda) ≠ 1 is outside the measured range (the corner E_n changes)"
            }
            let logKappa = Double.log(etaLambda * (point.knobs.steps + 1))
            if c * Double(spectrum.dimension - 1) < logKappa + tailMargin {
                return
                    "d = \(spectrum.dimension) leaves no unconverged tail past the block (c(d−1) < ln κ + \(Int(tailMargin)))"
            }
            if kind == .derivedComposite && !StandingWavePhase.isValid(slope: c) {
                return
                    "c = \(c) outside \(StandingWavePhase.validSlopes.lowerBound)…\(StandingWavePhase.validSlopes.upperBound), where the derived levels hold"
            }
            return nil
        }
    }

    /// How the recommended form is chosen.
    public enum Policy: String, Sendable, CaseIterable {
        /// ribbon's choice, from its accuracy measurement (`reproduce boundary_accuracy`): the exact small-T
        /// method for T ≤ 64, else the R1 composite. It beats §2.7 on every measured column (r* 70/72 vs 64/72,
        /// T* 52/56 vs 51/56, c* 63/63 vs 62/63, off-grid 38/40 vs 34/40); the spec's own table also rates R1
        /// above the derived levels (67 vs 62 r* cells).
        case measured
        /// BOUNDARIES.md §2.7 as written: small-T for T ≤ 64; the derived composite for 0.25 ≤ c ≤ 2.5; R1 elsewhere.
        case spec
    }

    /// The form `policy` recommends at `point` with a one-line reason, or nil (and the reason) outside the
    /// measured setting.
    public static func recommended(point: PhasePoint, spectrum: Spectrum, policy: Policy = .measured) -> (
        kind: ClosedFormKind?, why: String
    ) {
        if outsideReason(.smallSteps, point: point, spectrum: spectrum) == nil {
            return (.smallSteps, "T ≤ \(Int(smallStepsLimit)): the exact small-T method")
        }
        if policy == .spec && outsideReason(.derivedComposite, point: point, spectrum: spectrum) == nil {
            return (
                .derivedComposite,
                "T > \(Int(smallStepsLimit)) and 0.25 ≤ c ≤ 2.5: composite with the derived levels (§2.7)"
            )
        }
        if let reason = outsideReason(.reducedComposite, point: point, spectrum: spectrum) { return (nil, reason) }
        return (
            .reducedComposite,
            policy == .spec
                ? "T > \(Int(smallStepsLimit)) and c outside 0.25…2.5: composite with R1's levels (§2.7)"
                : "T > \(Int(smallStepsLimit)): composite with R1's levels (most accurate measured; the derived composite is listed beside it)"
        )
    }

    /// The composite spectrum of `kind` at `point` (levels at the point's T and c).
    public static func composite(_ kind: ClosedFormKind, point: PhasePoint, spectrum: Spectrum) throws(RibbonError)
        -> CompositeSpectrum
    {
        let levels: SignalLevels
        switch kind {
        case .derivedComposite:
            let phase = try StandingWavePhase.shared(slope: spectrum.slope!)
            levels = try SignalLevels.derived(
                phase: phase, steps: point.knobs.steps, eta: point.knobs.eta, sigma0: point.knobs.sigma0)
        case .reducedComposite:
            levels = try SignalLevels.reduced(spectrum: spectrum, knobs: point.knobs)
        case .smallSteps:
            throw .parameter("the small-T method is not a composite")
        }
        return try CompositeSpectrum(levels: levels, spectrum: spectrum, knobs: point.knobs)
    }

    /// The HR verdict of `kind` at `point`; throws (invalidParameter) outside its setting.
    public static func verdict(_ kind: ClosedFormKind, point: PhasePoint) throws(RibbonError)
        -> HyperRibbonCriterion.Verdict
    {
        let spectrum = try point.spectrum()
        if let reason = outsideReason(kind, point: point, spectrum: spectrum) { throw .parameter(reason) }
        if kind == .smallSteps {
            return try SmallStepsSpectrum(spectrum: spectrum, knobs: point.knobs).verdict(point.criterion)
        }
        return try composite(kind, point: point, spectrum: spectrum).verdict(
            ratio: point.knobs.ratio, criterion: point.criterion)
    }

    /// The verdict of the recommended form at `point` (nil outside the measured setting).
    public static func recommendedVerdict(point: PhasePoint, policy: Policy = .measured) throws(RibbonError)
        -> HyperRibbonCriterion.Verdict?
    {
        let spectrum = try point.spectrum()
        guard let kind = recommended(point: point, spectrum: spectrum, policy: policy).kind else { return nil }
        return try verdict(kind, point: point)
    }
}
