import Foundation
import RibbonCore

/// `ribbon plot`: a figure of any table ribbon writes, with defaults chosen from its columns.
///
/// - a dense scan (`hyper_ribbon`, `worst_ratio`): a phase map per value of the facet knob, colour = worst
///   ratio, hyper-ribbon cells outlined;
/// - a boundary table (`exact`, `exact_status`, `axis`): the exact boundary against the first knob that varies,
///   one line per setting of the others, the recommended closed form dashed beside it;
/// - a verify table (`quantity`, `z`, `verdict`): the residuals in SE units per point, with ±3 guides;
/// - any other table: `--x` against `--y`, one line per value of `--color`.
///
/// Panels (one per facet value) are stacked in one SVG document.
public struct TablePlot {
    /// Column overrides; nil picks the default for the table's kind.
    public var x: String?
    public var y: String?
    public var color: String?
    public var facet: String?

    public init(x: String? = nil, y: String? = nil, color: String? = nil, facet: String? = nil) {
        self.x = x
        self.y = y
        self.color = color
        self.facet = facet
    }

    /// A parsed CSV table: its columns and rows (cells by column name).
    struct Table {
        let columns: [String]
        let rows: [[String: String]]

        init(_ text: String, source: String) throws(RibbonError) {
            let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { !$0.isEmpty }
            guard let header = lines.first.map(CSVTable.fields), header.count >= 2 else {
                throw RibbonError(.invalidInput, "'\(source)' is not a CSV table (no header line)")
            }
            columns = header
            rows = lines.dropFirst().map { line in
                let cells = CSVTable.fields(line)
                return Dictionary(zip(header, cells), uniquingKeysWith: { a, _ in a })
            }
            guard !rows.isEmpty else { throw RibbonError(.invalidInput, "'\(source)' has a header but no rows") }
        }

        func number(_ row: [String: String], _ column: String) -> Double? {
            row[column].flatMap { Double($0) }.flatMap { $0.isFinite ? $0 : nil }
        }

        /// The knob columns whose values vary over the rows, in table order.
        func varying(_ candidates: [String]) -> [String] {
            candidates.filter { c in columns.contains(c) && Set(rows.map { $0[c] ?? "" }).count > 1 }
        }
    }

    /// Knob columns, in the order a reader expects them on an axis.
    static let knobs = [
        "slope", "alpha", "steps", "ratio", "eta", "sigma0", "dim", "lambda1", "batch", "label_noise",
        "rho", "epsilon", "target", "dynamics", "spectrum",
    ]

    /// The SVG document of `text` (a CSV file's content).
    public func svg(csv text: String, source: String) throws(RibbonError) -> String {
        let table = try Table(text, source: source)
        let panels: [SVGPlot]
        if let x, let y {
            panels = try generic(table, x: x, y: y)
        } else if table.columns.contains("hyper_ribbon") && table.columns.contains("worst_ratio") {
            panels = try phaseMaps(table)
        } else if table.columns.contains("exact") && table.columns.contains("axis") {
            panels = try boundaries(table)
        } else if table.columns.contains("z") && table.rows.contains(where: { table.number($0, "z") != nil }) {
            panels = try residuals(table)
        } else {
            throw RibbonError(
                .invalidInput,
                "'\(source)' is not a table plot knows (a dense scan, a boundary table or a verify table); give --x and --y"
            )
        }
        return Self.stack(panels)
    }

    /// Rows grouped by the value of `column` (one group when nil), in first-seen order.
    static func groups(_ rows: [[String: String]], by column: String?) -> [(key: String, rows: [[String: String]])] {
        guard let column else { return [("", rows)] }
        var order: [String] = [], map: [String: [[String: String]]] = [:]
        for r in rows {
            let k = r[column] ?? ""
            if map[k] == nil { order.append(k) }
            map[k, default: []].append(r)
        }
        return order.map { ($0, map[$0]!) }
    }

