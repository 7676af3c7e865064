import RibbonCore

/// The columns of a scan table and how a grid point becomes a row. One row per grid point
/// (tidy: one observation per row, one variable per column), the same columns in every format.
public struct ScanSchema: Sendable {
    /// `dense`: exact widths and closed forms per point; `boundaries`: the exact boundary along the traced
    /// axis per point.
    public enum Mode: String, Sendable { case dense, boundaries }

    /// What each row records.
    public let mode: Mode
    /// Leading variances and ratios recorded per point.
    public let top: Int
    /// The axis traced in boundary mode (its parameter column is left out); nil in dense mode.
    public let tracedAxis: BoundaryAxis?

    /// A schema; `top` (≥ 1) is the number of leading variances and ratios in dense rows.
    public init(mode: Mode, top: Int, tracedAxis: BoundaryAxis?) {
        self.mode = mode
        self.top = top
        self.tracedAxis = tracedAxis
    }

    /// Columns that identify a point (resume and merge match rows on these).
    public var parameterColumns: [String] {
        [
            "index", "spectrum", "slope", "alpha", "dim", "lambda1", "target", "dynamics",
            "eta", "steps", "ratio", "sigma0", "rho", "epsilon", "batch", "label_noise",
        ].filter { $0 != tracedAxis?.rawValue }
    }

    /// Columns after the parameter columns: status, error message and the point's results.
    public var resultColumns: [String] {
        switch mode {
        case .dense:
            return [
                "status", "error", "hyper_ribbon", "k_epsilon", "worst_ratio", "worst_index", "fitted_decay_rate",
                "floored_count", "engine", "k_epsilon_max", "ratios_tested", "variance_error_bound",
            ]
                + (1...top).map { "mu_\($0)" } + (1...top).map { "variance_ratio_\($0)" } + ["chi_1", "chi_2", "chi_3"]
                + PointEvaluation.predictionColumns.map(\.name) + ["closed_form_hyper_ribbon", "closed_form"]
        case .boundaries:
            return [
                "status", "error", "axis", "exact_status", "exact", "search_from", "search_to", "flips", "flip_values",
                "flip_directions", "flip_kinds", "evaluations", "best_closed_form", "best_closed_form_value",
                "best_closed_form_status", "best_closed_form_mechanism", "best_relative_difference",
            ] + formColumns.flatMap { [$0, $0 + "_relative_difference"] }
        }
    }

    /// The kind of every result column, in order.
    public var resultKinds: [ScanCellKind] {
        switch mode {
        case .dense:
            return [
                .text, .text, .bool, .integer, .number, .integer, .number, .integer, .text, .integer, .integer, .number,
            ]
                + Array(repeating: .number, count: 2 * top + 3)
                + PointEvaluation.predictionColumns.map { $0.name == "n_f" ? .integer : .number } + [.bool, .text]
        case .boundaries:
            return [
                .text, .text, .text, .text, .number, .number, .number, .integer, .text, .text, .text, .integer, .text,
                .number, .text, .text, .number,
            ]
                + Array(repeating: .number, count: 2 * formColumns.count)
        }
    }

    /// One value column per closed form of the traced axis (BOUNDARIES.md §2), in lower case (`p3`, `p3_prime`).
    var formColumns: [String] { tracedAxis.map { BoundaryForms.names(axis: $0).map { $0.lowercased() } } ?? [] }

    /// All columns, parameters first.
    public var columns: [String] { parameterColumns + resultColumns }

    /// What each column means, with its tag, for the metadata sidecar and the docs.
    public var columnDocumentation: [(String, String)] {
        var docs: [(String, String)] = [
            ("index", "global grid index (row-major; ratio r varies fastest; grid_order 2)"),
            (
                "batch",
                "SGD batch size B (empty: full-batch GD); SGD rows use the exact SGD covariance (Gaussian inputs, with replacement)"
            ),
            ("label_noise", "SGD label-noise standard deviation σ_ε"),
            ("status", "ok, or error (the point failed; see error)"),
            ("hyper_ribbon", "[criterion] HR(ρ*, ε) verdict from the exact covariance"),
            (
                "k_epsilon",
                "[criterion] K_ε (large-d engine: the lower end of its proven range when it lies beyond the computed variances)"
            ),
            (
                "worst_ratio",
                "[exact] max μ_{k+1}/μ_k over the ratios_tested ratios k < K_ε (a lower bound when ratios_tested < k_epsilon − 1)"
            ),
            (
                "engine",
                "dense (every variance of the truncated matrix) or low-rank (large-d engine: C ≈ D + LLᵀ, certified leading variances only; chosen when more than 400 modes are kept)"
            ),
            ("k_epsilon_max", "[criterion] upper end of K_ε's proven range (= k_epsilon when exact)"),
            (
                "ratios_tested",
                "ratios μ_{k+1}/μ_k examined (k_epsilon − 1 unless the large-d engine stopped at a failing one)"
            ),
            (
                "variance_error_bound",
                "proven bound on |μ_k − exact| / μ₁ beyond the eigensolver's rounding: truncation (dense), + factorisation and Krylov certificate (low-rank)"
            ),
            ("mu_k", "[exact] variance μ_k"),
            ("variance_ratio_k", "[exact] μ_{k+1}/μ_k (the knob r is the column ratio)"),
            ("chi_k", "[exact] explained stress χ_k"),
            ("exact", "[exact] outermost flip of HR along the traced axis (empty when always/never)"),
            (
                "exact_status",
                "boundary, multiple, always or never; always/never hold within [search_from, search_to] only"
            ),
            ("search_from", "low end of the searched range of the traced axis"),
            ("search_to", "high end of the searched range of the traced axis"),
            (
                "closed_form_hyper_ribbon",
                "HR verdict of the recommended closed form (BOUNDARIES.md §2.7; empty outside its measured setting); for T ≤ 64 the small-T method is exact and equals hyper_ribbon"
            ),
            (
                "closed_form",
                "the form behind closed_form_hyper_ribbon: small_steps [exact], derived_composite [asymptotic] or reduced_composite [reduced]"
            ),
            (
                "best_closed_form",
                "the form §2.7 recommends for this boundary (small_steps, derived_composite, reduced_composite; empty outside the measured setting)"
            ),
            (
                "best_closed_form_value",
                "its boundary (outermost flip; empty when its status is always/never/outside measured range)"
            ),
            ("best_closed_form_status", "boundary, multiple, always, never, outside measured range"),
            (
                "best_closed_form_mechanism",
                "jump (K_ε jumps), root (a junction ratio crosses ρ*) or P2 (the signal's own ratio exceeds ρ*)"
            ),
            ("best_relative_difference", "(best_closed_form_value − exact)/exact"),
        ]
        if let axis = tracedAxis {
            docs += BoundaryForms.names(axis: axis).flatMap {
                [
                    (
                        $0.lowercased(),
                        "closed-form boundary by the form \($0) (outermost flip; tag and formula in `ribbon boundary --format json`)"
                    ),
                    ($0.lowercased() + "_relative_difference", "(\($0.lowercased()) − exact)/exact"),
                ]
            }
        }
        docs += PointEvaluation.predictionColumns.map { ($0.name, "[\($0.tag.rawValue)] \($0.meaning)") }
        return docs
    }

