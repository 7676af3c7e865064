import GSL
import RealModule

/// The knob a phase boundary is traced along.
public enum BoundaryAxis: String, Sendable, CaseIterable, Codable {
    /// The ratio r (knob ii), the steps T (knob iii), the slope c (knob i), or the SGD batch size B
    /// (the SGD noise scale η/B at fixed η).
    case ratio, steps, slope, batch

    /// Default search range (log-scaled), as documented in `ribbon boundary --help`.
    public var defaultRange: ClosedRange<Double> {
        switch self {
        case .ratio: return 1e-3...1e4
        case .steps: return 1...1e12
        case .slope: return 0.01...10
        case .batch: return 1...1e6
        }
    }

    /// Steps and batch sizes are integers: the search runs between integers and reports one.
    public var isInteger: Bool { self == .steps || self == .batch }

    /// The largest value the axis accepts.
    var maximum: Double {
        switch self {
        case .steps: return Knobs.maximumSteps
        case .batch: return SGDNoise.maximumBatch
        default: return .infinity
        }
    }
}

/// Finds where the HR verdict computed from the exact covariance flips along one axis
/// (THEORY.md §5 "Exact boundaries"): a fine log-spaced scan first, then GSL's Brent solver on the
/// margin ρ* − max_{k<K_ε} μ_{k+1}/μ_k inside every bracket with a sign change.
///
/// The margin is continuous except where K_ε jumps; a flip at such a jump is reported with
/// `kind == .jump` (Brent then converges onto the discontinuity, which is still the flip).
public struct BoundarySolver: Sendable {
    /// How the HR verdict behaves over the searched range.
    public enum Status: String, Sendable, Codable {
        /// HR holds over the whole range.
        case always
        /// HR holds nowhere in the range.
        case never
        /// Exactly one flip.
        case boundary
        /// Several flips; all are reported.
        case multiple
    }

    /// One place where the HR verdict flips along the axis.
    public struct Flip: Sendable, Equatable {
        /// `root`: the margin crosses 0 continuously; `jump`: it changes sign where K_ε jumps.
        public enum Kind: String, Sendable { case root, jump }
        /// The flip location on the axis.
        public let value: Double
        /// true if HR holds just above `value` (entering the phase going up the axis).
        public let entersHyperRibbon: Bool
        /// The converged Brent bracket, in axis units (not ln x).
        public let bracket: ClosedRange<Double>
        /// Brent iterations used.
        public let iterations: Int
        /// Whether the flip is a root of the margin or a jump of K_ε.
        public let kind: Kind
    }

    /// The outcome of a boundary search along one axis.
    public struct Result: Sendable {
        /// The axis that was traced.
        public let axis: BoundaryAxis
        /// Whether HR holds always, never, or flips once or several times in the range.
        public let status: Status
        /// Every flip found, in ascending order along the axis.
        public let flips: [Flip]
        /// The outermost flip: past it the verdict no longer changes inside the range (nil if none).
        public var value: Double? { flips.last?.value }
        /// Margin evaluations in total (scan and refinement), each one exact covariance and eigensolve.
        public let evaluations: Int
        /// The searched range.
        public let range: ClosedRange<Double>
    }

    /// The knob varied.
    public let axis: BoundaryAxis
    /// The searched range, scanned on a log scale.
    public let range: ClosedRange<Double>
    /// Points of the initial log-spaced scan (flips closer than one scan step may be missed).
    public let scanPoints: Int
    /// Relative tolerance of the flip location.
    public let relativeTolerance: Double