    /// Log scale when every value is positive and they span more than a factor of 10.
    static func scale(_ values: [Double]) -> PlotAxis.Scale {
        guard let lo = values.min(), let hi = values.max(), lo > 0, hi / lo > 10 else { return .linear }
        return .log
    }

    func require(_ column: String, in table: Table) throws(RibbonError) {
        guard table.columns.contains(column) else {
            throw RibbonError(
                .invalidParameter,
                "no column '\(column)' in the table (columns: \(table.columns.joined(separator: ", ")))")
        }
    }

    // MARK: Dense scans

    func phaseMaps(_ table: Table) throws(RibbonError) -> [SVGPlot] {
        let ok = table.rows.filter { ($0["status"] ?? "ok") == "ok" }
        let shape = table.varying(["slope"]).isEmpty && table.columns.contains("alpha") ? "alpha" : "slope"
        let yName = y ?? "steps", colorName = color ?? "worst_ratio"
        // A fixed spectrum (a file) has no shape column to vary: the first other varying knob goes on x.
        let xName =
            x ?? (table.varying([shape]).isEmpty ? table.varying(Self.knobs).first { $0 != yName } : nil) ?? shape
        for c in [xName, yName, colorName] { try require(c, in: table) }
        let facetName = facet ?? table.varying(Self.knobs).first { $0 != xName && $0 != yName }
        var panels: [SVGPlot] = []
        for (key, rows) in Self.groups(ok, by: facetName) {
            let xs = Array(Set(rows.compactMap { table.number($0, xName) })).sorted()
            let ys = Array(Set(rows.compactMap { table.number($0, yName) })).sorted()
            guard !xs.isEmpty, !ys.isEmpty else { continue }
            let xScale = Self.scale(xs), yScale = Self.scale(ys)
            func edges(_ v: [Double], _ scale: PlotAxis.Scale) -> [Double] {
                // Cell edges halfway between neighbours (geometric on a log axis).
                guard v.count > 1 else { return scale == .log ? [v[0] / 1.5, v[0] * 1.5] : [v[0] - 0.5, v[0] + 0.5] }
                func mid(_ a: Double, _ b: Double) -> Double { scale == .log ? (a * b).squareRoot() : (a + b) / 2 }
                let inner = zip(v, v.dropFirst()).map { mid($0, $1) }
                let first = scale == .log ? v[0] * v[0] / inner[0] : 2 * v[0] - inner[0]
                let last = scale == .log ? v.last! * v.last! / inner.last! : 2 * v.last! - inner.last!
                return [first] + inner + [last]
            }
            let xe = edges(xs, xScale), ye = edges(ys, yScale)
            var cells: [(x0: Double, x1: Double, y0: Double, y1: Double, value: Double)] = [], outlined: [Int] = []
            var values: [Double] = []
            for r in rows {
                guard let xv = table.number(r, xName), let yv = table.number(r, yName), let i = xs.firstIndex(of: xv),
                    let j = ys.firstIndex(of: yv)
                else { continue }
                let value = table.number(r, colorName) ?? .nan
                if r["hyper_ribbon"] == "true" { outlined.append(cells.count) }
                cells.append((xe[i], xe[i + 1], ye[j], ye[j + 1], value))
                values.append(value)
            }
            let finite = values.filter(\.isFinite)
            let low = colorName == "worst_ratio" ? 0 : finite.min() ?? 0
            let high = colorName == "worst_ratio" ? 1 : max(finite.max() ?? 1, low + 1e-300)
            var plot = SVGPlot(
                title: "Phase map" + (facetName.map { ": \($0) = \(key)" } ?? "")
                    + " · colour = \(colorName), outlined: hyper-ribbon",
                x: PlotAxis(label: xName, scale: xScale, low: xe.first!, high: xe.last!),
                y: PlotAxis(label: yName, scale: yScale, low: ye.first!, high: ye.last!))
            plot.width = 720
            plot.height = 460
            plot.heatmap = .init(cells: cells, low: low, high: high, label: colorName)
            plot.heatmap?.outlined = outlined
            let failed = table.rows.count - ok.count
            if failed > 0 { plot.footnote = "\(failed) point\(failed == 1 ? "" : "s") with status=error not shown" }
            panels.append(plot)
        }
        guard !panels.isEmpty else {
            throw RibbonError(.invalidInput, "no complete row to plot with \(xName) × \(yName); give --x and --y")
        }
        return panels
    }

