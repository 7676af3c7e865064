import Foundation

/// A chart drawn as SVG by the project: framed axes with ticks and labels (linear or log), a title
/// that states the parameters, line and marker series with error bars, an optional heatmap with
/// a viridis colour bar, and a legend.
public struct SVGPlot {
    /// One labelled data series.
    public struct Series {
        /// A solid or dashed line, markers only, or a line with markers.
        public enum Style { case line, dashed, markers, lineAndMarkers }
        /// The legend text (empty: left out of the legend).
        public let label: String
        /// The points (x, y) in data units.
        public let points: [(x: Double, y: Double)]
        /// Symmetric error bars ±e per point in y data units, or nil for none.
        public let errors: [Double]?
        /// How the points are drawn.
        public let style: Style
        /// Stroke and fill colour as an SVG colour (e.g. from `palette`).
        public let color: String

        /// A series; `errors` defaults to no error bars.
        public init(
            label: String, points: [(x: Double, y: Double)], errors: [Double]? = nil, style: Style, color: String
        ) {
            self.label = label
            self.points = points
            self.errors = errors
            self.style = style
            self.color = color
        }
    }

    /// Cells of a heatmap: x and y bounds per cell and a value mapped through viridis.
    public struct Heatmap {
        /// The cells, each spanning [x0, x1] × [y0, y1] in data units and carrying a value.
        public let cells: [(x0: Double, x1: Double, y0: Double, y1: Double, value: Double)]
        /// The value at the bottom of the colour map.
        public let low: Double
        /// The value at the top of the colour map.
        public let high: Double
        /// The colour-bar title.
        public let label: String
        /// Indices of cells drawn with a white outline (e.g. the hyper-ribbon phase).
        public var outlined: [Int] = []

        /// A heatmap whose values map linearly from [low, high] onto viridis.
        public init(
            cells: [(x0: Double, x1: Double, y0: Double, y1: Double, value: Double)], low: Double, high: Double,
            label: String
        ) {
            self.cells = cells
            self.low = low
            self.high = high
            self.label = label
        }
    }

    /// The title, stating the parameters.
    public let title: String
    /// The horizontal axis.
    public let x: PlotAxis
    /// The vertical axis.
    public let y: PlotAxis
    /// The series, drawn in order (the last on top).
    public var series: [Series] = []
    /// An optional heatmap drawn under the series, with a colour bar.
    public var heatmap: Heatmap? = nil
    /// A line under the x axis label (what the plot leaves out, e.g. points with no boundary in range).
    public var footnote: String? = nil
    /// Canvas width in pixels.
    public var width = 640.0
    /// Canvas height in pixels.
    public var height = 440.0

    /// Which inside corner holds the legend (choose one where the data is not).
    public enum Corner { case topRight, topLeft, bottomRight, bottomLeft, outsideRight }
    /// The corner holding the legend.
    public var legendCorner = Corner.topRight

    /// An empty plot; add series or a heatmap, then call `render`.
    public init(title: String, x: PlotAxis, y: PlotAxis) {
        self.title = title
        self.x = x
        self.y = y
    }

    /// Colours for series, distinguishable in colour and in print.
    public static let palette = ["#1b4f9c", "#d1495b", "#2a9d55", "#edae49", "#6a4c93", "#00798c", "#444444"]

    var left: Double { 78 }
    var right: Double { (heatmap == nil ? 24 : 96) + (legendCorner == .outsideRight ? legendWidth + 12 : 0) }

    /// The legend box's width (from its longest label).
    var legendWidth: Double {
        (series.filter { !$0.label.isEmpty }.map { Double($0.label.count) }.max() ?? 10) * 7 + 40
    }
    var top: Double { 52 }
    var bottom: Double { 62 }

    func px(_ v: Double) -> Double? { x.fraction(v).map { left + $0 * (width - left - right) } }
    func py(_ v: Double) -> Double? { y.fraction(v).map { height - bottom - $0 * (height - top - bottom) } }

