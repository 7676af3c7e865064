import GSL
import RealModule
import RibbonCore

/// Everything that defines a simulated experiment; recorded in every output with the seed.
public struct SimulationSettings: Sendable {
    /// The predictive model whose Bhattacharyya distances are embedded.
    public enum Likelihood: Sendable, Equatable {
        /// N(wᵀx, σ_n²) per sample.
        case regression(noise: Double)
        /// C-class softmax with cross-entropy.
        case classification(classes: Int)
    }

    /// How the regression cloud is embedded: through its covariance (exact, because the
    /// regression Bhattacharyya distance is Euclidean) or through the N × N distance matrix.
    public enum Embedding: String, Sendable { case covariance, distances }

    /// The input spectrum the data are built with.
    public var spectrum: Spectrum
    /// The training knobs.
    public var knobs: Knobs
    /// Number of samples n.
    public var samples: Int
    /// Number of runs R (independent initialisations).
    public var runs: Int
    /// Which checkpoints form the cloud, and their weights.
    public var schedule: CheckpointSchedule
    /// Regression or classification.
    public var likelihood: Likelihood
    /// Sum or mean of the distance over samples.
    public var reduction: Bhattacharyya.Reduction
    /// Number K of inPCA components kept.
    public var components: Int
    /// Seed of the data, teacher and initialisation draws (and of the verifier's bootstrap).
    public var seed: UInt64
    /// Covariance shortcut or distance matrix (regression only; classification always uses distances).
    public var embedding: Embedding
    /// Threads for the distance matrices.
    public var jobs: Int
    /// Minibatch SGD instead of full-batch GD (regression on the linear model only).
    public var sgd: SGDNoise?

    /// Validates the settings (R ≥ 2, n ≥ max(2, d), K ≥ 1, T ≤ 1e6, σ_n > 0, C ≥ 2, stable η; the `outputs`
    /// target for regression only).
    public init(
        spectrum: Spectrum, knobs: Knobs, samples: Int = 500, runs: Int = 40,
        schedule: CheckpointSchedule = .everyStep, likelihood: Likelihood = .regression(noise: 1),
        reduction: Bhattacharyya.Reduction = .sum, components: Int = 10, seed: UInt64 = 1,
        embedding: Embedding = .covariance, jobs: Int = 1, sgd: SGDNoise? = nil
    ) throws(RibbonError) {
        guard runs >= 2 else { throw .parameter("runs R must be at least 2 (got \(runs))") }
        guard samples >= 2 else { throw .parameter("samples n must be at least 2 (got \(samples))") }
        guard samples >= spectrum.dimension else {
            throw .parameter("samples n must be at least the dimension d = \(spectrum.dimension) (got \(samples))")
        }
        guard seed <= RandomGenerator.maximumSeed else {
            throw .parameter(
                "seed must be in 0…\(RandomGenerator.maximumSeed) (GSL's MT19937 takes a 32-bit seed; got \(seed))")
        }
        guard runs <= 100_000, samples <= 1_000_000, Double(samples) * Double(spectrum.dimension) <= 5e7 else {
            throw .parameter(
                "simulation too large: runs ≤ 1e5, samples ≤ 1e6 and samples·dim ≤ 5e7 (got R = \(runs), n = \(samples), d = \(spectrum.dimension))"
            )
        }
        guard components >= 1 else { throw .parameter("components must be at least 1 (got \(components))") }
        guard knobs.steps <= 1e6 else {
            throw .parameter(
                "simulated steps must be at most 1e6 (got \(knobs.steps)); the verifier iterates every step")
        }
        if case .regression(let noise) = likelihood, !(noise > 0 && noise.isFinite) {
            throw .parameter("noise-sd σ_n must be a finite number > 0 (got \(noise))")
        }
        if case .classification(let c) = likelihood, c < 2 { throw .parameter("classes must be at least 2 (got \(c))") }
        if case .classification = likelihood, knobs.dynamics == .flow {
            throw .parameter(
                "gradient flow is implemented for regression only; classification trains by discrete GD",
                topic: .dynamics)
        }
        if case .classification = likelihood, knobs.target == .outputs {
            throw .parameter(
                "the outputs target profile is defined for regression only; classification uses an isotropic teacher",
                topic: .target)
        }
        try knobs.validateStability(for: spectrum)
        if case .kernel(let k) = spectrum.source {
            guard spectrum.dimension == k.samples else {
                throw .parameter(
                    "simulating a kernel machine trains all n = \(k.samples) function-space modes: the dimension must be \(k.samples), the kernel's sample count (got \(spectrum.dimension))",
                    topic: .dimension)
            }
            if case .classification = likelihood {
                throw .parameter("kernel machines are simulated for regression only")
            }
            guard knobs.dynamics == .discrete else {
                throw .parameter("kernel machines are simulated with discrete GD only", topic: .dynamics)
            }
            guard embedding == .covariance else {
                throw .parameter(
                    "kernel machines are embedded through the covariance (the regression distance is Euclidean)")
            }
        }
        self.spectrum = spectrum
        self.knobs = knobs
        self.samples = samples
        self.runs = runs
        self.schedule = schedule
        self.likelihood = likelihood
        self.reduction = reduction
        self.components = components
        self.seed = seed
        self.embedding = embedding
        self.jobs = jobs
        self.sgd = sgd
        if sgd != nil {
            if case .classification = likelihood {
                throw .parameter("SGD is simulated for regression only", topic: .batch)
            }
            if case .kernel = spectrum.source {
                throw .parameter("SGD is simulated for the linear model only, not kernel machines", topic: .batch)
            }
            guard knobs.dynamics == .discrete else {
                throw .parameter("SGD is a discrete-step process; it has no gradient-flow form", topic: .dynamics)
            }
        }
    }

