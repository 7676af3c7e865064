import RealModule

/// Every closed form of a boundary along one axis (BOUNDARIES.md §2), each located the way its kind allows,
/// and the recommended one of §2.7 with the mechanism that set it.
///
/// - ratio axis: the composites in closed form (pairwise thresholds + ledger, no root finding in r);
/// - steps and slope axes: the same log-scan + Brent as the exact boundary, on the form's own verdict;
/// - legacy P1–P3′ stay for comparison. The batch axis (SGD) has only its own S1.
public struct BoundaryForms: Sendable {
    /// Every form, legacy first.
    public let forms: [BoundaryForm]
    /// The recommended form (a copy of one of `forms`, named `recommended`), with the reason it was chosen.
    public let best: BoundaryForm
    /// Which form the recommendation used (nil outside the measured setting).
    public let bestKind: ClosedFormKind?
    /// One line: why that form.
    public let why: String

    /// The forms along `solver.axis` from `base`; `legacy` are today's P1–P3′/S1 predictions.
    public init(base: PhasePoint, solver: BoundarySolver, legacy: [Prediction]) throws(RibbonError) {
        var forms = legacy.map(Self.legacyForm)
        let spectrum = try solver.point(base, at: solver.range.lowerBound).spectrum()
        guard solver.axis != .batch else {
            forms.append(
                BoundaryForm(
                    name: "derived_composite", tag: .asymptotic, value: nil, status: .outsideMeasuredRange,
                    formula: "μ_k = r²s_k + D_k", note: "SGD noise is outside the measured range of the closed forms"))
            self.forms = forms
            best = forms[forms.count - 1].renamed("recommended", note: nil)
            bestKind = nil
            why = "the batch axis has only S1"
            return
        }
        var byKind: [ClosedFormKind: BoundaryForm] = [:]
        for kind in ClosedFormKind.allCases {
            let form = Self.locate(kind, base: base, solver: solver, spectrum: spectrum)
            byKind[kind] = form
            forms.append(form)
        }
        if solver.axis == .ratio {
            if let reason = ClosedFormVerdict.outsideReason(.derivedComposite, point: base, spectrum: spectrum) {
                forms += ["ledger_derived", "pairwise_derived"].map {
                    BoundaryForm(
                        name: $0, tag: .asymptotic, value: nil, status: .outsideMeasuredRange, formula: "§2.1–2.2",
                        note: reason)
                }
            } else {
                forms += Self.ledgerParts(
                    try ClosedFormVerdict.composite(.derivedComposite, point: base, spectrum: spectrum),
                    criterion: base.criterion)
            }
        }
        if solver.axis == .steps { forms.append(Self.derivedP2(base: base, spectrum: spectrum)) }
        // The recommendation: one form at fixed T (ratio axis); a hybrid per point on the steps and slope axes.
        // §2.7's own choice is listed as the form `spec_recommended`.
        var chosen: [ClosedFormVerdict.Policy: (form: BoundaryForm, kind: ClosedFormKind?, why: String)] = [:]
        for policy in ClosedFormVerdict.Policy.allCases {
            let name = policy == .measured ? "recommended" : "spec_recommended"
            if solver.axis == .ratio {
                let (kind, reason) = ClosedFormVerdict.recommended(point: base, spectrum: spectrum, policy: policy)
                let form =
                    kind.flatMap { byKind[$0] }
                    ?? BoundaryForm(
                        name: name, tag: .asymptotic, value: nil,
                        status: .outsideMeasuredRange, formula: "§2.7", note: reason)
                chosen[policy] = (form.renamed(name, note: nil), kind, reason)
            } else {
                chosen[policy] = Self.locateHybrid(base: base, solver: solver, policy: policy, name: name)
            }
        }
        forms.append(chosen[.spec]!.form)
        (best, bestKind, why) = chosen[.measured]!
        self.forms = forms
    }

    /// The form names along each axis, in the order of `forms` (scan tables give each a column).
    public static func names(axis: BoundaryAxis) -> [String] {
        let composites = ClosedFormKind.allCases.map(\.rawValue)
        switch axis {
        case .ratio:
            return ["P3", "P3_prime"] + composites + ["ledger_derived", "pairwise_derived", "spec_recommended"]
        case .steps: return ["P2", "P2_B1"] + composites + ["P2_derived", "spec_recommended"]
        case .slope: return ["P1"] + composites + ["spec_recommended"]
        case .batch: return ["S1", "sgd_heavy_tail_batch"]
        }
    }

    /// The form called `name` (nil if this axis has none).
    public func form(named name: String) -> BoundaryForm? { forms.first { $0.name == name } }

