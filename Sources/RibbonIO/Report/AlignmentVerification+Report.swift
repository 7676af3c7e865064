import RibbonCore
import RibbonSim

/// `ribbon align` as a ``Report``: SGD on the Gaussian mixture against the effective-dynamics ODE and
/// the test-matrix closed forms, one check per quantity, dimension and checkpoint.
extension AlignmentVerification {

    /// The conventions and rules, printed with every output.
    public var reportConventions: [(String, String)] {
        let s = setting
        return [
            (
                "sgd",
                "online SGD, one fresh sample per step: x ← (1 − δβ)x − δ(π(xY) − e_y)Yᵀ, δ = c_δ/d, t = step·δ, x₀ = 0"
            ),
            ("data", "Y = μ_y + Z, Z ~ N(0, I_d/λ), orthonormal means μ_b = e_b (|μ| = 1), uniform class prior 1/k"),
            (
                "ode",
                "effective dynamics of OUTLIERS.md §2 (asymptotic, d → ∞) with Stein's lemma; GSL rk8pd, tolerance 1e-9 relative"
            ),
            ("expectations", expectation.description),
            (
                "statistics",
                "m_diag, m_offdiag: means of the diagonal / off-diagonal m_ab = x^a·μ_b; R_perp_* likewise for R⊥_ab"
            ),
            (
                "test_matrices",
                "M̃ fresh samples; Hessian blocks (π_aδ_ab − π_aπ_b)YYᵀ + βδ_ab I; G blocks r_c²YYᵀ (no ridge)"
            ),
            (
                "outlier_rule",
                "eigenvalue > measured bulk edge × \(1 + OutlierSimulation.edgeMargin); the edge is the top eigenvalue with the mean directions projected out of the inputs"
            ),
            (
                "full_hessian_groups",
                "above-edge eigenvalues split into outliers / mini-bulk at their largest ratio if > \(AlignmentVerification.groupGap)"
            ),
            (
                "alignment_residual",
                "‖P⊥ x^c‖/‖x^c‖ off the top-k eigenspace of the class-c Hessian (or G) block, mean over c"
            ),
            (
                "f_top",
                "‖P_top g‖²/‖g‖², g the test gradient, P_top the top-k eigenvectors of the full Hessian (only when they form the k-outlier group)"
            ),
            (
                "pass_rule",
                "statistics within max(t·SE, \(Int(AlignmentVerification.relativeTolerance * 100))% of |ODE|, \(AlignmentVerification.absoluteTolerance)) (t > 0); "
                    + "locations and overlaps within max(t·SE, \(Int(OutlierSimulation.finiteSizeAllowance * 100))%); \(test.description); "
                    + "counts in every run (x = 0); the trained-regime groups k + k(k − 2) shown, not judged; convergence exponent −½ ± 0.15; "
                    + "'detectable' = relative deviation found with 90% power, max(allowance, δ·SE)/|predicted| with δ the 90%-power shift of the t test"
            ),
            ("setting", "k = \(s.classes), λ = \(s.lambda), β = \(s.ridge), c_δ = \(s.stepConstant)"),
        ]
    }

    /// The report: every row a check (coordinates dimension and time), the rules as conventions.
    public var report: Report {
        Report(
            study: "align",
            title:
                "align: online SGD on a \(setting.classes)-class Gaussian mixture vs effective dynamics (OUTLIERS.md §2)",
            parameters: reportParameters.map { Field($0.0, ReportValue(json: $0.1)) },
            conventions: reportConventions.map { Field($0.0, .text($0.1)) }, checks: rows,
            summary: [
                Field("alpha", .number(test.alpha)), Field("critical_value", .number(test.critical)),
                Field("judged_rows", .integer(test.rows)),
            ])
    }

    /// Parameters for JSON outputs and sidecars.
    public var reportParameters: [(String, JSONValue)] {
        let s = setting, p = plan
        return [
            ("classes", .integer(s.classes)), ("lambda", .number(s.lambda)), ("ridge", .number(s.ridge)),
            ("step_constant", .number(s.stepConstant)), ("dimensions", .array(p.dimensions.map { .integer($0) })),
            ("times", .numbers(p.times)), ("runs", .integer(p.runs)), ("seed", .integer(Int(p.seed))),
            ("test_samples_per_dimension", p.testSampleRatio.map { .number($0) } ?? .null),
        ]
    }

}