    /// Whether the embedding goes through the N × N distance matrix (classification, or --embedding distances).
    public var usesDistances: Bool {
        if case .classification = likelihood { return true }
        return embedding == .distances
    }

    /// The distance scale s of d_B = s‖Δ‖²: n/(8σ_n²) (sum) or 1/(8σ_n²) (mean).
    public var distanceScale: Double {
        guard case .regression(let noise) = likelihood else { return .nan }
        let perSample = 1 / (8 * noise * noise)
        return reduction == .sum ? Double(samples) * perSample : perSample
    }
}

/// A simulated training ensemble, embedded with inPCA.
public struct Simulation: Sendable {
    /// The settings it ran with.
    public let settings: SimulationSettings
    /// Checkpoint steps t, ascending.
    public let times: [Int]
    /// Checkpoint weights ω_t (Σ ω_t = 1).
    public let weights: [Double]
    /// Points kept (runs that stayed finite × checkpoints).
    public let pointCount: Int
    /// Runs dropped because they became non-finite: (run, step).
    public let failures: [(run: Int, step: Int)]
    /// inPCA eigenvalues e_k (sorted by |e|) and the embedding.
    public let embedding: InPCA
    /// Regression only: per-run moments of y = Σ^{1/2} w, for the covariance estimates.
    public let moments: EnsembleMoments?
    /// Classification only: the inPCA of the same trajectories under the Fisher quadratic form at
    /// the uniform prediction (the small-distance limit, d_B ≈ ⅛ Δℓᵀ(I/C − 11ᵀ/C²)Δℓ per sample).
    public let fisherLimit: InPCA?
    /// Distances that were infinite, NaN or negative (none counted on the covariance path).
    public let anomalies: Bhattacharyya.Anomalies
    /// Regression only: the data's eigenvectors u_i (descending λ_i) in the coordinates of `moments`,
    /// so that the E2 coordinate z_i = u_i · y. Lets the verifier compare along E2's own axes.
    public let eigenbasis: [[Double]]?
    /// The N × N Bhattacharyya matrix (row-major) when the distance path was used, for export.
    public let distances: [Double]?