    // MARK: Locating one form

    static func formula(_ kind: ClosedFormKind, axis: BoundaryAxis) -> String {
        switch kind {
        case .smallSteps:
            return
                "#{eig C > μ} = #{D_i > μ} + #{neg. eig of I_T + V(D − μ)⁻¹Vᵀ} (Haynsworth), bisection; flips by log-scan + Brent"
        case .derivedComposite:
            let levels = "μ_k = r²s_k + D_k, ω_k ln(T+1) + Φ(ω_k; c) = πk, s_k = σ₀²f(cω_k)/(η(T+1))"
            return axis == .ratio
                ? levels + "; r* = min_j max(ℓ_j, max_{k<j} r_k), r_k² = (D_{k+1} − ρ*D_k)/(ρ*s_k − s_{k+1})"
                : levels + "; flips by log-scan + Brent"
        case .reducedComposite:
            let levels = "μ_k = r²s_k + D_k, s_k = eigenvalues of the leading N_f × N_f block of B (R1)"
            return axis == .ratio ? levels + "; pairwise thresholds + ledger" : levels + "; flips by log-scan + Brent"
        }
    }

    /// The boundary of one form along the axis, or its status when it does not apply.
    static func locate(_ kind: ClosedFormKind, base: PhasePoint, solver: BoundarySolver, spectrum: Spectrum)
        -> BoundaryForm
    {
        let name = kind.rawValue
        let formula = formula(kind, axis: solver.axis)
        func outside(_ reason: String) -> BoundaryForm {
            BoundaryForm(
                name: name, tag: kind.tag, value: nil, status: .outsideMeasuredRange, formula: formula, note: reason)
        }
        do {
            switch (kind, solver.axis) {
            case (.smallSteps, .steps):
                let top = min(solver.range.upperBound, ClosedFormVerdict.smallStepsLimit)
                guard top > solver.range.lowerBound else { return outside("the steps range starts above T = 64") }
                let clipped = try BoundarySolver(
                    axis: .steps, range: solver.range.lowerBound...top, scanPoints: solver.scanPoints)
                if let reason = ClosedFormVerdict.outsideReason(
                    kind, point: try clipped.point(base, at: top), spectrum: spectrum)
                {
                    return outside(reason)
                }
                let result = try clipped.solve(base) { p throws(RibbonError) in
                    try ClosedFormVerdict.verdict(kind, point: p)
                }
                var form = Self.form(
                    name: name, tag: kind.tag, formula: formula, result: result, kind: kind, base: base, solver: clipped
                )
                if top < solver.range.upperBound {
                    form = form.renamed(name, note: "searched T ≤ 64 only (exact there)")
                }
                return form
            case (.derivedComposite, .slope):
                let valid = StandingWavePhase.validSlopes
                let lo = max(solver.range.lowerBound, valid.lowerBound),
                    hi = min(solver.range.upperBound, valid.upperBound)
                guard hi > lo else { return outside("the slope range misses 0.25…2.5, where the derived levels hold") }
                let clipped = try BoundarySolver(axis: .slope, range: lo...hi, scanPoints: solver.scanPoints)
                let first = try clipped.point(base, at: lo)
                if let reason = ClosedFormVerdict.outsideReason(kind, point: first, spectrum: try first.spectrum()) {
                    return outside(reason)
                }
                let result = try clipped.solve(base) { p throws(RibbonError) in
                    try ClosedFormVerdict.verdict(kind, point: p)
                }
                let form = Self.form(
                    name: name, tag: kind.tag, formula: formula, result: result, kind: kind, base: base, solver: clipped
                )
                return lo > solver.range.lowerBound || hi < solver.range.upperBound
                    ? form.renamed(name, note: "searched c ∈ [\(lo), \(hi)] only (where the derived levels hold)")
                    : form
            case (.derivedComposite, .ratio), (.reducedComposite, .ratio):
                if let reason = ClosedFormVerdict.outsideReason(kind, point: base, spectrum: spectrum) {
                    return outside(reason)
                }
                let composite = try ClosedFormVerdict.composite(kind, point: base, spectrum: spectrum)
                let result = composite.ratioBoundary(criterion: base.criterion, range: solver.range)
                return Self.form(
                    name: name, tag: kind.tag, formula: formula, result: result, kind: kind, base: base, solver: solver)
            default:
                // The knobs the axis does not vary decide the setting up front; along the slope the composites'
                // own per-point verdicts refuse the slopes outside it.
                if solver.axis != .slope || kind == .smallSteps,
                    let reason = ClosedFormVerdict.outsideReason(
                        kind, point: try solver.point(base, at: solver.range.lowerBound), spectrum: spectrum)
                {
                    return outside(reason)
                }
                let result = try solver.solve(base) { p throws(RibbonError) in
                    try ClosedFormVerdict.verdict(kind, point: p)
                }
                return Self.form(
                    name: name, tag: kind.tag, formula: formula, result: result, kind: kind, base: base, solver: solver)
            }
        } catch let error where error.kind == .invalidParameter {
            return outside(error.message)
        } catch {
            return BoundaryForm(
                name: name, tag: kind.tag, value: nil, status: .notApplicable, formula: formula,
                note: "failed: \(error.message)")
        }
    }

