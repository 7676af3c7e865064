/// The Cartesian grid of `scan bbp`: every knob of one spiked model (OUTLIERS.md) except the traced one, addressed
/// by a global index (the last knob varies fastest) so that shards, resumed runs and parallel workers all agree on
/// which point is which, as they do for ``ScanGrid``.
public struct BBPScanGrid: Sendable {
    /// One knob and the values it takes.
    public struct Axis: Sendable, Equatable {
        /// The knob.
        public let knob: BBPBoundary.Knob
        /// Its values, in order (integers for counts).
        public let values: [Double]
        /// The knob over `values`.
        public init(knob: BBPBoundary.Knob, values: [Double]) {
            self.knob = knob
            self.values = values
        }
    }

    /// The fixed settings that scale the spectrum but not the threshold.
    public struct Settings: Sendable, Equatable {
        /// Logit: noise variance σ_E² (σ_c² = ratio · σ_E²).
        public var noiseVariance: Double
        /// Mixture: norm |μ| of the orthogonal means, and the ridge β.
        public var meanNorm: Double, ridge: Double
        /// The settings; the defaults are those of the command line.
        public init(noiseVariance: Double = 1, meanNorm: Double = 1, ridge: Double = 0) {
            self.noiseVariance = noiseVariance
            self.meanNorm = meanNorm
            self.ridge = ridge
        }
    }

    /// What one point gives: the closed forms at the point, or the threshold along the traced knob.
    public enum Outcome: Sendable {
        /// Margin θ²/√γ_A − 1 or θ/√γ − 1 (> 0: outliers) and the model's closed forms.
        case closedForms(margin: Double, predictions: [Prediction])
        /// The threshold along the traced knob: closed form, Brent root and the integer boundary.
        case threshold(BBPBoundary, root: Double)
    }

    /// The spiked model.
    public let model: BBPBoundary.Model
    /// Every knob of the model but the traced one, in the model's order (outermost first).
    public let axes: [Axis]
    /// The knob traced per point (nil: closed forms at every point).
    public let traced: BBPBoundary.Knob?
    /// The fixed settings.
    public let settings: Settings
    /// Number of grid points.
    public let count: Int

    /// The nesting of the axes behind an index (recorded in sidecars: files of another order are not mixed).
    public static let gridOrder = 1

    /// Builds the grid; throws unless the axes are exactly the model's knobs but `traced`, in order, each with at
    /// least one value, and the grid has at most 1e9 points.
    public init(model: BBPBoundary.Model, axes: [Axis], traced: BBPBoundary.Knob?, settings: Settings)
        throws(RibbonError)
    {
        let expected = BBPBoundary.Knob.knobs(of: model).filter { $0 != traced }
        guard axes.map(\.knob) == expected else {
            throw .parameter(
                "the \(model.rawValue) scan needs the knobs " + expected.map(\.rawValue).joined(separator: ", ")
                    + " in this order")
        }
        guard axes.allSatisfy({ !$0.values.isEmpty }) else {
            throw .parameter("the scan grid is empty: every knob needs at least one value")
        }
        let total = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard total <= 1e9 else {
            throw .parameter("the scan grid has \(Int(total)) points; at most 1e9 are allowed (shard it or coarsen it)")
        }
        self.model = model
        self.axes = axes
        self.traced = traced
        self.settings = settings
        count = Int(total)
    }

    /// The knob values of point `index`, one per axis.
    public func values(at index: Int) -> [Double] {
        var rest = index
        var picked = [Double](repeating: 0, count: axes.count)
        for (j, axis) in axes.enumerated().reversed() {
            picked[j] = axis.values[rest % axis.values.count]
            rest /= axis.values.count
        }
        return picked
    }

    /// The model point of `index` (the traced knob, if any, is nan).
    public func point(at index: Int) -> BBPBoundary.Point {
        var point =
            model == .logit
            ? BBPBoundary.Point.logit(classes: .nan, samples: .nan, parameters: .nan, varianceRatio: .nan)
            : .mixture(classes: .nan, testSamples: .nan, dim: .nan, lambda: .nan, meanNorm: settings.meanNorm)
        for (axis, value) in zip(axes, values(at: index)) { point = point.setting(axis.knob, to: value) }
        return point
    }

    /// Consecutive points a scan in `n` shards deals to one shard at a time: the largest block of inner axes that
    /// still leaves 4n blocks (as ``ScanGrid/shardRun(shards:)``). Points share nothing, so this only keeps the
    /// rule the same for every scan.
    public func shardRun(shards n: Int) -> Int {
        guard n > 1 else { return 1 }
        var run = 1, best = 1
        for axis in axes.reversed() {
            run *= axis.values.count
            guard count / run >= 4 * n else { break }
            best = run
        }
        return best
    }

    /// The outcome of point `index`; throws (the row's error) when the point is outside the model's domain.
    public func evaluate(at index: Int) throws(RibbonError) -> Outcome {
        let point = point(at: index)
        if let traced {
            let boundary = try BBPBoundary(model: model, knob: traced, base: point)
            return .threshold(boundary, root: try boundary.root().value)
        }
        try BBPBoundary.validate(point, of: model, free: nil)
        return .closedForms(margin: model.margin(at: point), predictions: try closedForms(at: point))
    }

    /// The model's closed forms at a full point (counts must be integers): margin, edge, outlier, overlap².
    public func closedForms(at p: BBPBoundary.Point) throws(RibbonError) -> [Prediction] {
        switch model {
        case .logit:
            return try LogitGradientModel(
                classes: Int(p.classes), samples: Int(p.samples), parameters: Int(p.dimension),
                classVariance: p.varianceRatio * settings.noiseVariance, noiseVariance: settings.noiseVariance
            ).predictions
        case .mixture:
            return try GaussianMixtureHessian(
                classes: Int(p.classes), dimension: Int(p.dimension), testSamples: Int(p.samples),
                lambda: p.lambda, meanNorm: settings.meanNorm, ridge: settings.ridge
            ).predictions
        }
    }
}
