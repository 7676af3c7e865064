import RibbonCore
import RibbonSim

/// What `ribbon align` prints: SGD on the Gaussian mixture against the effective-dynamics ODE and
/// the test-matrix closed forms, one row per quantity, dimension and checkpoint.
public struct AlignReport: Sendable {
    public let check: AlignmentVerification

    public init(_ check: AlignmentVerification) { self.check = check }

    /// The conventions and rules, printed with every output.
    public var conventions: [(String, String)] {
        let s = check.setting
        return [
            ("sgd", "online SGD, one fresh sample per step: x ← (1 − δβ)x − δ(π(xY) − e_y)Yᵀ, δ = c_δ/d, t = step·δ, x₀ = 0"),
            ("data", "Y = μ_y + Z, Z ~ N(0, I_d/λ), orthonormal means μ_b = e_b (|μ| = 1), uniform class prior 1/k"),
            ("ode", "effective dynamics of OUTLIERS.md §2 (asymptotic, d → ∞) with Stein's lemma; GSL rk8pd, tolerance 1e-9 relative"),
            ("expectations", check.expectation.description),
            ("statistics", "m_diag, m_offdiag: means of the diagonal / off-diagonal m_ab = x^a·μ_b; R_perp_* likewise for R⊥_ab"),
            ("test_matrices", "M̃ fresh samples; Hessian blocks (π_aδ_ab − π_aπ_b)YYᵀ + βδ_ab I; G blocks r_c²YYᵀ (no ridge)"),
            ("outlier_rule", "eigenvalue > measured bulk edge × \(1 + OutlierSimulation.edgeMargin); the edge is the top eigenvalue with the mean directions projected out of the inputs"),
            ("full_hessian_groups", "above-edge eigenvalues split into outliers / mini-bulk at their largest ratio if > \(AlignmentVerification.groupGap)"),
            ("alignment_residual", "‖P⊥ x^c‖/‖x^c‖ off the top-k eigenspace of the class-c Hessian (or G) block, mean over c"),
            ("f_top", "‖P_top g‖²/‖g‖², g the test gradient, P_top the top-k eigenvectors of the full Hessian (only when they form the k-outlier group)"),
            ("pass_rule", "statistics within max(t·SE, \(Int(AlignmentVerification.relativeTolerance * 100))% of |ODE|, \(AlignmentVerification.absoluteTolerance)) (t > 0); "
                + "locations and overlaps within max(t·SE, \(Int(OutlierSimulation.finiteSizeAllowance * 100))%); \(check.test.description); "
                + "counts in every run (x = 0); the trained-regime groups k + k(k − 2) shown, not judged; convergence exponent −½ ± 0.15; "
                + "'detectable' = relative deviation found with 90% power, max(allowance, δ·SE)/|predicted| with δ the 90%-power shift of the t test"),
            ("setting", "k = \(s.classes), λ = \(s.lambda), β = \(s.ridge), c_δ = \(s.stepConstant)"),
        ]
    }

    /// Aligned text for people.
    public func table() -> String {
        var lines = ["ribbon \(RunMetadata.version) · align: online SGD on a \(check.setting.classes)-class Gaussian mixture vs effective dynamics (OUTLIERS.md §2)"]
        lines += conventions.map { "  \($0.0): \($0.1)" }
        lines.append("  runs: \(check.plan.runs) seeds from \(check.plan.seed)")
        lines.append("")
        var t = TextTable(headers: ["d", "t", "quantity", "tag", "predicted", "measured", "SE", "detectable", "result"],
                          alignments: [.right, .right, .left, .left, .right, .right, .right, .right, .left])
        for r in check.rows {
            t.append([r.dimension == 0 ? "all" : String(r.dimension), NumberFormat.short(r.time), r.quantity, r.tag?.rawValue ?? "measured",
                      r.predicted.map { NumberFormat.short($0) } ?? "—", NumberFormat.short(r.measured), NumberFormat.short(r.standardError),
                      r.detectable.map { String(format: "%.1f%%", 100 * $0) } ?? "", r.pass.map { $0 ? "pass" : "FAIL" } ?? "—"])
        }
        lines.append(t.render())
        let worst = check.rows.compactMap(\.detectable).max().map { "; could detect deviations ≥ \(String(format: "%.1f%%", 100 * $0)) (90% power, family-wise false-fail ≤ \(check.test.alpha) from sampling noise)" } ?? ""
        lines.append((check.passed ? "all judged rows pass" : "FAILED: see the rows marked FAIL") + worst)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Long CSV: one row per quantity, dimension and time (dimension 0: across dimensions).
    public func csv() -> String {
        var table = CSVTable(header: ["dimension", "time", "quantity", "tag", "predicted", "measured", "standard_error", "runs", "detectable", "pass"])
        for r in check.rows {
            table.append([.integer(r.dimension), .number(r.time), .text(r.quantity), .text(r.tag?.rawValue ?? "measured"),
                          .number(r.predicted), .number(r.measured), .number(r.standardError), .integer(check.plan.runs),
                          .number(r.detectable), .bool(r.pass)])
        }
        return table.render()
    }

    /// Parameters for JSON outputs and sidecars.
    public var parameters: [(String, JSONValue)] {
        let s = check.setting, p = check.plan
        return [("classes", .integer(s.classes)), ("lambda", .number(s.lambda)), ("ridge", .number(s.ridge)),
                ("step_constant", .number(s.stepConstant)), ("dimensions", .array(p.dimensions.map { .integer($0) })),
                ("times", .numbers(p.times)), ("runs", .integer(p.runs)), ("seed", .integer(Int(p.seed))),
                ("test_samples_per_dimension", p.testSampleRatio.map { .number($0) } ?? .null)]
    }

    /// One JSON object with provenance.
    public func json(metadata: RunMetadata) -> JSONValue {
        .object([("version", .string(RunMetadata.version)), ("parameters", .object(parameters)),
                 ("conventions", .object(conventions.map { ($0.0, .string($0.1)) })), ("passed", .bool(check.passed)),
                 ("test", .object([("alpha", .number(check.test.alpha)), ("critical_value", .number(check.test.critical)),
                                   ("judged_rows", .integer(check.test.rows))])),
                 ("rows", .array(check.rows.map { r in
                     .object([("dimension", .integer(r.dimension)), ("time", .number(r.time)), ("quantity", .string(r.quantity)),
                              ("tag", r.tag.map { .string($0.rawValue) } ?? .string("measured")), ("predicted", r.predicted.map(JSONValue.number) ?? .null),
                              ("measured", .number(r.measured)), ("standard_error", .number(r.standardError)),
                              ("detectable", .optional(r.detectable)), ("pass", r.pass.map { .bool($0) } ?? .null)])
                 })),
                 ("provenance", metadata.json())])
    }
}
