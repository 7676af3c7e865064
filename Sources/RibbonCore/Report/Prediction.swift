/// One closed-form number with its tag, and the exact value it approximates when one exists.
public struct Prediction: Sendable, Equatable {
    /// A stable machine name, e.g. `top_ratio_sech_law` or `zolotarev_ratio_bound[3]`.
    public let name: String
    /// How far the number can be trusted: exact, asymptotic, bound or criterion.
    public let tag: ResultTag
    /// nil when the formula does not apply here; `note` then says why.
    public let value: Double?
    /// The exact counterpart (from E2 or an exact identity), when one exists.
    public let exactValue: Double?
    /// The formula in words and symbols, as printed beside the value.
    public let formula: String
    /// Why `value` is missing, or a caveat on reading it; nil when there is nothing to say.
    public let note: String?
    /// A bound from below (the exact value must be at least `value`); bounds are upper bounds otherwise.
    public let isLowerBound: Bool

    /// A prediction; `exact` is the exact counterpart, when one exists.
    public init(
        name: String, tag: ResultTag, value: Double?, exact: Double? = nil,
        formula: String, note: String? = nil, isLowerBound: Bool = false
    ) {
        self.isLowerBound = isLowerBound
        self.name = name
        self.tag = tag
        self.value = value
        self.exactValue = exact
        self.formula = formula
        self.note = note
    }

    /// The name as an output quantity: `sech_law[3]` → `sech_law` with index 3 (the `quantity` and `k` columns).
    public var quantity: Quantity {
        guard let open = name.firstIndex(of: "["), name.hasSuffix("]"),
            let k = Int(name[name.index(after: open)..<name.index(before: name.endIndex)])
        else { return Quantity(name) }
        return Quantity(String(name[..<open]), index: k)
    }

    /// (value − exact)/|exact|, when both exist and exact ≠ 0.
    public var relativeDifference: Double? {
        guard let v = value, let e = exactValue, e != 0, v.isFinite, e.isFinite else { return nil }
        return (v - e) / abs(e)
    }

    /// For bounds: whether the exact value respects the bound (nil otherwise).
    public var boundHolds: Bool? {
        guard tag == .bound, let v = value, let e = exactValue else { return nil }
        return isLowerBound ? e >= v * (1 - 1e-12) : e <= v * (1 + 1e-12)
    }
}
