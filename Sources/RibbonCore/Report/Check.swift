/// One "predicted against measured ± SE, pass?" comparison: the single row shape of every verifier
/// (`verify`, `outliers --simulate`, `outliers confident`, `align`, `outliers zone`, `outliers xor`).
///
/// Why one type: the writer renders every study's rows the same way (one column per field, one name per
/// quantity), and a reader learns one meaning of `predicted`, `measured`, `standard_error` and `verdict`.
public struct Check: Sendable {
    /// Whether the row was judged, and how it came out.
    public enum Verdict: Sendable, Equatable {
        case pass
        case fail
        /// Not judged: shown for reference, with the reason when there is one to give.
        case notJudged(reason: String?)

        /// pass → true, fail → false, not judged → nil.
        // Not inlined: Swift 6.3's release pipeline crashes (ownership verifier, CopyPropagation) when this
        // switch is inlined into a caller that iterates borrowed Check values across modules.
        @inline(never)
        public var passed: Bool? {
            switch self {
            case .pass: return true
            case .fail: return false
            case .notJudged: return nil
            }
        }

        /// A judged verdict from a Bool, nil → not judged without a reason.
        public init(_ passed: Bool?, reason: String? = nil) {
            switch passed {
            case true?: self = .pass
            case false?: self = .fail
            case nil: self = .notJudged(reason: reason)
            }
        }
    }

    /// What is compared: a snake_case name (the `quantity` column everywhere) and, for indexed quantities
    /// such as μ_k, the index k.
    public let quantity: Quantity
    /// How far the prediction can be trusted; `.measured` when the row has no prediction.
    public let tag: ResultTag
    /// The prediction; nil for measured-only rows.
    public let predicted: Double?
    /// The estimate from simulated training or sampled matrices (mean over runs or seeds).
    public let measured: Double
    /// The estimate's standard error; nil where none applies (a verdict, a share without an error bar).
    public let standardError: Double?
    /// (measured − expected)/SE for rows judged in SE units; nil otherwise.
    public private(set) var z: Double?
    /// The smallest relative deviation from the prediction detected with 90% power; nil when not judged by SE.
    public private(set) var detectable: Double?
    /// Pass, fail, or not judged with a reason.
    public private(set) var verdict: Verdict
    /// Where the row sits inside its study (dimension and time, width, scale): columns before `quantity`.
    public let coordinates: [Field]
    /// Further values shown beside the prediction (E2 beside a user's prediction, an asymptotic law, the
    /// sample-eigenvalue estimate): columns after `verdict`, named by `Field.name`.
    public let references: [Field]

    public init(
        _ quantity: Quantity, tag: ResultTag, predicted: Double?, measured: Double, standardError: Double?,
        z: Double? = nil, detectable: Double? = nil, verdict: Verdict, coordinates: [Field] = [],
        references: [Field] = []
    ) {
        self.quantity = quantity
        self.tag = predicted == nil ? .measured : tag
        self.predicted = predicted
        self.measured = measured
        self.standardError = standardError
        self.z = z
        self.detectable = detectable
        self.verdict = verdict
        self.coordinates = coordinates
        self.references = references
    }

    /// pass → true, fail → false, not judged → nil.
    @inline(never)
    public var pass: Bool? { verdict.passed }

    /// The reason a row is not judged, if given.
    @inline(never)
    public var reason: String? {
        if case .notJudged(let reason) = verdict { return reason }
        return nil
    }

    /// The number of the coordinate or reference called `name`, if the row has one.
    public subscript(_ name: String) -> Double? {
        (coordinates + references).first { $0.name == name }?.value.number
    }

    /// The row judged once its whole family is known (a Bonferroni test needs the number of judged rows).
    public func judged(_ verdict: Verdict, z: Double?, detectable: Double?) -> Check {
        var copy = self
        copy.verdict = verdict
        copy.z = z
        copy.detectable = detectable
        return copy
    }

    /// (measured − predicted)/SE when both exist and SE > 0.
    public static func standardScore(measured: Double, predicted: Double?, standardError: Double?) -> Double? {
        guard let predicted, let se = standardError, se > 0, measured.isFinite else { return nil }
        return (measured - predicted) / se
    }
}

/// The name of a compared quantity and, for indexed families (μ_k, μ_{k+1}/μ_k, χ_k), its index.
public struct Quantity: Hashable, Sendable, CustomStringConvertible {
    /// snake_case; one name per quantity across every output.
    public let name: String
    /// k for indexed quantities; nil otherwise.
    public let index: Int?

    public init(_ name: String, index: Int? = nil) {
        self.name = name
        self.index = index
    }

    /// "variance 2", "outlier_count".
    public var description: String { name + (index.map { " \($0)" } ?? "") }

    public static func variance(_ k: Int) -> Quantity { Quantity("variance", index: k) }
    public static func ratio(_ k: Int) -> Quantity { Quantity("variance_ratio", index: k) }
    public static func explainedStress(_ k: Int) -> Quantity { Quantity("explained_stress", index: k) }
    public static let hyperRibbon = Quantity("hyper_ribbon")
}

/// A named value in a report: a parameter, a coordinate or a reference column.
public struct Field: Sendable {
    public let name: String
    public let value: ReportValue

    public init(_ name: String, _ value: ReportValue) {
        self.name = name
        self.value = value
    }
}

/// A value as it is written: integers stay integers, missing values are `null` (JSON) or empty (CSV).
public enum ReportValue: Sendable, Equatable {
    case integer(Int)
    case number(Double)
    case text(String)
    case bool(Bool)
    case missing

    /// A double, or missing.
    public static func number(_ x: Double?) -> ReportValue { x.map(ReportValue.number) ?? .missing }
    /// An integer, or missing.
    public static func integer(_ x: Int?) -> ReportValue { x.map(ReportValue.integer) ?? .missing }
    /// A whole-number double (a step count such as 1e6) as an integer, else as a double.
    public static func count(_ x: Double) -> ReportValue {
        if let i = Int(exactly: x) { return .integer(i) }
        return .number(x)
    }

    /// The numeric value of an integer or number.
    public var number: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let x): return x
        default: return nil
        }
    }
}