    /// The §2.7 hybrid along the steps or slope axis: at every point the form §2.7 picks there.
    static func locateHybrid(
        base: PhasePoint, solver: BoundarySolver, policy: ClosedFormVerdict.Policy,
        name: String
    ) -> (form: BoundaryForm, kind: ClosedFormKind?, why: String) {
        let formula =
            policy == .spec
            ? "§2.7 per point: small-T method for T ≤ 64; derived composite for 0.25 ≤ c ≤ 2.5; R1 composite elsewhere"
            : "per point: small-T method for T ≤ 64; R1 composite above"
        var used: Set<ClosedFormKind> = []
        do {
            let result = try solver.solve(base) { p throws(RibbonError) in
                let spectrum = try p.spectrum()
                let choice = ClosedFormVerdict.recommended(point: p, spectrum: spectrum, policy: policy)
                guard let kind = choice.kind else { throw .parameter(choice.why) }
                used.insert(kind)
                return try ClosedFormVerdict.verdict(kind, point: p)
            }
            // The form that decided the outermost flip.
            var decisive: ClosedFormKind? = nil
            if let v = result.value {
                let p = try solver.point(base, at: v)
                decisive = ClosedFormVerdict.recommended(point: p, spectrum: try p.spectrum(), policy: policy).kind
            } else if used.count == 1 {
                decisive = used.first
            }
            let tag: ResultTag =
                used.contains(.derivedComposite) ? .asymptotic : used.contains(.reducedComposite) ? .reduced : .exact
            let form = Self.form(
                name: name, tag: tag, formula: formula, result: result, kind: decisive, base: base, solver: solver)
            let forms = used.map(\.rawValue).sorted().joined(separator: ", ")
            return (
                form, decisive,
                "per point along \(solver.axis.rawValue) (used: \(forms))"
                    + (decisive.map { "; the flip is set by \($0.rawValue)" } ?? "")
            )
        } catch let error where error.kind == .invalidParameter {
            return (
                BoundaryForm(
                    name: name, tag: .asymptotic, value: nil, status: .outsideMeasuredRange, formula: formula,
                    note: error.message), nil, error.message
            )
        } catch {
            return (
                BoundaryForm(
                    name: name, tag: .asymptotic, value: nil, status: .notApplicable, formula: formula,
                    note: "failed: \(error.message)"), nil, error.message
            )
        }
    }

    /// A form from a solver result, with the mechanism at its outermost flip.
    static func form(
        name: String, tag: ResultTag, formula: String, result: BoundarySolver.Result, kind: ClosedFormKind?,
        base: PhasePoint, solver: BoundarySolver
    ) -> BoundaryForm {
        let status: BoundaryForm.Status
        switch result.status {
        case .always: status = .always
        case .never: status = .never
        case .boundary: status = .boundary
        case .multiple: status = .multiple
        }
        let mechanism = (try? Self.mechanism(result: result, kind: kind, base: base, solver: solver)) ?? nil
        return BoundaryForm(
            name: name, tag: tag, value: result.value, status: status, formula: formula, mechanism: mechanism,
            flips: result.flips.map(\.value))
    }

