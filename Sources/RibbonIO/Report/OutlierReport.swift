import RibbonCore
import RibbonSim

/// What `ribbon outliers` reports: the closed forms of one model at one point (tagged), and, if
/// simulated, the measured quantities ± SE beside the predictions with pass/fail (``report``).
public struct OutlierReport: Sendable {
    /// logit, mixture, rem or goldilocks.
    public let model: String
    /// The model's parameters, in order, for outputs.
    public let parameters: [(String, JSONValue)]
    /// The closed forms at this point.
    public let predictions: [Prediction]
    /// The simulation comparison (nil: not simulated).
    public let simulation: OutlierSimulation?

    public init(
        model: String, parameters: [(String, JSONValue)], predictions: [Prediction], simulation: OutlierSimulation?
    ) {
        self.model = model
        self.parameters = parameters
        self.predictions = predictions
        self.simulation = simulation
    }

    /// The separation rule and tolerance, printed with every simulation.
    public static let rule =
        "outlier: eigenvalue > predicted bulk edge × \(1 + OutlierSimulation.edgeMargin); near the BBP threshold (finite-size "
        + "smearing) the count is not judged where (1 + θ)(1 + γ/θ)/(1 + √γ)² ≤ \(OutlierSimulation.judgedSeparation), location and overlap² "
        + "where it is ≤ \(OutlierSimulation.judgedLocationSeparation); location and overlap² from the top s eigenpairs (s = spike count); "
        + "pass: count equal in every seed, location and overlap² within max(t·SE, \(Int(OutlierSimulation.finiteSizeAllowance * 100))%) "
        + "of the prediction (finite-size corrections are O(D^{−1/2}); t: Student quantile Bonferroni-corrected over the judged rows, "
        + "family-wise false-fail ≤ α from sampling noise; 'detectable' = max(5%, δ·SE)/|predicted|, δ the 90%-power shift of the t test); logit f_top = ‖P_top∇L‖²/‖∇L‖² for i.i.d. uniform labels "
        + "beside OUTLIERS.md's formula from each sample's own residuals (a large-θ² form: shown, not judged)"

    /// The rule of this report's simulation.
    var ruleText: String {
        guard let s = simulation else { return Self.rule }
        return s.model == .confident
            ? ClassResolvedSimulation.rule : Self.rule + (s.test.map { "; " + $0.description } ?? "")
    }

    /// The report: the closed forms as predictions, the simulated rows as checks, the rule as a convention.
    public var report: Report {
        var conventions: [Field] = []
        var summary: [Field] = []
        if let s = simulation {
            conventions.append(Field("rule", .text(ruleText)))
            summary.append(Field("seeds", .text("\(s.seeds.count) seeds from \(s.seeds.first ?? 0)")))
        }
        return Report(
            study: "outliers \(model)", title: "outliers \(model) (OUTLIERS.md)",
            parameters: parameters.map { Field($0.0, ReportValue(json: $0.1)) }, conventions: conventions,
            predictions: predictions, checks: simulation?.rows ?? [], summary: summary)
    }
}
