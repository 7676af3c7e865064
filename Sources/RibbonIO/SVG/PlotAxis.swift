import Foundation

/// A plot axis: a linear or logarithmic map from data to pixels, with readable ticks.
public struct PlotAxis: Sendable {
    /// Linear or base-10 logarithmic.
    public enum Scale: Sendable { case linear, log }

    /// The axis title.
    public let label: String
    /// Linear or logarithmic.
    public let scale: Scale
    /// The data value at the start of the axis.
    public let low: Double
    /// The data value at the end of the axis.
    public let high: Double

    /// An axis over [low, high] (swapped if reversed); an empty range is widened to [low/2, 2·high] (log) or
    /// [low − 1, high + 1] (linear).
    public init(label: String, scale: Scale, low: Double, high: Double) {
        self.label = label
        self.scale = scale
        if low == high {
            self.low = scale == .log ? low / 2 : low - 1; self.high = scale == .log ? high * 2 : high + 1
        } else {
            self.low = min(low, high); self.high = max(low, high)
        }
    }

    /// An axis spanning `values` (non-finite and, on a log axis, non-positive values ignored),
    /// padded to whole decades (log) or 5% (linear).
    public static func fitting(_ values: [Double], label: String, scale: Scale) -> PlotAxis {
        let usable = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard let lo = usable.min(), let hi = usable.max() else {
            return PlotAxis(label: label, scale: scale, low: 1, high: 10)
        }
        if scale == .log {
            return PlotAxis(label: label, scale: .log, low: pow(10, floor(log10(lo))), high: pow(10, ceil(log10(hi))))
        }
        let pad = (hi - lo) * 0.05
        return PlotAxis(label: label, scale: .linear, low: lo - pad, high: hi + pad)
    }

    /// Position of `x` in [0, 1] along the axis (nil when it cannot be drawn).
    public func fraction(_ x: Double) -> Double? {
        guard x.isFinite else { return nil }
        if scale == .log {
            guard x > 0 else { return nil }
            return (log10(x) - log10(low)) / (log10(high) - log10(low))
        }
        return (x - low) / (high - low)
    }

    /// Tick values: decades (with 2 and 5 when few decades) on a log axis, 1-2-5 steps on a linear one.
    public var ticks: [Double] {
        if scale == .log {
            let a = Int(floor(log10(low))), b = Int(ceil(log10(high)))
            let step = max(1, (b - a) / 8)
            var ticks = stride(from: a, through: b, by: step).map { pow(10, Double($0)) }
            if b - a <= 2 { ticks += (a..<b).flatMap { [2 * pow(10, Double($0)), 5 * pow(10, Double($0))] } }
            return ticks.filter { $0 >= low * (1 - 1e-9) && $0 <= high * (1 + 1e-9) }.sorted()
        }
        let raw = (high - low) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let first = ceil(low / step) * step
        return stride(from: first, through: high + step * 1e-9, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    /// The label of tick `x`: exact decades as 1, 10, 100, 1000 or 1eN on a log axis, otherwise three
    /// significant digits.
    public func tickLabel(_ x: Double) -> String {
        if scale == .log {
            let e = log10(x)
            if abs(e - e.rounded()) < 1e-9 {
                let n = Int(e.rounded())
                return n >= 0 && n <= 3 ? String(Int(pow(10, Double(n)))) : "1e\(n)"
            }
        }
        return NumberFormat.short(x, digits: 3)
    }
}
