import RibbonCore
import RibbonSim

/// What `ribbon outliers` prints: the closed forms of one model at one point (tagged), and, if
/// simulated, the measured quantities ± SE beside the predictions with pass/fail.
public struct OutlierReport: Sendable {
    /// logit, mixture, rem or goldilocks.
    public let model: String
    /// The model's parameters, in order, for outputs.
    public let parameters: [(String, JSONValue)]
    /// The closed forms at this point.
    public let predictions: [Prediction]
    /// The simulation comparison (nil: not simulated).
    public let simulation: OutlierSimulation?

    public init(model: String, parameters: [(String, JSONValue)], predictions: [Prediction], simulation: OutlierSimulation?) {
        self.model = model
        self.parameters = parameters
        self.predictions = predictions
        self.simulation = simulation
    }

    /// The separation rule and tolerance, printed with every simulation.
    public static let rule = "outlier: eigenvalue > predicted bulk edge × \(1 + OutlierSimulation.edgeMargin); near the BBP threshold (finite-size "
        + "smearing) the count is not judged where (1 + θ)(1 + γ/θ)/(1 + √γ)² ≤ \(OutlierSimulation.judgedSeparation), location and overlap² "
        + "where it is ≤ \(OutlierSimulation.judgedLocationSeparation); location and overlap² from the top s eigenpairs (s = spike count); "
        + "pass: count equal in every seed, location and overlap² within max(t·SE, \(Int(OutlierSimulation.finiteSizeAllowance * 100))%) "
        + "of the prediction (finite-size corrections are O(D^{−1/2}); t: Student quantile Bonferroni-corrected over the judged rows, "
        + "family-wise false-fail ≤ α from sampling noise; 'detectable' = max(5%, δ·SE)/|predicted|, δ the 90%-power shift of the t test); logit f_top = ‖P_top∇L‖²/‖∇L‖² for i.i.d. uniform labels "
        + "beside OUTLIERS.md's formula from each sample's own residuals (a large-θ² form: shown, not judged)"

    /// The rule of this report's simulation.
    var ruleText: String {
        guard let s = simulation else { return Self.rule }
        return s.model == .confident ? ClassResolvedSimulation.rule : Self.rule + (s.test.map { "; " + $0.description } ?? "")
    }

    /// Aligned text for people.
    public func table() -> String {
        var lines = ["ribbon \(RunMetadata.version) · outliers \(model) (OUTLIERS.md)",
                     "parameters " + parameters.map { "\($0.0)=\(Self.text($0.1))" }.joined(separator: "  "), ""]
        lines.append(WidthAnalysis.predictionTable(title: "closed forms", predictions))
        if let s = simulation {
            lines += ["", "simulated (\(s.seeds.count) seeds from \(s.seeds.first ?? 0)): \(ruleText)"]
            var t = TextTable(headers: ["quantity", "predicted", "measured", "SE", "detectable", "result"], alignments: [.left, .right, .right, .right, .right, .left])
            for r in s.rows {
                t.append([r.quantity, NumberFormat.short(r.predicted), NumberFormat.short(r.measured), NumberFormat.short(r.standardError),
                          r.detectable.map { String(format: "%.1f%%", 100 * $0) } ?? "", r.pass.map { $0 ? "pass" : "FAIL" } ?? "not judged"])
            }
            lines.append(t.render())
            let worst = s.rows.compactMap(\.detectable).max().map { "; could detect deviations ≥ \(String(format: "%.1f%%", 100 * $0)) (90% power)" } ?? ""
            lines.append((s.passed ? "all judged rows pass" : "FAILED: see the rows marked FAIL") + worst)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Long CSV: one row per quantity (closed forms, then simulated rows).
    public func csv() -> String {
        var table = CSVTable(header: ["kind", "quantity", "tag", "value", "measured", "standard_error", "detectable", "pass"])
        for p in predictions {
            table.append([.text("closed_form"), .text(p.name), .text(p.tag.rawValue), .number(p.value), .number(p.exactValue), .number(nil),
                          .number(nil), .bool(nil)])
        }
        for r in simulation?.rows ?? [] {
            table.append([.text("simulated"), .text(r.quantity), .text("asymptotic"), .number(r.predicted), .number(r.measured),
                          .number(r.standardError), .number(r.detectable), .bool(r.pass)])
        }
        return table.render()
    }

    /// One JSON object with provenance.
    public func json(metadata: RunMetadata) -> JSONValue {
        var members: [(String, JSONValue)] = [("version", .string(RunMetadata.version)), ("model", .string(model)),
                                              ("parameters", .object(parameters)),
                                              ("closed_forms", WidthAnalysis.json(predictions))]
        if let s = simulation {
            members.append(("simulation", .object([
                ("seeds", .array(s.seeds.map { .integer(Int($0)) })), ("rule", .string(ruleText)), ("passed", .bool(s.passed)),
                ("rows", .array(s.rows.map { r in
                    .object([("quantity", .string(r.quantity)), ("predicted", .number(r.predicted)), ("measured", .number(r.measured)),
                             ("standard_error", .number(r.standardError)), ("detectable", .optional(r.detectable)),
                             ("pass", r.pass.map { .bool($0) } ?? .null)])
                })),
            ])))
        }
        members.append(("provenance", metadata.json()))
        return .object(members)
    }

    /// A parameter value as printed in tables.
    public static func text(_ v: JSONValue) -> String {
        switch v {
        case .number(let x): return NumberFormat.short(x)
        case .integer(let i): return String(i)
        case .string(let s): return s
        default: return v.serialized(pretty: false)
        }
    }
}