    /// jump if K_ε changes across the outermost flip; P2 if the failing side's worst ratio fails in the signal
    /// levels themselves (s_{k+1}/s_k > ρ*); root otherwise. A never region is P2 when its worst ratio is.
    static func mechanism(
        result: BoundarySolver.Result, kind: ClosedFormKind?, base: PhasePoint,
        solver: BoundarySolver
    ) throws(RibbonError) -> BoundaryForm.Mechanism? {
        guard let kind else { return nil }
        func verdictAndComposite(_ x: Double) throws(RibbonError) -> (HyperRibbonCriterion.Verdict, CompositeSpectrum?)
        {
            let p = try solver.point(base, at: x)
            let v = try ClosedFormVerdict.verdict(kind, point: p)
            let composite =
                kind == .smallSteps ? nil : try ClosedFormVerdict.composite(kind, point: p, spectrum: try p.spectrum())
            return (v, composite)
        }
        func signalFails(_ v: HyperRibbonCriterion.Verdict, _ c: CompositeSpectrum?) -> Bool {
            guard let c, let k = v.worstIndex, !v.isHyperRibbon else { return false }
            let a = c.levels.level(k - 1), b = c.levels.level(k)
            return a > 0 && b / a > base.criterion.rho
        }
        switch result.status {
        case .never:
            let (v, c) = try verdictAndComposite(result.range.upperBound)
            return signalFails(v, c) ? .signalTopRatio : nil
        case .always: return nil
        case .boundary, .multiple:
            guard let flip = result.flips.last else { return nil }
            let step = solver.axis.isInteger ? 1.0 : flip.value * 1e-7
            let lower = max(flip.value - step, result.range.lowerBound)
            let upper = min(flip.value + step, result.range.upperBound)
            let (below, cBelow) = try verdictAndComposite(lower)
            let (above, cAbove) = try verdictAndComposite(upper)
            if below.kEpsilon != above.kEpsilon { return .jump }
            let failing = below.isHyperRibbon ? (above, cAbove) : (below, cBelow)
            return signalFails(failing.0, failing.1) ? .signalTopRatio : .root
        }
    }

    // MARK: Parts and legacy

    /// The two parts of the derived composite's r* on the ratio axis: the ledger ℓ_j (jump) and the largest
    /// pairwise threshold r_k, k < j (root), of the piece where HR starts.
    static func ledgerParts(_ composite: CompositeSpectrum, criterion: HyperRibbonCriterion) -> [BoundaryForm] {
        guard let parts = composite.firstPieceParts(criterion: criterion) else {
            return ["ledger_derived", "pairwise_derived"].map {
                BoundaryForm(
                    name: $0, tag: .asymptotic, value: nil, status: .never, formula: "§2.1–2.2",
                    note: "the derived composite is never a hyper-ribbon")
            }
        }
        return [
            BoundaryForm(
                name: "ledger_derived", tag: .asymptotic, value: parts.ledger, status: .boundary,
                formula: "ℓ_j² = (Σ_{k>j}(D_k + r²s_k) − ε tr D)/(ε tr B) at the j where HR starts (§2.1)",
                note: "the jump part of the derived composite's r* (j = \(parts.index))", mechanism: .jump),
            BoundaryForm(
                name: "pairwise_derived", tag: .asymptotic, value: parts.pairwise, status: .boundary,
                formula: "max_{k<j} r_k, r_k² = (D_{k+1} − ρ*D_k)/(ρ*s_k − s_{k+1}) (§2.2)",
                note: "the root part of the derived composite's r*", mechanism: .root),
        ]
    }

    /// §2.4's derived P2 at the base point's slope (r → ∞ steps boundary).
    static func derivedP2(base: PhasePoint, spectrum: Spectrum) -> BoundaryForm {
        let formula = "f(cω₂)/f(cω₁) = ρ* with ω_k from ω ln(T+1) + Φ(ω) = πk (derived P2, r → ∞)"
        // The setting checks at a T inside the composites' range (P2 itself is a statement about all T).
        var probe = base
        if let knobs = try? base.knobs.with(steps: 100) { probe.knobs = knobs }
        if let reason = ClosedFormVerdict.outsideReason(.derivedComposite, point: probe, spectrum: spectrum) {
            return BoundaryForm(
                name: "P2_derived", tag: .asymptotic, value: nil, status: .outsideMeasuredRange, formula: formula,
                note: reason)
        }
        do {
            guard let t = try DerivedSignalRatio.steps(slope: spectrum.slope!, rho: base.criterion.rho) else {
                return BoundaryForm(
                    name: "P2_derived", tag: .asymptotic, value: nil, status: .always, formula: formula,
                    note: "s₂/s₁ < ρ* up to T = 1e15")
            }
            return BoundaryForm(
                name: "P2_derived", tag: .asymptotic, value: t, status: .boundary, formula: formula,
                note: "the r → ∞ limit of the steps boundary; at finite r the composites add the plateau",
                mechanism: .signalTopRatio)
        } catch {
            return BoundaryForm(
                name: "P2_derived", tag: .asymptotic, value: nil, status: .notApplicable, formula: formula,
                note: "failed: \(error.message)")
        }
    }

    /// Today's P1–P3′ and S1 as form entries (no status of their own: a value is a boundary).
    static func legacyForm(_ p: Prediction) -> BoundaryForm {
        BoundaryForm(
            name: p.name, tag: p.tag, value: p.value, status: p.value == nil ? .notApplicable : .boundary,
            formula: p.formula, note: p.note)
    }
}