    /// The largest memory a simulation may plan for (bytes); the estimate is checked before anything is
    /// allocated, so a run that cannot fit is refused with its size instead of aborting.
    public static let memoryLimit = 8e9

    /// Bytes a simulation holds: the stored states (R × checkpoints × d, twice: parameters and their
    /// coordinates), the data (n × d, three copies), and the N × N distance matrix on the distance path.
    public static func memoryEstimate(_ s: SimulationSettings, checkpoints: Int) -> Double {
        let d = Double(s.spectrum.dimension), points = Double(s.runs) * Double(checkpoints)
        var bytes = 8 * (2 * points * d + 3 * Double(s.samples) * d + d * d)
        if s.usesDistances { bytes += 8 * points * points }
        return bytes
    }

    /// Builds the data, trains every run and embeds the cloud with inPCA, every draw derived from `s.seed`.
    public init(_ s: SimulationSettings) throws(RibbonError) {
        settings = s
        let rng = RandomGenerator(seed: s.seed)
        let (times, weights) = s.schedule.checkpoints(steps: Int(s.knobs.steps))
        let bytes = Self.memoryEstimate(s, checkpoints: times.count)
        guard bytes <= Self.memoryLimit else {
            throw .parameter(
                "this simulation would hold ≈ \(String(format: "%.1f", bytes / 1e9)) GB (R = \(s.runs) runs × \(times.count) checkpoints × d = \(s.spectrum.dimension)"
                    + (s.usesDistances ? ", and an N × N distance matrix" : "")
                    + "), beyond the \(Int(Self.memoryLimit / 1e9)) GB limit; use log-spaced checkpoints, fewer runs or fewer steps",
                topic: .simulationSize)
        }
        self.times = times
        self.weights = weights
        let k = s.components
        if case .kernel(let kernel) = s.spectrum.source {
            let (trajectories, basis) = try KernelTraining.train(
                kernel, knobs: s.knobs, runs: s.runs, times: times, weights: weights, rng: rng.child(1))
            eigenbasis = basis
            failures = []
            pointCount = trajectories.runs * times.count
            let moments = EnsembleMoments(trajectories) { $0 }
            self.moments = moments
            fisherLimit = nil
            anomalies = Bhattacharyya.Anomalies()
            distances = nil
            // Distances on f are s_f‖Δf‖² = s_f n ‖Δ(f/√n)‖²: the per-sample scale times n, as for the linear model.
            embedding = try Self.covarianceEmbedding(
                moments, trajectories: trajectories, scale: s.distanceScale,
                components: min(k, moments.dimension), transform: nil)
            return
        }
        let data = try LinearDataset(spectrum: s.spectrum, samples: s.samples, knobs: s.knobs, rng: rng.child(0))
        switch s.likelihood {
        case .regression(let noise):
            let trajectories: Trajectories
            if let noise = s.sgd {
                trajectories = try SGDTraining.train(
                    data, knobs: s.knobs, noise: noise, runs: s.runs, times: times, weights: weights, rng: rng.child(3))
            } else {
                trajectories = try RegressionTraining.train(
                    data, knobs: s.knobs, runs: s.runs, times: times, weights: weights, rng: rng.child(1))
            }
            try Self.requireRuns(trajectories, s)
            failures = trajectories.failures
            pointCount = trajectories.runs * times.count
            let (root, basis) = Self.squareRoot(data)
            // E2's frame has every teacher coordinate w*_i > 0: orient each eigenvector to match.
            eigenbasis = basis.map { u in zip(u, data.teacher).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? u.map { -$0 } : u }
            let d = data.dimension
            // y = Σ^{1/2} w: Euclidean coordinates of the regression Bhattacharyya distance.
            let metric: ([Double]) -> [Double] = { w in
                (0..<d).map { i in (0..<d).reduce(0) { $0 + root[i * d + $1] * w[$1] } }
            }
            let moments = EnsembleMoments(trajectories, transform: metric)
            self.moments = moments
            fisherLimit = nil
            if s.embedding == .covariance {
                embedding = try Self.covarianceEmbedding(
                    moments, trajectories: trajectories, scale: s.distanceScale,
                    components: min(k, d), transform: metric)
                anomalies = Bhattacharyya.Anomalies()
                self.distances = nil
            } else {
                try Self.requireDistanceMatrixFits(runs: trajectories.runs, checkpoints: times.count)
                let predictions = trajectories.points.flatMap { $0.map(data.predictions) }
                let reduction = s.reduction
                let (distances, anomalies) = Bhattacharyya.matrix(predictions, jobs: s.jobs) {
                    Bhattacharyya.gaussian($0, $1, noise: noise, reduction: reduction)
                }
                self.anomalies = anomalies
                self.distances = distances
                embedding = try InPCA(
                    distances: distances, weights: Self.pointWeights(trajectories),
                    components: min(k, predictions.count),
                    dense: predictions.count <= 300)
            }
        case .classification(let classes):
            eigenbasis = nil
            try Self.requireDistanceMatrixFits(runs: s.runs, checkpoints: times.count)
            let task = try SoftmaxTask(data: data, classes: classes, knobs: s.knobs, rng: rng.child(2))
            let trajectories = task.train(
                data, knobs: s.knobs, runs: s.runs, times: times, weights: weights, rng: rng.child(1))
            try Self.requireRuns(trajectories, s)
            failures = trajectories.failures
            pointCount = trajectories.runs * times.count
            moments = nil
            let probabilities = trajectories.points.flatMap { $0.map { task.predictions($0, data: data) } }
            let reduction = s.reduction
            let (distances, anomalies) = Bhattacharyya.matrix(probabilities, jobs: s.jobs) {
                Bhattacharyya.categorical($0, $1, classes: classes, reduction: reduction)
            }
            self.anomalies = anomalies
            self.distances = distances
            let pw = Self.pointWeights(trajectories)
            guard pw.count >= k else {
                throw .parameter("too few points (N = \(pw.count)) for \(k) components; add runs or checkpoints")
            }
            embedding = try InPCA(distances: distances, weights: pw, components: k, dense: pw.count <= 300)
            // Fisher limit: centred logits ℓ̃ (per sample, over classes), d = s_F ‖Δℓ̃‖², s_F = 1/(8C) per sample.
            let logits: [[Double]] = trajectories.points.flatMap { run in
                run.map { w in
                    var out: [Double] = []
                    for row in 0..<data.samples {
                        let x = data.inputs[(row * data.dimension)..<((row + 1) * data.dimension)]
                        let l = (0..<classes).map { c in
                            zip(w[(c * data.dimension)..<((c + 1) * data.dimension)], x).reduce(0) { $0 + $1.0 * $1.1 }
                        }
                        let mean = l.reduce(0, +) / Double(classes)
                        out += l.map { $0 - mean }
                    }
                    return out
                }
            }
            let fisherScale = (reduction == .sum ? 1 : 1 / Double(data.samples)) / (8 * Double(classes))
            let (fisher, _) = Bhattacharyya.matrix(logits, jobs: s.jobs) { a, b in
                var t = 0.0
                for i in a.indices { let e = a[i] - b[i]; t += e * e }
                return fisherScale * t
            }
            fisherLimit = try InPCA(distances: fisher, weights: pw, components: k, dense: pw.count <= 300)
        }
    }

