import RealModule

/// What a dense scan records at one point: the exact verdict and leading widths, and the
/// closed-form predictions at the same point (each tagged in the column documentation).
public struct PointEvaluation: Sendable {
    /// The HR verdict from the exact widths.
    public let verdict: HyperRibbonCriterion.Verdict
    /// Leading variances μ_1…μ_K (fewer if d < K).
    public let topVariances: [Double]
    /// Leading ratios μ_{k+1}/μ_k.
    public let topRatios: [Double]
    /// χ_1, χ_2, χ_3.
    public let explainedStress: [Double]
    /// The fitted geometric decay rate of μ_k over k ≤ K_ε (nil with fewer than 2 positive variances).
    public let fittedDecayRate: Double?
    /// How many eigenvalues the floor set to 0 (among the computed ones on the large-d path).
    public let flooredCount: Int
    /// The eigen-solution used: `dense` (every variance) or `lowRank` (the large-d engine: leading variances).
    public let method: WidthMethod
    /// Proven bound on |μ_k − exact μ_k| for the reported variances, beyond the eigensolver's rounding (a few ε μ₁):
    /// the truncation bound on the dense path; truncation + factorisation + Krylov certificate on the large-d path.
    public let errorBound: Double
    /// Closed forms at this point, in `predictionColumns` order (nil where a formula does not apply).
    public let predictions: [Double?]
    /// The HR verdict of the recommended closed form (BOUNDARIES.md §2.7), nil outside its measured setting.
    /// For T ≤ 64 the form is the exact small-T method, which equals the exact verdict (tested to 1e-12), so
    /// the exact verdict is reused there instead of recomputing it.
    public let closedFormVerdict: Bool?
    /// The form behind `closedFormVerdict`.
    public let closedFormKind: ClosedFormKind?

    /// The closed forms reported per scan point, in column order.
    public static let predictionColumns: [(name: String, tag: ResultTag, meaning: String)] = [
        ("kappa", .exact, "κ = ηλ₁(T+1) (flow: λ₁τ)"),
        ("n_f", .asymptotic, "A1 converged block size ⌊ln κ/c⌋ + 1"),
        ("sech_top_ratio", .asymptotic, "A1 top ratio μ₂/μ₁ ≈ sech(π²/ln κ)"),
        ("block_ratio", .asymptotic, "A1 block ratio limit e^{−π²/ln κ}"),
        ("plateau_nu", .asymptotic, "A2 plateau σ₀²/(2η(T+1))"),
        ("tail_ratio", .asymptotic, "A3 tail ratio e^{−c}"),
        (
            "top_variance_a4", .asymptotic,
            "A4 μ₁ ≈ ā² f(cω₁)/(η(T+1)) with the derived ω₁ (BOUNDARIES.md §2.4; weights target, ηλ₁ = 1, 0.25 ≤ c ≤ 2.5)"
        ),
        ("p1_slope", .asymptotic, "P1 boundary c* = ln(1/ρ*)"),
        ("p2_steps", .asymptotic, "P2 boundary T* = κ*/(ηλ₁) − 1"),
        ("p3_ratio", .asymptotic, "P3 whole-block ratio boundary r*"),
        ("p3prime_ratio", .asymptotic, "P3′ plateau-share ratio boundary"),
    ]

    /// Evaluates `point` exactly and records its `top` leading variances and ratios and the closed-form
    /// columns.
    public init(point: PhasePoint, top: Int, solvers: EigenvalueSolvers? = nil) throws(RibbonError) {
        let spectrum = try point.spectrum()
        // top + 1 variances give top ratios; 4 give χ₁…χ₃ a meaning beyond the ones that decide the verdict.
        let widths = try point.exactWidths(spectrum: spectrum, solvers: solvers, leading: max(top + 1, 4))
        verdict = point.criterion.verdict(for: widths)
        let k = min(top, widths.count)
        topVariances = Array(widths.variances.prefix(k))
        topRatios = Array(widths.ratios.prefix(k))
        explainedStress = Array(widths.explainedStress.prefix(3))
        fittedDecayRate = widths.fittedDecayRate(upTo: verdict.kEpsilon)
        flooredCount = widths.flooredCount
        method = widths.method
        errorBound = widths.errorBound
        predictions = Self.closedForms(spectrum: spectrum, point: point)
        let kind = ClosedFormVerdict.recommended(point: point, spectrum: spectrum).kind
        closedFormKind = kind
        switch kind {
        case .none: closedFormVerdict = nil
        case .smallSteps: closedFormVerdict = verdict.isHyperRibbon
        case .some(let k):
            closedFormVerdict = try ClosedFormVerdict.composite(k, point: point, spectrum: spectrum)
                .verdict(ratio: point.knobs.ratio, criterion: point.criterion).isHyperRibbon
        }
    }

    /// The closed-form column values at a point.
    static func closedForms(spectrum: Spectrum, point: PhasePoint) -> [Double?] {
        let knobs = point.knobs
        let forms = ClosedForms(spectrum: spectrum, knobs: knobs)
        let a4 = ClosedForms.topVarianceA4(spectrum: spectrum, knobs: knobs)
        var blockRatio: Double? = nil
        if let lk = forms.effectiveLogKappa { blockRatio = lk > 0 ? Double.exp(-Double.pi * Double.pi / lk) : 0 }
        let p2 = BoundaryClosedForms.steps(spectrum: spectrum, knobs: knobs, criterion: point.criterion)[0].value
        let p3 = BoundaryClosedForms.ratio(spectrum: spectrum, knobs: knobs, criterion: point.criterion)
        var p3Value: Double? = nil, p3Prime: Double? = nil
        for p in p3 {
            if p.name == "P3" { p3Value = p.value }
            if p.name == "P3_prime" { p3Prime = p.value }
        }
        var tail: Double? = nil
        if let c = spectrum.slope { tail = Double.exp(-c) }
        var blockSize: Double? = nil
        if let n = forms.convergedBlockSize { blockSize = Double(n) }
        return [
            forms.kappa, blockSize, forms.sechLaw(k: 1), blockRatio, forms.plateau, tail, a4,
            BoundaryClosedForms.slope(criterion: point.criterion).value, p2, p3Value, p3Prime,
        ]
    }
}