    /// A solver over `range` (default `axis.defaultRange`); throws unless 0 < low < high (and 1 ≤ T ≤ 1e15
    /// for steps) and `scanPoints` ≥ 3.
    public init(
        axis: BoundaryAxis, range: ClosedRange<Double>? = nil, scanPoints: Int = 57,
        relativeTolerance: Double = 1e-6
    ) throws(RibbonError) {
        let r = range ?? axis.defaultRange
        guard r.lowerBound > 0, r.upperBound > r.lowerBound, r.upperBound.isFinite else {
            throw .parameter(
                "boundary range must satisfy 0 < low < high (got \(r.lowerBound)..\(r.upperBound)); the axis is log-scaled"
            )
        }
        var r2 = r
        if axis.isInteger {
            guard r.lowerBound >= 1, r.upperBound <= axis.maximum else {
                throw .parameter(
                    "\(axis.rawValue) range must lie within 1..\(axis == .steps ? "1e15" : "1e9") (got \(r.lowerBound)..\(r.upperBound))"
                )
            }
            // Integer axes: search between the first and last integer of the range.
            let low = r.lowerBound.rounded(.up), high = r.upperBound.rounded(.down)
            guard high > low else {
                throw .parameter(
                    "\(axis.rawValue) range \(r.lowerBound)..\(r.upperBound) holds fewer than two integers; widen the search range",
                    topic: .searchRange)
            }
            r2 = low...high
        }
        guard scanPoints >= 3 else { throw .parameter("scan points must be at least 3 (got \(scanPoints))") }
        self.axis = axis
        self.range = r2
        self.scanPoints = scanPoints
        self.relativeTolerance = relativeTolerance
    }

    /// The point with the axis knob set to `x` (steps and batch sizes are rounded to the nearest integer).
    /// The batch axis keeps the base point's label noise and sampling (full-batch GD if it has none).
    public func point(_ base: PhasePoint, at x: Double) throws(RibbonError) -> PhasePoint {
        var p = base
        switch axis {
        case .ratio: p.knobs = try base.knobs.with(ratio: x)
        case .steps: p.knobs = try base.knobs.with(steps: x.rounded())
        case .slope:
            guard case .geometric = base.model else {
                throw .parameter("a boundary along the slope needs a geometric spectrum", topic: .axis)
            }
            p.shape = x
        case .batch:
            let noise = base.sgd
            p.sgd = try SGDNoise(
                batch: Int(x.rounded()), labelNoise: noise?.labelNoise ?? 0,
                sampling: noise?.sampling ?? .withReplacement, samples: noise?.samples ?? .max)
        }
        return p
    }

    /// The HR verdict at `x`.
    public func verdict(_ base: PhasePoint, at x: Double, solvers: EigenvalueSolvers? = nil) throws(RibbonError)
        -> HyperRibbonCriterion.Verdict
    {
        let p = try point(base, at: x)
        return p.criterion.verdict(for: try p.exactWidths(spectrum: try p.spectrum(), solvers: solvers))
    }

    /// The HR margin at `x` (positive inside the hyper-ribbon phase).
    public func margin(_ base: PhasePoint, at x: Double, solvers: EigenvalueSolvers? = nil) throws(RibbonError)
        -> Double
    {
        try verdict(base, at: x, solvers: solvers).margin
    }

    /// Traces the flips of HR along the axis from `base`: a log-spaced scan, then Brent on ln x in every
    /// bracket with a sign change.
    public func solve(_ base: PhasePoint) throws(RibbonError) -> Result {
        _ = try point(base, at: range.lowerBound)  // rejects --axis slope on a non-geometric spectrum
        if axis == .batch { return try stableBatches(base).solveInRange(base, verdict: nil) }
        return try solveInRange(base, verdict: nil)
    }

    /// The same search with another verdict (a closed form's) in place of the exact one: the flips of
    /// `verdict(point)` along the axis. One solver for every form, so exact and closed-form boundaries are
    /// located the same way.
    public func solve(
        _ base: PhasePoint, verdict: @escaping (PhasePoint) throws(RibbonError) -> HyperRibbonCriterion.Verdict
    ) throws(RibbonError) -> Result {
        _ = try point(base, at: range.lowerBound)
        return try solveInRange(base, verdict: verdict)
    }