    static func requireRuns(_ t: Trajectories, _ s: SimulationSettings) throws(RibbonError) {
        if t.runs < 2 {
            let first = t.failures.first.map { "run \($0.run) became non-finite at step \($0.step)" } ?? ""
            throw RibbonError(
                .numerical, "fewer than 2 runs stayed finite (\(first)); lower the learning rate", topic: .learningRate)
        }
    }

    /// The N × N distance matrix must fit in memory: N = R × checkpoints ≤ 15 000 (1.8 GB).
    static func requireDistanceMatrixFits(runs: Int, checkpoints: Int) throws(RibbonError) {
        let n = Double(runs) * Double(checkpoints)
        guard n <= 15_000 else {
            throw .parameter(
                "the distance path needs an N × N matrix with N = runs × checkpoints = \(Int(n)) > 15000; use log-spaced checkpoints, fewer runs, or the covariance embedding",
                topic: .simulationSize)
        }
    }

    /// π_a = ω_t / R for every (run, checkpoint) point.
    static func pointWeights(_ t: Trajectories) -> [Double] {
        (0..<t.runs).flatMap { _ in t.weights.map { $0 / Double(t.runs) } }
    }

    /// Σ^{1/2} of the data correlation (negative rounding set to 0) and its eigenvectors.
    static func squareRoot(_ data: LinearDataset) -> (root: [Double], basis: [[Double]]) {
        let system = data.eigensystem, d = data.dimension
        var root = [Double](repeating: 0, count: d * d)
        for k in 0..<d {
            let s = max(system.values[k], 0).squareRoot()
            for i in 0..<d { for j in 0..<d { root[i * d + j] += s * system.vectors[k][i] * system.vectors[k][j] } }
        }
        return (root, system.vectors)
    }

