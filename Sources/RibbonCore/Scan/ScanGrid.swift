/// The Cartesian grid of a parameter scan, addressed by a global index so that shards, resumed
/// runs and parallel workers all agree on which point is which.
///
/// Nesting, outermost first: target, spectrum (with its shape: slope for geometric, α for power law),
/// steps, η, σ₀, ρ*, ε, SGD batch B, label noise σ_ε, ratio r. Index 0 is the first value of every axis.
/// r is innermost because consecutive points that differ only in r share the covariance's r-independent
/// parts (`RatioFamily`) in a worker's cache (`gridOrder` 2; before, r was second outermost).
public struct ScanGrid: Sendable {
    /// A spectrum family with the shape values to scan (one nil for a fixed spectrum).
    public struct SpectrumAxis: Sendable {
        /// The spectrum family.
        public let model: SpectrumModel
        /// Shape values to scan (slope c or α), or `[nil]` for a fixed spectrum.
        public let shapes: [Double?]
        /// An axis of `model` over `shapes`.
        public init(model: SpectrumModel, shapes: [Double?]) {
            self.model = model
            self.shapes = shapes
        }
    }

    /// Raw parameters of a grid point: always available, even when they are invalid together
    /// (e.g. ηλ₁ ≥ 2), so a failing point can still be written as a row.
    public struct Parameters: Sendable, Equatable {
        /// The spectrum family.
        public let model: SpectrumModel
        /// Slope c (geometric) or α (power law); nil for a fixed spectrum.
        public let shape: Double?
        /// Target profile of w*.
        public let target: TargetProfile
        /// Discrete GD or gradient flow.
        public let dynamics: Dynamics
        /// Learning rate η, steps T, ratio r, σ₀, ρ* and ε of this point.
        public let eta, steps, ratio, sigma0, rho, epsilon: Double
        /// SGD batch size (nil: full-batch GD or flow) and label-noise σ_ε.
        public let batch: Int?
        public let labelNoise: Double
    }

    /// The spectrum axes; their (model, shape) pairs form one axis of the grid.
    public let spectra: [SpectrumAxis]
    /// Target profiles scanned.
    public let targets: [TargetProfile]
    /// Values scanned for r, T, η, σ₀, ρ* and ε (a traced ratio or steps axis holds the placeholder [1]).
    public let ratios, steps, etas, sigma0s, rhos, epsilons: [Double]
    /// SGD batch sizes ([nil]: full-batch GD) and label-noise values ([0] without SGD).
    public let batches: [Int?]
    public let labelNoises: [Double]
    /// Discrete GD or gradient flow, the same for the whole grid.
    public let dynamics: Dynamics
    /// The traced axis in boundary mode: its values are not part of the grid.
    public let tracedAxis: BoundaryAxis?

    private let configurations: [(model: SpectrumModel, shape: Double?)]

    /// Builds the grid; throws if an axis is empty or the grid has more than 1e9 points.
    public init(
        spectra: [SpectrumAxis], targets: [TargetProfile], ratios: [Double], steps: [Double], etas: [Double],
        sigma0s: [Double], rhos: [Double], epsilons: [Double], batches: [Int?] = [nil], labelNoises: [Double] = [0],
        dynamics: Dynamics, tracedAxis: BoundaryAxis? = nil
    ) throws(RibbonError) {
        self.spectra = spectra
        self.targets = targets
        self.ratios = tracedAxis == .ratio ? [1] : ratios
        self.steps = tracedAxis == .steps ? [1] : steps
        self.etas = etas
        self.sigma0s = sigma0s
        self.rhos = rhos
        self.epsilons = epsilons
        self.batches = tracedAxis == .batch ? [1] : batches
        self.labelNoises = labelNoises
        self.dynamics = dynamics
        self.tracedAxis = tracedAxis
        configurations = spectra.flatMap { axis in axis.shapes.map { (axis.model, $0) } }
        let sizes = [
            configurations.count, targets.count, self.ratios.count, self.steps.count, etas.count,
            sigma0s.count, rhos.count, epsilons.count, self.batches.count, labelNoises.count,
        ]
        guard sizes.allSatisfy({ $0 >= 1 }) else {
            throw .parameter("the scan grid is empty: every axis needs at least one value")
        }
        let total = sizes.reduce(1.0) { $0 * Double($1) }
        guard total <= 1e9 else {
            throw .parameter("the scan grid has \(Int(total)) points; at most 1e9 are allowed (shard it or coarsen it)")
        }
    }

    /// The nesting of the axes behind `index` (recorded in scan sidecars: files of another order are not mixed).
    public static let gridOrder = 2

    /// Number of grid points.
    public var count: Int {
        configurations.count * targets.count * ratios.count * steps.count * etas.count * sigma0s.count
            * rhos.count * epsilons.count * batches.count * labelNoises.count
    }

    /// How many consecutive points a scan split into `n` shards deals to one shard at a time: the largest block
    /// of inner axes (all ratios; all ratios of every ε; …; every inner point of one steps value) that still
    /// leaves at least 4n blocks, so shards keep what neighbouring points share and stay balanced.
    public func shardRun(shards n: Int) -> Int {
        guard n > 1 else { return 1 }
        let innerSizes = [
            ratios.count, labelNoises.count, batches.count, epsilons.count, rhos.count, sigma0s.count, etas.count,
            steps.count,
        ]
        var run = 1, best = 1
        for size in innerSizes {
            run *= size
            guard count / run >= 4 * n else { break }
            best = run
        }
        return best
    }

    /// The parameters of point `index` (0 ≤ index < count).
    public func parameters(at index: Int) -> Parameters {
        var i = index
        func take(_ n: Int) -> Int { let r = i % n; i /= n; return r }
        let ratio = ratios[take(ratios.count)]
        let labelNoise = labelNoises[take(labelNoises.count)]
        let batch = batches[take(batches.count)]
        let epsilon = epsilons[take(epsilons.count)]
        let rho = rhos[take(rhos.count)]
        let sigma0 = sigma0s[take(sigma0s.count)]
        let eta = etas[take(etas.count)]
        let step = steps[take(steps.count)]
        let configuration = configurations[take(configurations.count)]
        let target = targets[take(targets.count)]
        return Parameters(
            model: configuration.model, shape: configuration.shape, target: target, dynamics: dynamics,
            eta: eta, steps: step, ratio: ratio, sigma0: sigma0, rho: rho, epsilon: epsilon,
            batch: batch, labelNoise: labelNoise)
    }

    /// The validated point, or the error that makes it invalid.
    public func point(at index: Int) throws(RibbonError) -> PhasePoint {
        let p = parameters(at: index)
        let knobs = try Knobs(
            eta: p.eta, steps: p.steps, ratio: p.ratio, sigma0: p.sigma0, target: p.target, dynamics: p.dynamics)
        var noise: SGDNoise? = nil
        if let b = p.batch {
            noise = try SGDNoise(batch: b, labelNoise: p.labelNoise)
        } else if p.labelNoise != 0 {
            throw .parameter("label noise applies to SGD: give a batch size")
        }
        return PhasePoint(
            model: p.model, shape: p.shape, knobs: knobs,
            criterion: try HyperRibbonCriterion(rho: p.rho, epsilon: p.epsilon), sgd: noise)
    }
}