    /// The batch axis starts above the heavy-tail threshold: for B ≤ η²θ (`SGDNoise.heavyTailBatch`) the
    /// mean SGD covariance grows like ρ₂^T (ρ₂ ≥ 1), so its "widths" describe rare runs and soon overflow.
    func stableBatches(_ base: PhasePoint) throws(RibbonError) -> BoundarySolver {
        let spectrum = try base.spectrum()
        let heavy = try SGDNoise.heavyTailBatch(spectrum: spectrum, eta: base.knobs.eta)
        let low = max(range.lowerBound, heavy.rounded(.down) + 1)
        guard low < range.upperBound else {
            throw .parameter(
                "every batch size in \(range.lowerBound)..\(range.upperBound) is at or below the heavy-tail threshold B = \(heavy) (ρ₂ ≥ 1: the mean SGD covariance diverges); raise the top of the search range",
                topic: .searchRange)
        }
        return try BoundarySolver(
            axis: axis, range: low...range.upperBound, scanPoints: scanPoints, relativeTolerance: relativeTolerance)
    }

    private func solveInRange(
        _ base: PhasePoint,
        verdict custom: ((PhasePoint) throws(RibbonError) -> HyperRibbonCriterion.Verdict)?
    ) throws(RibbonError) -> Result {
        let solvers = EigenvalueSolvers()
        var evaluations = 0
        func f(_ x: Double) throws(RibbonError) -> HyperRibbonCriterion.Verdict {
            evaluations += 1
            if let custom { return try custom(try point(base, at: x)) }
            return try verdict(base, at: x, solvers: solvers)
        }
        let logLo = Double.log(range.lowerBound), logHi = Double.log(range.upperBound)
        let xs = (0..<scanPoints).map { Double.exp(logLo + (logHi - logLo) * Double($0) / Double(scanPoints - 1)) }
        var margins: [Double] = []
        for x in xs { margins.append(try f(x).margin) }
        var flips: [Flip] = []
        for i in 0..<(xs.count - 1) where (margins[i] >= 0) != (margins[i + 1] >= 0) {
            flips.append(try refine(lo: xs[i], hi: xs[i + 1], marginLo: margins[i], marginHi: margins[i + 1], f))
        }
        let status: Status
        if flips.isEmpty {
            status = margins[0] >= 0 ? .always : .never
        } else {
            status = flips.count == 1 ? .boundary : .multiple
        }
        return Result(axis: axis, status: status, flips: flips, evaluations: evaluations, range: range)
    }

    /// Brent on u = ln x; a flip whose converged bracket ends have different K_ε is a jump of K_ε
    /// (the margin is discontinuous there), otherwise a root of the margin.
    private func refine(
        lo: Double, hi: Double, marginLo: Double, marginHi: Double,
        _ f: @escaping (Double) throws(RibbonError) -> HyperRibbonCriterion.Verdict
    ) throws(RibbonError) -> Flip {
        let enters = marginHi >= 0
        // Brent needs a strict sign change: a margin of exactly 0 counts as inside (HR holds).
        func g(_ u: Double) throws(RibbonError) -> Double {
            let m = try f(Double.exp(u)).margin
            guard m.isFinite else { throw RibbonError(.numerical, "the HR margin is not finite at \(Double.exp(u))") }
            return m >= 0 ? max(m, Double.leastNormalMagnitude) : m
        }
        // Integer axes: converge in ln x to a quarter step at the bracket's top.
        let tolerance = axis.isInteger ? 0.25 / hi : relativeTolerance
        let root = try RootFinding.brent(
            lower: Double.log(lo), upper: Double.log(hi),
            absoluteTolerance: tolerance, relativeTolerance: 0, maxIterations: 200, g)
        let a = Double.exp(root.lower), b = Double.exp(root.upper)
        let kind: Flip.Kind = try f(a).kEpsilon != f(b).kEpsilon ? .jump : .root
        // Integer axes are evaluated at integers: the flip is the first integer with the new verdict.
        let value = axis.isInteger ? b.rounded() : Double.exp(root.value)
        return Flip(value: value, entersHyperRibbon: enters, bracket: a...b, iterations: root.iterations, kind: kind)
    }
}
