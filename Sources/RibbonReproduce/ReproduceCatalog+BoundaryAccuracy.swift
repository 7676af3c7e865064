import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `reproduce boundary_accuracy`: every closed form of BOUNDARIES.md §2 against the exact boundaries on the
/// grid of §3 and an off-grid set, in the spec's setting (geometric, ηλ₁ = 1, σ₀ = 1, weights target,
/// HR(0.5, 1e-3), d = 200). A cell counts when the form is within 10% of the exact boundary; an always/never
/// cell counts only if the status is right.
extension ReproduceCatalog {
    static let accuracySlopes = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3]
    static let accuracySteps: [Double] = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000]
    static let accuracyRatios: [Double] = [0.3, 1, 3, 10, 30, 100, 1000]
    /// The searched ranges: the default ratio range, T up to 1e6, and c in 0.25…4 (below c ≈ 0.1 d = 200
    /// no longer holds an unconverged tail).
    static let accuracyRanges: [BoundaryAxis: ClosedRange<Double>] = [
        .ratio: 1e-3...1e4, .steps: 1...1e6, .slope: 0.25...4,
    ]
    static let accuracyTolerance = 0.1

    /// One boundary cell: where it was traced from and what every form said.
    struct AccuracyCell: Sendable {
        let axis: BoundaryAxis
        let slope: Double?, steps: Double?, ratio: Double?
        let offGrid: Bool
        let analysis: BoundaryAnalysis
    }

    static func accuracyPoint(slope: Double, steps: Double, ratio: Double) throws(RibbonError) -> PhasePoint {
        PhasePoint(
            model: .geometric(lambda1: 1, dimension: 200), shape: slope, knobs: try Knobs(steps: steps, ratio: ratio),
            criterion: criterion)
    }

    /// The cells of one axis over the grid (the axis knob is free) plus `extra` off-grid bases.
    static func accuracyCells(_ axis: BoundaryAxis, extra: [(Double, Double, Double)] = []) throws -> [AccuracyCell] {
        var bases: [(Double, Double, Double, Bool)] = []
        switch axis {
        case .ratio: for c in accuracySlopes { for t in accuracySteps { bases.append((c, t, 1, false)) } }
        case .steps: for c in accuracySlopes { for r in accuracyRatios { bases.append((c, 1, r, false)) } }
        case .slope: for t in accuracySteps { for r in accuracyRatios { bases.append((1, t, r, false)) } }
        case .batch: break
        }
        bases += extra.map { ($0.0, $0.1, $0.2, true) }
        let solver = try BoundarySolver(axis: axis, range: accuracyRanges[axis]!)
        let cells = try parallelMap(bases) { b throws(RibbonError) in
            AccuracyCell(
                axis: axis, slope: axis == .slope ? nil : b.0, steps: axis == .steps ? nil : b.1,
                ratio: axis == .ratio ? nil : b.2, offGrid: b.3,
                analysis: try BoundaryAnalysis(
                    base: try accuracyPoint(slope: b.0, steps: b.1, ratio: b.2), solver: solver))
        }
        return cells
    }

    /// Seeded off-grid bases (c, T, r): c uniform in [0.4, 2.8], T log-uniform in [5, 2e4] (ratio cells),
    /// r log-uniform in [0.5, 500] (steps cells).
    static func offGridBases(count: Int, seed: UInt64) -> [(Double, Double, Double)] {
        var state = seed
        func uniform() -> Double {  // SplitMix64: reproducible on every platform
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        return (0..<count).map { _ in
            let c = (0.4 + 2.4 * uniform() * 1000).rounded() / 1000
            let t = exp(log(5) + (log(2e4) - log(5)) * uniform()).rounded()
            let r = (exp(log(0.5) + (log(500) - log(0.5)) * uniform()) * 1000).rounded() / 1000
            return (c, t, r)
        }
    }

    /// `body` over `items` on every core (the cells are independent), in order.
    static func parallelMap<T: Sendable, U>(_ items: [T], _ body: @Sendable (T) throws(RibbonError) -> U) throws -> [U]
    {
        try SeedStatistics.parallelRuns(items.count) { i throws(RibbonError) in try body(items[i]) }.map {
            try $0.get()
        }
    }

    static func boundaryAccuracy() throws -> [(String, String)] {
        let offGrid = offGridBases(count: 40, seed: 19)
        let ratioCells = try accuracyCells(.ratio, extra: offGrid.prefix(24).map { ($0.0, $0.1, 1) })
        let stepsCells = try accuracyCells(.steps, extra: offGrid.suffix(16).map { ($0.0, 1, $0.2) })
        let slopeCells = try accuracyCells(.slope)
        let all = ratioCells + stepsCells + slopeCells
        let formNames = all.first!.analysis.forms.forms.map(\.name)
        // Tidy rows: one per (cell, form).
        var rows: [[TableCell]] = []
        for cell in all {
            let e = cell.analysis.exact
            for form in cell.analysis.forms.forms + [cell.analysis.forms.best] {
                rows.append([
                    .text(cell.axis.rawValue), .bool(cell.offGrid), .number(cell.slope), .number(cell.steps),
                    .number(cell.ratio),
                    .text(e.status.rawValue), .number(e.value), .text(form.name), .text(form.tag.rawValue),
                    .text(form.status.rawValue), .number(form.value),
                    .number(form.relativeDifference(toExact: e.value)),
                    .bool(form.agrees(with: e, tolerance: accuracyTolerance)), .text(form.mechanism?.rawValue ?? ""),
                    .text(form.name == "recommended" ? (cell.analysis.forms.bestKind?.rawValue ?? "") : ""),
                ])
            }
        }
        let header = [
            "axis", "off_grid", "slope", "steps", "ratio", "exact_status", "exact_value", "form", "tag", "form_status",
            "form_value", "relative_difference", "within_10_percent", "mechanism", "recommended_uses",
        ]
        // Dense verdicts on the 504-point grid.
        var dense: [(Double, Double, Double)] = []
        for c in accuracySlopes { for t in accuracySteps { for r in accuracyRatios { dense.append((c, t, r)) } } }
        let verdicts = try parallelMap(dense) { p throws(RibbonError) -> (Bool, [ClosedFormKind: Bool], Bool?) in
            let point = try accuracyPoint(slope: p.0, steps: p.1, ratio: p.2)
            let exact = criterion.verdict(for: try point.exactWidths(spectrum: try point.spectrum())).isHyperRibbon
            var forms: [ClosedFormKind: Bool] = [:]
            for kind in ClosedFormKind.allCases {
                if let v = try? ClosedFormVerdict.verdict(kind, point: point) { forms[kind] = v.isHyperRibbon }
            }
            return (exact, forms, try ClosedFormVerdict.recommendedVerdict(point: point)?.isHyperRibbon)
        }
        var denseRows: [[TableCell]] = []
        for (p, v) in zip(dense, verdicts) {
            denseRows.append([
                .number(p.0), .number(p.1), .number(p.2), .bool(v.0), .bool(v.1[.smallSteps]),
                .bool(v.1[.derivedComposite]),
                .bool(v.1[.reducedComposite]), .bool(v.2),
            ])
        }
        // Summary: per form, counts of agreeing cells.
        func score(_ cells: [AccuracyCell], _ name: String) -> String {
            var hit = 0, judged = 0
            for cell in cells {
                // The small-T method searches T ≤ 64 only: it is judged on the steps cells whose exact T* is there.
                if name == "small_steps" && cell.axis == .steps
                    && !(cell.analysis.exact.flips.last.map { $0.value <= ClosedFormVerdict.smallStepsLimit } ?? false)
                {
                    continue
                }
                let form =
                    name == "recommended"
                    ? cell.analysis.forms.best : cell.analysis.forms.forms.first { $0.name == name }
                guard let form, form.status != .outsideMeasuredRange, form.status != .notApplicable else { continue }
                judged += 1
                if form.agrees(with: cell.analysis.exact, tolerance: accuracyTolerance) { hit += 1 }
            }
            return judged == 0 ? "—" : "\(hit)/\(judged)"
        }
        func denseScore(_ pick: ((Bool, [ClosedFormKind: Bool], Bool?)) -> Bool?) -> String {
            var hit = 0, judged = 0
            for v in verdicts { if let f = pick(v) { judged += 1; if f == v.0 { hit += 1 } } }
            return judged == 0 ? "—" : String(format: "%d/%d (%.1f%%)", hit, judged, 100 * Double(hit) / Double(judged))
        }
        let onGrid = { (cells: [AccuracyCell]) in cells.filter { !$0.offGrid } }
        let offCells = { (cells: [AccuracyCell]) in cells.filter { $0.offGrid } }
        var md = """
            Closed-form boundaries against the exact ones (BOUNDARIES.md §3 grid: c ∈ {0.5 … 3} (8), T ∈ {1 … 1e4} (9), \
            r ∈ {0.3 … 1000} (7); d = 200, ηλ₁ = 1, σ₀ = 1, weights target, HR(0.5, 1e-3)). A cell counts when the form is \
            within 10% of the exact boundary, status included (always/never only on the same status). Counts are over the cells \
            where the form gives a value or status ("outside measured range" and "not applicable" cells are left out of its \
            denominator; small_steps is judged on the T* cells whose exact T* ≤ 64). Ranges: r ∈ [1e-3, 1e4], T ∈ [1, 1e6], \
            c ∈ [0.25, 4]. Off-grid: 24 r* and 16 T* cells, seed 19. recommended = small-T for T ≤ 64, else R1 (ribbon's \
            choice); spec_recommended = BOUNDARIES.md §2.7 (small-T, derived composite for 0.25 ≤ c ≤ 2.5, R1 elsewhere).

            | form | tag | r* (\(onGrid(ratioCells).count)) | T* (\(onGrid(stepsCells).count)) | c* (\(slopeCells.count)) | r* off-grid (\(offCells(ratioCells).count)) | T* off-grid (\(offCells(stepsCells).count)) |
            |---|---|---|---|---|---|---|

            """
        for name in formNames + ["recommended"] {
            let tag =
                name.hasSuffix("recommended")
                ? "per point"
                : (all.lazy.compactMap { $0.analysis.forms.forms.first { $0.name == name }?.tag.rawValue }.first ?? "")
            md +=
                "| \(name) | \(tag) | \(score(onGrid(ratioCells), name)) | \(score(onGrid(stepsCells), name)) | \(score(slopeCells, name)) | "
                + "\(score(offCells(ratioCells), name)) | \(score(offCells(stepsCells), name)) |\n"
        }
        md +=
            "\nDense HR verdicts on the 504 grid points, agreement with the exact verdict: "
            + "small_steps \(denseScore { $0.1[.smallSteps] }), derived_composite \(denseScore { $0.1[.derivedComposite] }), "
            + "reduced_composite \(denseScore { $0.1[.reducedComposite] }), recommended \(denseScore { $0.2 }).\n"
        // Derived levels alone (no eigensolve) on the r* cells with 0.25 ≤ c ≤ 2.5.
        let derivedRange = onGrid(ratioCells).filter { ($0.slope ?? 0) <= 2.5 }
        md +=
            "Derived levels alone (derived_composite, no eigensolve) on the \(derivedRange.count) r* cells with c ≤ 2.5: \(score(derivedRange, "derived_composite")).\n"
        return [
            ("boundary_accuracy.csv", csv(header, rows)),
            (
                "boundary_accuracy_dense.csv",
                csv(
                    [
                        "slope", "steps", "ratio", "exact", "small_steps", "derived_composite", "reduced_composite",
                        "recommended",
                    ], denseRows)
            ),
            ("boundary_accuracy.md", md),
        ] + accuracyFigures(ratioCells: onGrid(ratioCells), stepsCells: onGrid(stepsCells), slopeCells: slopeCells)
    }

    /// r*(c) and T*(c) with every form, and the c*(T) phase-diagram boundary with the recommended form.
    static func accuracyFigures(ratioCells: [AccuracyCell], stepsCells: [AccuracyCell], slopeCells: [AccuracyCell])
        -> [(String, String)]
    {
        let styles: [(String, SVGPlot.Series.Style, String)] = [
            ("exact", .lineAndMarkers, "#111111"), ("recommended", .lineAndMarkers, "#d1495b"),
            ("derived_composite", .dashed, "#1b4f9c"),
            ("reduced_composite", .dashed, "#2a9d55"), ("small_steps", .markers, "#edae49"),
            ("P3_prime", .dashed, "#6a4c93"),
            ("P2_derived", .dashed, "#00798c"), ("P2", .dashed, "#6a4c93"), ("P1", .dashed, "#6a4c93"),
        ]
        func value(_ cell: AccuracyCell, _ name: String) -> Double? {
            switch name {
            case "exact": return cell.analysis.exact.value
            case "recommended": return cell.analysis.forms.best.value
            default: return cell.analysis.forms.forms.first { $0.name == name }?.value
            }
        }
        func plot(
            _ title: String, cells: [AccuracyCell], x: (AccuracyCell) -> Double, group: (AccuracyCell) -> Double,
            groups: [Double],
            xAxis: PlotAxis, yAxis: PlotAxis, names: [String]
        ) -> String {
            var p = SVGPlot(title: title, x: xAxis, y: yAxis)
            p.width = 860
            p.height = 520
            p.legendCorner = .bottomLeft
            for g in groups {
                for (name, style, color) in styles where names.contains(name) {
                    let pts = cells.filter { group($0) == g }.compactMap { c in value(c, name).map { (x: x(c), y: $0) }
                    }
                    guard !pts.isEmpty else { continue }
                    p.series.append(
                        .init(label: "\(name), \(NumberFormat.compact(g))", points: pts, style: style, color: color))
                }
            }
            return p.render()
        }
        let ratio = plot(
            "r*(c): exact vs every form · T = 100 and 1000 (d = 200, ηλ₁ = 1, σ₀ = 1, HR(0.5, 1e-3))",
            cells: ratioCells, x: { $0.slope! }, group: { $0.steps! }, groups: [100, 1000],
            xAxis: PlotAxis(label: "slope c", scale: .log, low: 0.45, high: 3.3),
            yAxis: PlotAxis(label: "r* (label: form, T)", scale: .log, low: 0.1, high: 1e4),
            names: ["exact", "recommended", "derived_composite", "reduced_composite", "P3_prime"])
        let steps = plot(
            "T*(c): exact vs every form · r = 10 and 1000",
            cells: stepsCells, x: { $0.slope! }, group: { $0.ratio! }, groups: [10, 1000],
            xAxis: PlotAxis(label: "slope c", scale: .log, low: 0.45, high: 3.3),
            yAxis: PlotAxis(label: "T* (outermost flip; label: form, r)", scale: .log, low: 1, high: 1e6),
            names: [
                "exact", "recommended", "derived_composite", "reduced_composite", "small_steps", "P2_derived", "P2",
            ])
        let slope = plot(
            "Phase boundary c*(T): exact vs recommended · r = 10 and 1000",
            cells: slopeCells, x: { $0.steps! }, group: { $0.ratio! }, groups: [10, 1000],
            xAxis: PlotAxis(label: "steps T", scale: .log, low: 0.8, high: 1.3e4),
            yAxis: PlotAxis(label: "c* (outermost flip; label: form, r)", scale: .log, low: 0.2, high: 5),
            names: ["exact", "recommended", "P1"])
        return [
            ("boundary_accuracy_ratio.svg", ratio), ("boundary_accuracy_steps.svg", steps),
            ("boundary_accuracy_slope.svg", slope),
        ]
    }
}