    // MARK: Boundary tables

    func boundaries(_ table: Table) throws(RibbonError) -> [SVGPlot] {
        let ok = table.rows.filter { ($0["status"] ?? "ok") == "ok" }
        let axis = ok.first?["axis"] ?? table.rows.first?["axis"] ?? "boundary"
        let varying = table.varying(Self.knobs).filter { $0 != axis }
        let xName = x ?? varying.first ?? Self.knobs.first { table.columns.contains($0) && $0 != axis } ?? "slope"
        let yName = y ?? "exact"
        try require(xName, in: table)
        try require(yName, in: table)
        let colorName = color ?? varying.first { $0 != xName && $0 != facet }
        var panels: [SVGPlot] = []
        for (facetKey, facetRows) in Self.groups(ok, by: facet) {
            var series: [SVGPlot.Series] = [], all: [Double] = [], xsAll: [Double] = [], missing = 0
            for (n, (key, rows)) in Self.groups(facetRows, by: colorName).enumerated() {
                let colour = SVGPlot.palette[n % SVGPlot.palette.count]
                var exact: [(x: Double, y: Double)] = [], form: [(x: Double, y: Double)] = []
                for r in rows {
                    guard let xv = table.number(r, xName) else { continue }
                    if let v = table.number(r, yName) { exact.append((xv, v)) } else { missing += 1 }
                    if yName == "exact", let f = table.number(r, "best_closed_form_value") { form.append((xv, f)) }
                }
                exact.sort { $0.x < $1.x }
                form.sort { $0.x < $1.x }
                all += exact.map(\.y) + form.map(\.y)
                xsAll += exact.map(\.x)
                let label = colorName.map { "\($0) = \(key)" } ?? "exact"
                series.append(.init(label: label, points: exact, style: .lineAndMarkers, color: colour))
                if !form.isEmpty { series.append(.init(label: "", points: form, style: .dashed, color: colour)) }
            }
            guard !all.isEmpty else { continue }
            let from = table.number(facetRows[0], "search_from"), to = table.number(facetRows[0], "search_to")
            var plot = SVGPlot(
                title: "Exact \(axis) boundary" + (facet.map { " · \($0) = \(facetKey)" } ?? "")
                    + " (dashed: recommended closed form)",
                x: PlotAxis.fitting(xsAll, label: xName, scale: Self.scale(xsAll)),
                y: PlotAxis.fitting(all, label: yName == "exact" ? "\(axis) boundary" : yName, scale: Self.scale(all)))
            plot.series = series
            plot.width = 760
            plot.legendCorner = .outsideRight
            if missing > 0 {
                let range =
                    from.flatMap { f in to.map { " in [\(NumberFormat.short(f)), \(NumberFormat.short($0))]" } } ?? ""
                plot.footnote =
                    "\(missing) point\(missing == 1 ? "" : "s") with no boundary\(range) (always/never) not shown"
            }
            panels.append(plot)
        }
        return panels
    }

    // MARK: Verify tables

