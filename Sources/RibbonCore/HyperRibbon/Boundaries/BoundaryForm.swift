/// One closed-form estimate of a phase boundary, with how it behaves over the searched range, its tag and
/// the mechanism that set it (BOUNDARIES.md §1: jump, root or P2).
public struct BoundaryForm: Sendable, Equatable {
    /// What the form says over the searched range.
    public enum Status: String, Sendable, Codable {
        /// One flip (its location is `value`).
        case boundary
        /// Several flips (`value` is the outermost, as for the exact boundary).
        case multiple
        /// HR holds over the whole range.
        case always
        /// HR holds nowhere in the range.
        case never
        /// The point lies outside the setting the form was derived and measured in; no value is given.
        case outsideMeasuredRange = "outside measured range"
        /// The form does not speak to this case (e.g. a legacy form without a value); `note` says why.
        case notApplicable = "not applicable"
    }

    /// Which of the three kinds of boundary of BOUNDARIES.md §1 set the flip.
    public enum Mechanism: String, Sendable, Codable {
        /// K_ε jumps (tail share): a ledger threshold ℓ_j.
        case jump
        /// A junction ratio (r²s_{k+1} + D_{k+1})/(r²s_k + D_k) crosses ρ*.
        case root
        /// The signal's own ratio s_{k+1}/s_k exceeds ρ*: no r helps.
        case signalTopRatio = "P2"
    }

    /// A stable machine name (`P2`, `derived_composite`, …).
    public let name: String
    /// exact, asymptotic, reduced or bound.
    public let tag: ResultTag
    /// The boundary (the outermost flip), nil unless `status` is boundary or multiple.
    public let value: Double?
    /// What the form says over the range.
    public let status: Status
    /// The formula or procedure, as printed.
    public let formula: String
    /// A caveat or the reason there is no value.
    public let note: String?
    /// The mechanism at the outermost flip (or of a never region), where the form can tell.
    public let mechanism: Mechanism?
    /// Every flip, ascending.
    public let flips: [Double]

    /// A form entry.
    public init(
        name: String, tag: ResultTag, value: Double?, status: Status, formula: String, note: String? = nil,
        mechanism: Mechanism? = nil, flips: [Double]? = nil
    ) {
        self.name = name
        self.tag = tag
        self.value = value
        self.status = status
        self.formula = formula
        self.note = note
        self.mechanism = mechanism
        self.flips = flips ?? value.map { [$0] } ?? []
    }

    /// (value − exact)/|exact| when both exist.
    public func relativeDifference(toExact exact: Double?) -> Double? {
        guard let v = value, let e = exact, e != 0, v.isFinite, e.isFinite else { return nil }
        return (v - e) / abs(e)
    }

    /// Whether the form agrees with the exact boundary to `tolerance` (relative), status included: an
    /// always/never/outside cell agrees only on the same status; a boundary only within tolerance.
    public func agrees(with exact: BoundarySolver.Result, tolerance: Double) -> Bool {
        switch (status, exact.status) {
        case (.always, .always), (.never, .never): return true
        case (.boundary, .boundary), (.boundary, .multiple), (.multiple, .boundary), (.multiple, .multiple):
            guard let d = relativeDifference(toExact: exact.value) else { return false }
            return abs(d) <= tolerance
        default: return false
        }
    }

    /// The same entry under another name with a reason appended (the recommended form is a copy of one).
    public func renamed(_ newName: String, note extra: String?) -> BoundaryForm {
        let joined = [note, extra].compactMap { $0 }.joined(separator: "; ")
        return BoundaryForm(
            name: newName, tag: tag, value: value, status: status, formula: formula,
            note: joined.isEmpty ? nil : joined, mechanism: mechanism, flips: flips)
    }
}