    /// The complete SVG document.
    public func render() -> String {
        var svg = SVGWriter(width: width, height: height)
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        svg.rect(x: 0, y: 0, width: width, height: height, fill: "white")
        svg.text(title, x: width / 2, y: 24, size: 13, anchor: "middle", weight: "bold")
        svg.open("clipPath", ["id": "plot-area"])
        svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none")
        svg.close("clipPath")
        svg.open("g", ["clip-path": "url(#plot-area)"])
        if let h = heatmap {
            for cell in h.cells {
                guard let a = px(cell.x0), let b = px(cell.x1), let c = py(cell.y1), let d = py(cell.y0) else {
                    continue
                }
                svg.rect(
                    x: min(a, b), y: min(c, d), width: abs(b - a) + 0.5, height: abs(d - c) + 0.5,
                    fill: Viridis.color((cell.value - h.low) / (h.high - h.low)))
            }
            // Outlined cells (e.g. the hyper-ribbon phase), drawn over the fills.
            for i in h.outlined where h.cells.indices.contains(i) {
                let cell = h.cells[i]
                guard let a = px(cell.x0), let b = px(cell.x1), let c = py(cell.y1), let d = py(cell.y0) else {
                    continue
                }
                svg.rect(
                    x: min(a, b) + 1, y: min(c, d) + 1, width: max(abs(b - a) - 2, 0.5),
                    height: max(abs(d - c) - 2, 0.5), fill: "none", stroke: "#ffffff")
            }
        }
        // Grid lines.
        for t in x.ticks { if let p = px(t) { svg.line(p, top, p, height - bottom, stroke: "#dddddd", width: 0.6) } }
        for t in y.ticks { if let p = py(t) { svg.line(left, p, width - right, p, stroke: "#dddddd", width: 0.6) } }
        for s in series { draw(s, into: &svg) }
        svg.close("g")
        svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#222222")
        for t in x.ticks {
            guard let p = px(t) else { continue }
            svg.line(p, height - bottom, p, height - bottom + 5, stroke: "#222222", width: 1)
            svg.text(x.tickLabel(t), x: p, y: height - bottom + 19, size: 12, anchor: "middle")
        }
        for t in y.ticks {
            guard let p = py(t) else { continue }
            svg.line(left - 5, p, left, p, stroke: "#222222", width: 1)
            svg.text(y.tickLabel(t), x: left - 8, y: p + 4, size: 12, anchor: "end")
        }
        svg.text(x.label, x: left + plotWidth / 2, y: height - 16, size: 13, anchor: "middle")
        svg.text(y.label, x: 18, y: top + plotHeight / 2, size: 13, anchor: "middle", rotate: -90)
        if let footnote { svg.text(footnote, x: left, y: height - 2, size: 12, anchor: "start") }
        if let h = heatmap { colorBar(h, into: &svg) }
        legend(into: &svg)
        return svg.document
    }

    func draw(_ s: Series, into svg: inout SVGWriter) {
        let pts = s.points.compactMap { p -> (Double, Double)? in
            guard let a = px(p.x), let b = py(p.y) else { return nil }
            return (a, b)
        }
        if s.style != .markers && pts.count >= 2 {
            svg.polyline(pts, stroke: s.color, width: 2, dashed: s.style == .dashed)
        }
        if let errors = s.errors {
            for (p, e) in zip(s.points, errors) where e > 0 {
                guard let a = px(p.x), let lo = py(max(p.y - e, y.scale == .log ? p.y * 1e-3 : p.y - e)),
                    let hi = py(p.y + e)
                else { continue }
                svg.line(a, lo, a, hi, stroke: s.color, width: 1.2)
            }
        }
        if s.style == .markers || s.style == .lineAndMarkers {
            for (a, b) in pts { svg.circle(cx: a, cy: b, r: 3.2, fill: s.color) }
        }
    }

