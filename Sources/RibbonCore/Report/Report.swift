/// What a study found, in the one shape every output is rendered from: the parameters it ran at, the
/// conventions that fix the meaning of its numbers, its closed-form predictions (tagged) and its checks
/// against measurement (``Check``), plus a few summary values. Provenance (version, commit, GSL, command
/// line) is added by the writer, which knows the run.
///
/// Why: one report lets one writer honour every format (table, CSV, JSON, JSON Lines, Markdown) for
/// every study, with the parameters on every CSV row and one name per quantity.
public struct Report: Sendable {
    /// The study's name as in outputs: `verify`, `outliers logit`, `align`, …
    public let study: String
    /// The first line a person reads.
    public let title: String
    /// The parameters, in order; written on every CSV/JSON Lines row.
    public var parameters: [Field]
    /// Conventions and rules, `name: text`, printed with every output.
    public var conventions: [Field]
    /// Tagged closed forms at these parameters.
    public var predictions: [Prediction]
    /// Predicted against measured.
    public var checks: [Check]
    /// Study-level results (the test's α and critical value, the simulated verdict, …).
    public var summary: [Field]

    public init(
        study: String, title: String, parameters: [Field], conventions: [Field] = [],
        predictions: [Prediction] = [], checks: [Check] = [], summary: [Field] = []
    ) {
        self.study = study
        self.title = title
        self.parameters = parameters
        self.conventions = conventions
        self.predictions = predictions
        self.checks = checks
        self.summary = summary
    }

    /// Judged rows that fail.
    public var failed: Int { checks.filter { $0.verdict == .fail }.count }
    /// Rows that were judged.
    public var judged: Int { checks.filter { $0.pass != nil }.count }
    /// Whether no judged row fails (nil when nothing was compared).
    public var passed: Bool? { checks.isEmpty ? nil : failed == 0 }
}