    /// The parameter cells of grid point `index`.
    public func parameterCells(_ grid: ScanGrid, index: Int) -> [TableCell] {
        let p = grid.parameters(at: index)
        var slope: Double? = nil, alpha: Double? = nil
        let dim: Int, lambda1: Double
        switch p.model {
        case .geometric(let l, let d): slope = p.shape; dim = d; lambda1 = l
        case .powerLaw(let l, let d): alpha = p.shape; dim = d; lambda1 = l
        case .fixed(let s): dim = s.dimension; lambda1 = s.lambda1
        }
        let all: [(String, TableCell)] = [
            ("index", .integer(index)), ("spectrum", .text(p.model.name)), ("slope", .number(slope)),
            ("alpha", .number(alpha)),
            ("dim", .integer(dim)), ("lambda1", .number(lambda1)), ("target", .text(p.target.rawValue)),
            ("dynamics", .text(p.dynamics.rawValue)), ("eta", .number(p.eta)), ("steps", .count(p.steps)),
            ("ratio", .number(p.ratio)), ("sigma0", .number(p.sigma0)), ("rho", .number(p.rho)),
            ("epsilon", .number(p.epsilon)),
            ("batch", .integer(p.batch)), ("label_noise", .number(p.labelNoise)),
        ]
        return all.filter { $0.0 != tracedAxis?.rawValue }.map(\.1)
    }

    /// Result cells of a failed point: its status and message, every other cell empty.
    public func failureCells(_ message: String) -> [TableCell] {
        [.text("error"), .text(message)] + Array(repeating: TableCell.text(""), count: resultColumns.count - 2)
    }

    /// Result cells of a dense-mode point.
    public func denseCells(_ e: PointEvaluation) -> [TableCell] {
        func padded(_ xs: [Double]) -> [TableCell] { (0..<top).map { $0 < xs.count ? .number(xs[$0]) : .number(nil) } }
        return [
            .text("ok"), .text(""), .bool(e.verdict.isHyperRibbon), .integer(e.verdict.kEpsilon),
            .number(e.verdict.worstRatio), .integer(e.verdict.worstIndex), .number(e.fittedDecayRate),
            .integer(e.flooredCount), .text(e.method.rawValue),
            .integer(e.verdict.kEpsilonMaximum), .integer(e.verdict.ratiosExamined),
            .number(e.topVariances.first.map { $0 > 0 ? e.errorBound / $0 : 0 }),
        ]
            + padded(e.topVariances) + padded(e.topRatios)
            + (0..<3).map { $0 < e.explainedStress.count ? .number(e.explainedStress[$0]) : .number(nil) }
            + zip(PointEvaluation.predictionColumns, e.predictions).map { column, value in
                // N_f is a block size: an integer column.
                column.name == "n_f" ? .integer(value.flatMap { Int(exactly: $0) }) : .number(value)
            } + [.bool(e.closedFormVerdict), .text(e.closedFormKind?.rawValue ?? "")]
    }

    /// Result cells of a boundary-mode point.
    public func boundaryCells(_ b: BoundaryAnalysis) -> [TableCell] {
        let flips = b.exact.flips
        let best = b.forms.best
        return [
            .text("ok"), .text(""), .text(b.exact.axis.rawValue), .text(b.exact.status.rawValue),
            .number(b.exact.value), .number(b.exact.range.lowerBound), .number(b.exact.range.upperBound),
            .integer(flips.count), .text(flips.map { NumberFormat.roundTrip($0.value) }.joined(separator: ";")),
            .text(flips.map { $0.entersHyperRibbon ? "enters" : "leaves" }.joined(separator: ";")),
            .text(flips.map(\.kind.rawValue).joined(separator: ";")), .integer(b.exact.evaluations),
            .text(b.forms.bestKind?.rawValue ?? ""), .number(best.value), .text(best.status.rawValue),
            .text(best.mechanism?.rawValue ?? ""), .number(best.relativeDifference(toExact: b.exact.value)),
        ]
            + BoundaryForms.names(axis: b.exact.axis).flatMap { name -> [TableCell] in
                let form = b.forms.form(named: name)
                return [.number(form?.value), .number(form?.relativeDifference(toExact: b.exact.value))]
            }
    }
}