    func colorBar(_ h: Heatmap, into svg: inout SVGWriter) {
        let x0 = width - right + 22, barWidth = 14.0, y0 = top, barHeight = height - top - bottom
        let steps = 40
        for i in 0..<steps {
            let t = Double(i) / Double(steps - 1)
            svg.rect(
                x: x0, y: y0 + barHeight * (1 - Double(i + 1) / Double(steps)), width: barWidth,
                height: barHeight / Double(steps) + 0.5,
                fill: Viridis.color(t))
        }
        svg.rect(x: x0, y: y0, width: barWidth, height: barHeight, fill: "none", stroke: "#222222")
        let axis = PlotAxis(label: h.label, scale: .linear, low: h.low, high: h.high)
        for t in axis.ticks {
            let p = y0 + barHeight * (1 - (t - h.low) / (h.high - h.low))
            svg.line(x0 + barWidth, p, x0 + barWidth + 4, p, stroke: "#222222", width: 1)
            svg.text(axis.tickLabel(t), x: x0 + barWidth + 6, y: p + 4, size: 12, anchor: "start")
        }
        svg.text(h.label, x: x0 + barWidth / 2, y: y0 - 8, size: 12, anchor: "middle")
    }

    func legend(into svg: inout SVGWriter) {
        let labelled = series.filter { !$0.label.isEmpty }
        guard !labelled.isEmpty else { return }
        let boxWidth = legendWidth
        let boxHeight = Double(labelled.count) * 18 + 8
        let onRight = legendCorner == .topRight || legendCorner == .bottomRight
        let onTop = legendCorner == .topRight || legendCorner == .topLeft || legendCorner == .outsideRight
        let x0 =
            legendCorner == .outsideRight ? width - boxWidth - 8 : onRight ? width - right - boxWidth - 8 : left + 8
        let y0 = onTop ? top + 8 : height - bottom - boxHeight - 8
        svg.rect(x: x0, y: y0, width: boxWidth, height: boxHeight, fill: "white", stroke: "#999999", opacity: 0.9)
        for (i, s) in labelled.enumerated() {
            let yy = y0 + 16 + Double(i) * 18
            if s.style != .markers {
                svg.polyline(
                    [(x0 + 8, yy - 4), (x0 + 30, yy - 4)], stroke: s.color, width: 2, dashed: s.style == .dashed)
            }
            if s.style == .markers || s.style == .lineAndMarkers {
                svg.circle(cx: x0 + 19, cy: yy - 4, r: 3.2, fill: s.color)
            }
            svg.text(s.label, x: x0 + 36, y: yy, size: 12, anchor: "start")
        }
    }
}

/// Builds SVG text with escaped attributes and content.
public struct SVGWriter {
    /// The SVG elements written so far.
    public private(set) var body = ""
    let width: Double, height: Double

    /// A writer for a `width` × `height` pixel canvas.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The complete SVG document: XML declaration, `<svg>` root and `body`.
    public var document: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n"
            + body + "</svg>\n"
    }

    func f(_ v: Double) -> String { String(format: "%.2f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    mutating func open(_ tag: String, _ attributes: [String: String]) {
        body +=
            "<\(tag)" + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\"\(Self.escape($0.value))\"" }.joined()
            + ">\n"
    }

    mutating func close(_ tag: String) { body += "</\(tag)>\n" }

    mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil, opacity: Double? = nil
    ) {
        body +=
            "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\""
            + (stroke.map { " stroke=\"\($0)\"" } ?? "") + (opacity.map { " fill-opacity=\"\($0)\"" } ?? "") + "/>\n"
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double) {
        body +=
            "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(width)\"/>\n"
    }

    mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double, dashed: Bool) {
        body +=
            "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(width)\""
            + (dashed ? " stroke-dasharray=\"6 4\"" : "")
            + " points=\"" + points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ") + "\"/>\n"
    }

    /// A marker with a thin dark outline, so light markers stay visible on light backgrounds.
    mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
        body +=
            "<circle cx=\"\(f(cx))\" cy=\"\(f(cy))\" r=\"\(r)\" fill=\"\(fill)\" stroke=\"#222222\" stroke-width=\"0.6\"/>\n"
    }

    mutating func text(
        _ s: String, x: Double, y: Double, size: Double, anchor: String, weight: String? = nil, rotate: Double? = nil
    ) {
        body +=
            "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\""
            + (weight.map { " font-weight=\"\($0)\"" } ?? "")
            + (rotate.map { " transform=\"rotate(\($0) \(f(x)) \(f(y)))\"" } ?? "") + ">\(Self.escape(s))</text>\n"
    }
}