    /// The Euclidean shortcut: e_k = s μ_k of the pooled covariance, coordinates √s (y − ȳ)·v_k.
    /// - Parameter transform: maps a trajectory point to the coordinates the moments were taken in (nil: identity).
    static func covarianceEmbedding(
        _ m: EnsembleMoments, trajectories: Trajectories, scale: Double, components k: Int,
        transform: (([Double]) -> [Double])?
    ) throws(RibbonError) -> InPCA {
        let pooled = m.pooledCovariance()
        let d = m.dimension
        guard pooled.allSatisfy(\.isFinite) else {
            throw RibbonError(
                .invalidParameter,
                "the simulated trajectories overflow at this scale (their covariance is not finite); rescale the inputs (r, σ₀ or λ₁)",
                topic: .scale)
        }
        let system: (values: [Double], vectors: [[Double]])
        do { system = try SymmetricEigensystem.decompose(pooled, order: d) } catch {
            throw RibbonError(.numerical, "eigendecomposition of the simulated covariance failed: \(error)")
        }
        var mean = [Double](repeating: 0, count: d)
        for run in m.means { for i in 0..<d { mean[i] += run[i] / Double(m.runs) } }
        let points = trajectories.points.flatMap { $0 }.map { transform?($0) ?? $0 }
        let coordinates = points.map { y in
            (0..<k).map { j in
                scale.squareRoot() * (0..<d).reduce(0) { $0 + (y[$1] - mean[$1]) * system.vectors[j][$1] }
            }
        }
        let values = system.values.prefix(k).map { scale * $0 }
        let total = system.values.reduce(0) { $0 + scale * scale * $1 * $1 }
        guard values.allSatisfy(\.isFinite), total.isFinite, total > 0 else {
            throw RibbonError(
                .invalidParameter,
                "inPCA eigenvalues are not finite or all zero (distances overflow or vanish at this scale); rescale the inputs (σ_n or σ₀)",
                topic: .scale)
        }
        return InPCA(
            eigenvalues: Array(values), coordinates: coordinates, totalSquared: total,
            negativeCount: values.filter { $0 < 0 }.count,
            method: "covariance shortcut (regression distance is Euclidean): e_k = s·μ_k(pooled covariance)",
            relativeResidual: 0)
    }
}

extension InPCA {
    /// An embedding computed by another route (the covariance shortcut).
    init(
        eigenvalues: [Double], coordinates: [[Double]], totalSquared: Double, negativeCount: Int, method: String,
        relativeResidual: Double
    ) {
        self.eigenvalues = eigenvalues
        self.coordinates = coordinates
        self.totalSquared = totalSquared
        self.negativeCount = negativeCount
        self.method = method
        self.relativeResidual = relativeResidual
    }
}