    func residuals(_ table: Table) throws(RibbonError) -> [SVGPlot] {
        let judged = table.rows.filter { $0["row"] != "prediction" && table.number($0, "z") != nil }
        guard !judged.isEmpty else {
            throw RibbonError(.invalidInput, "the verify table has no judged rows (no z values)")
        }
        let pointKey = table.columns.contains("scan_index") ? "scan_index" : nil
        var series: [SVGPlot.Series] = [], n = 0, maxAbs = 3.0
        var position = 0.0
        for (key, rows) in Self.groups(judged, by: pointKey) {
            for (side, sideRows) in Self.groups(rows, by: table.columns.contains("side") ? "side" : nil) {
                var pts: [(x: Double, y: Double)] = []
                for r in sideRows {
                    position += 1
                    let z = table.number(r, "z")!
                    maxAbs = max(maxAbs, abs(z))
                    pts.append((position, z))
                }
                let label = (pointKey == nil ? "point" : "row \(key)") + (side.isEmpty ? "" : " \(side)")
                series.append(
                    .init(label: label, points: pts, style: .markers, color: SVGPlot.palette[n % SVGPlot.palette.count])
                )
                n += 1
                position += 1
            }
        }
        let failed = judged.filter { $0["verdict"] == "fail" }.count
        var plot = SVGPlot(
            title: "Residuals (measured − expected)/SE of every judged row · \(failed) of \(judged.count) fail",
            x: PlotAxis(label: "judged rows, grouped by point", scale: .linear, low: 0, high: position),
            y: PlotAxis(label: "z (SE units)", scale: .linear, low: -maxAbs * 1.1, high: maxAbs * 1.1))
        plot.series =
            [
                .init(label: "±3 SE", points: [(0, 3), (position, 3)], style: .dashed, color: "#888888"),
                .init(label: "", points: [(0, -3), (position, -3)], style: .dashed, color: "#888888"),
            ] + series
        plot.width = 860
        plot.legendCorner = .outsideRight
        plot.footnote =
            "each point's rows fail jointly when max |z| exceeds its critical value (verify's table and JSON)"
        return [plot]
    }

    // MARK: Any table

    func generic(_ table: Table, x: String, y: String) throws(RibbonError) -> [SVGPlot] {
        try require(x, in: table)
        try require(y, in: table)
        if let color { try require(color, in: table) }
        var panels: [SVGPlot] = []
        for (facetKey, facetRows) in Self.groups(table.rows, by: facet) {
            var series: [SVGPlot.Series] = [], xs: [Double] = [], ys: [Double] = []
            for (n, (key, rows)) in Self.groups(facetRows, by: color).enumerated() {
                let pts = rows.compactMap { r in
                    table.number(r, x).flatMap { a in table.number(r, y).map { (x: a, y: $0) } }
                }
                .sorted { $0.x < $1.x }
                xs += pts.map(\.x)
                ys += pts.map(\.y)
                series.append(
                    .init(
                        label: color.map { "\($0) = \(key)" } ?? y, points: pts, style: .lineAndMarkers,
                        color: SVGPlot.palette[n % SVGPlot.palette.count]))
            }
            guard !xs.isEmpty else { continue }
            var plot = SVGPlot(
                title: "\(y) against \(x)" + (facet.map { " · \($0) = \(facetKey)" } ?? ""),
                x: PlotAxis.fitting(xs, label: x, scale: Self.scale(xs)),
                y: PlotAxis.fitting(ys, label: y, scale: Self.scale(ys)))
            plot.series = series
            panels.append(plot)
        }
        guard !panels.isEmpty else { throw RibbonError(.invalidInput, "no row has numbers in both '\(x)' and '\(y)'") }
        return panels
    }

    /// Panels stacked vertically in one document (nested SVGs).
    static func stack(_ panels: [SVGPlot]) -> String {
        guard panels.count > 1 else { return panels.first?.render() ?? "" }
        let width = panels.map(\.width).max() ?? 640, height = panels.map(\.height).reduce(0, +)
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\">\n"
        var top = 0.0
        for (i, p) in panels.enumerated() {
            // Each panel keeps its own clip-path ids apart.
            let body = p.render().replacingOccurrences(of: "plot-area", with: "plot-area-\(i)")
                .replacingOccurrences(of: "<svg ", with: "<svg x=\"0\" y=\"\(Int(top))\" ")
            out += body.split(separator: "\n").filter { !$0.hasPrefix("<?xml") }.joined(separator: "\n") + "\n"
            top += p.height
        }
        return out + "</svg>\n"
    }
}
