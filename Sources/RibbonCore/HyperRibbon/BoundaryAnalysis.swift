/// An exact phase boundary with the closed forms that predict it (`ribbon boundary`).
public struct BoundaryAnalysis: Sendable {
    /// The point the boundary is traced from; its value of the traced knob is overridden.
    public let base: PhasePoint
    /// The exact boundary: the HR flips of the exact covariance along the axis.
    public let exact: BoundarySolver.Result
    /// Today's P1–P3′ (and S1 on the batch axis), primary first, with the exact boundary attached.
    public let closedForms: [Prediction]
    /// Every closed form of BOUNDARIES.md §2 located along the axis, and the recommended one (§2.7).
    public let forms: BoundaryForms

    /// Traces the exact boundary along `solver.axis` from `base` and evaluates the matching closed forms.
    public init(base: PhasePoint, solver: BoundarySolver) throws(RibbonError) {
        self.base = base
        let exact = try solver.solve(base)
        self.exact = exact
        let spectrum = try solver.point(base, at: solver.range.lowerBound).spectrum()
        let forms: [Prediction]
        switch solver.axis {
        case .slope: forms = [BoundaryClosedForms.slope(criterion: base.criterion)]
        case .steps: forms = BoundaryClosedForms.steps(spectrum: spectrum, knobs: base.knobs, criterion: base.criterion)
        case .ratio: forms = BoundaryClosedForms.ratio(spectrum: spectrum, knobs: base.knobs, criterion: base.criterion)
        case .batch:
            forms = BoundaryClosedForms.batch(
                spectrum: spectrum, knobs: base.knobs, criterion: base.criterion, noise: base.sgd)
        }
        // Attach the exact boundary as the exact counterpart of each approximation of it. An exact-tagged
        // entry (the SGD heavy-tail threshold) is a different quantity printed beside, not an estimate
        // of the boundary: no exact column, no relative difference.
        self.closedForms = forms.map {
            Prediction(
                name: $0.name, tag: $0.tag, value: $0.value, exact: $0.tag == .exact ? nil : exact.value,
                formula: $0.formula, note: $0.note, isLowerBound: $0.isLowerBound)
        }
        self.forms = try BoundaryForms(base: base, solver: solver, legacy: forms)
    }

    /// (closed form − exact)/exact for the primary closed form.
    public var relativeDifference: Double? { closedForms.first?.relativeDifference }
}
