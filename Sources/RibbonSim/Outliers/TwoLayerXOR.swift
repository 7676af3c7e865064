import GSL
import Foundation
import RealModule
import RibbonCore

/// The two-layer XOR task of OUTLIERS.md §2 (Ben Arous et al. setting): four mixture components
/// with means ±μ, ±ν (orthonormal: e₁, e₂), Y = mean + Z, Z ~ N(0, I_d/λ); label 1 for ±μ, 0 for
/// ±ν; f = v·ReLU(WY) with K hidden units, logistic loss plus β/2(‖W‖² + ‖v‖²), online SGD with
/// δ = c_δ/d from W ~ N(0, s²/d), v ~ N(0, s²/K).
///
/// Measured after training on M̃ fresh test samples: test accuracy; the second-layer test Hessian
/// H_vv = (1/M̃) Σ σ(f)(1 − σ(f)) h hᵀ (+ βI, left out: it shifts every eigenvalue alike) and its
/// outliers, counted as eigenvalues above 1.05 × the top eigenvalue of the within-component part
/// (the same weighted sum with each h replaced by h minus its component's weighted mean: the
/// matrix without the rank ≤ 4 between-component signal); covered components: those on which some
/// hidden unit is active at the mean (W_i·mean > 0) with an output weight of the label's sign.
public struct TwoLayerXOR: Sendable {
    /// Dimension d, hidden units K.
    public let dimension: Int, width: Int
    /// λ, β, c_δ, training time t, initial scale s.
    public let lambda: Double, ridge: Double, stepConstant: Double, time: Double, initialScale: Double
    /// Test samples M̃.
    public let testSamples: Int

    /// Validated: d ≥ 2, 1 ≤ K ≤ 1000, λ > 0, β ≥ 0, 0 < c_δ < 4λ, 0 < t, s > 0, M̃ ≥ 100, t·d/c_δ ≤ 1e8.
    public init(
        dimension: Int, width: Int, lambda: Double, ridge: Double = 0.01, stepConstant: Double = 1, time: Double = 40,
        initialScale: Double = 1, testSamples: Int = 4000
    ) throws(RibbonError) {
        guard dimension >= 2 && dimension <= 100_000 else {
            throw .parameter("dimension d must be in 2...100000 (got \(dimension)): the means are e₁, e₂")
        }
        guard width >= 1 && width <= 1000 else { throw .parameter("width K must be in 1...1000 (got \(width))") }
        _ = try MixtureSGDSetting(classes: 2, lambda: lambda, ridge: ridge, stepConstant: stepConstant)
        guard time > 0, time.isFinite, time * Double(dimension) / stepConstant <= 1e8 else {
            throw .parameter("training time t must be > 0 with t·d/c_δ ≤ 1e8 steps (got t = \(time))")
        }
        guard initialScale > 0, initialScale.isFinite else {
            throw .parameter("initial scale must be a finite number > 0 (got \(initialScale))")
        }
        guard testSamples >= 100 && testSamples <= 1_000_000 else {
            throw .parameter("test samples must be in 100...1000000 (got \(testSamples))")
        }
        self.dimension = dimension
        self.width = width
        self.lambda = lambda
        self.ridge = ridge
        self.stepConstant = stepConstant
        self.time = time
        self.initialScale = initialScale
        self.testSamples = testSamples
    }

    /// One trained network's measurements.
    public struct Outcome: Sendable {
        public let accuracy: Double
        public let outliers: Int
        public let coveredComponents: Int
        /// Eigenvalues of the second-layer Hessian (descending) and the within-component edge.
        public let eigenvalues: [Double]
        public let edge: Double
    }

    /// Components: mean index (0: e₁, 1: e₂) and sign; label 1 for ±e₁.
    static let components: [(axis: Int, sign: Double, label: Double)] = [(0, 1, 1), (0, -1, 1), (1, 1, 0), (1, -1, 0)]

    static func draw(_ y: inout [Double], lambda: Double, rng: RandomGenerator) -> Int {
        let c = rng.integer(below: 4)
        let s = 1 / lambda.squareRoot()
        for i in y.indices { y[i] = s * rng.gaussian() }
        y[components[c].axis] += components[c].sign
        return c
    }

    /// Trains with `seed` and measures.
    public func run(seed: UInt64) throws(RibbonError) -> Outcome {
        let d = dimension, k = width
        let rng = RandomGenerator(seed: seed)
        var w = (0..<(k * d)).map { _ in initialScale / Double(d).squareRoot() * rng.gaussian() }
        var v = (0..<k).map { _ in initialScale / Double(k).squareRoot() * rng.gaussian() }
        let delta = stepConstant / Double(d), shrink = 1 - delta * ridge
        var y = [Double](repeating: 0, count: d), pre = [Double](repeating: 0, count: k)
        let steps = Int((time / delta).rounded())
        for _ in 0..<steps {
            let c = Self.draw(&y, lambda: lambda, rng: rng)
            var f = 0.0
            w.withUnsafeBufferPointer { ws in
                y.withUnsafeBufferPointer { ys in
                    for i in 0..<k {
                        pre[i] = VectorKernels.dot(ws.baseAddress! + i * d, ys.baseAddress!, d);
                        f += v[i] * max(pre[i], 0)
                    }
                }
            }
            let g = 1 / (1 + Double.exp(-f)) - Self.components[c].label
            w.withUnsafeMutableBufferPointer { ws in
                for i in 0..<k {
                    let row = ws.baseAddress! + i * d
                    let scale = pre[i] > 0 ? delta * g * v[i] : 0
                    for j in 0..<d { row[j] = shrink * row[j] - scale * y[j] }
                }
            }
            for i in 0..<k { v[i] = shrink * v[i] - delta * g * max(pre[i], 0) }
        }
        guard w.allSatisfy(\.isFinite), v.allSatisfy(\.isFinite) else {
            throw RibbonError(.numerical, "XOR training diverged (seed \(seed)); lower the step constant")
        }
        return try measure(w: w, v: v, rng: rng.child(1))
    }

    func measure(w: [Double], v: [Double], rng: RandomGenerator) throws(RibbonError) -> Outcome {
        let d = dimension, k = width, n = testSamples
        var y = [Double](repeating: 0, count: d)
        var hidden = [Double](repeating: 0, count: n * k), weight = [Double](repeating: 0, count: n),
            component = [Int](repeating: 0, count: n)
        var right = 0
        for mu in 0..<n {
            let c = Self.draw(&y, lambda: lambda, rng: rng)
            component[mu] = c
            var f = 0.0
            w.withUnsafeBufferPointer { ws in
                y.withUnsafeBufferPointer { ys in
                    for i in 0..<k {
                        let h = max(VectorKernels.dot(ws.baseAddress! + i * d, ys.baseAddress!, d), 0)
                        hidden[mu * k + i] = h
                        f += v[i] * h
                    }
                }
            }
            let p = 1 / (1 + Double.exp(-f))
            weight[mu] = p * (1 - p)
            if (p > 0.5) == (Self.components[c].label == 1) { right += 1 }
        }
        // Weighted second moment and its within-component part.
        var full = [Double](repeating: 0, count: k * k), within = full
        var means = [Double](repeating: 0, count: 4 * k), totals = [Double](repeating: 0, count: 4)
        for mu in 0..<n {
            totals[component[mu]] += weight[mu]
            for i in 0..<k { means[component[mu] * k + i] += weight[mu] * hidden[mu * k + i] }
        }
        for c in 0..<4 where totals[c] > 0 { for i in 0..<k { means[c * k + i] /= totals[c] } }
        for mu in 0..<n {
            let c = component[mu], a = weight[mu] / Double(n)
            for i in 0..<k {
                let hi = hidden[mu * k + i], di = hi - means[c * k + i]
                for j in 0...i {
                    full[i * k + j] += a * hi * hidden[mu * k + j]
                    within[i * k + j] += a * di * (hidden[mu * k + j] - means[c * k + j])
                }
            }
        }
        for i in 0..<k { for j in 0..<i { full[j * k + i] = full[i * k + j]; within[j * k + i] = within[i * k + j] } }
        let values: [Double], edge: Double
        do {
            values = try SymmetricEigensystem.decompose(full, order: k).values
            edge = try SymmetricEigensystem.decompose(within, order: k).values[0]
        } catch { throw RibbonError(.numerical, "second-layer Hessian eigenvalues failed: \(error)") }
        let outliers = values.filter { $0 > edge * (1 + OutlierSimulation.edgeMargin) }.count
        var covered = 0
        for comp in Self.components {
            let hit = (0..<k).contains { i in
                comp.sign * w[i * d + comp.axis] > 0 && (comp.label == 1 ? v[i] > 0 : v[i] < 0)
            }
            if hit { covered += 1 }
        }
        return Outcome(
            accuracy: Double(right) / Double(n), outliers: outliers, coveredComponents: covered, eigenvalues: values,
            edge: edge)
    }

    /// Coupon-collector estimate that K hidden units, each landing on one of the 4 components
    /// uniformly at random, cover all four: Σ_j (−1)^j C(4, j)(1 − j/4)^K.
    public static func couponCollector(width k: Int) -> Double {
        let binomial = [1.0, 4, 6, 4, 1]
        return (0...4).reduce(0) { s, j in
            s + (j % 2 == 0 ? 1 : -1) * binomial[j] * Double.pow(1 - Double(j) / 4, Double(k))
        }
    }
}

/// Success share versus width over seeds (OUTLIERS.md §2, two-layer XOR): success = test accuracy
/// ≥ `successAccuracy`; beside it the share of runs with exactly 4 second-layer outliers, how often
/// "4 outliers" and success coincide, and the coupon-collector estimate.
public struct XORWidthStudy: Sendable {
    public static let successAccuracy = 0.9

    public struct Row: Sendable {
        public let width: Int
        public let runs: Int
        public let successShare: Double
        public let fourOutlierShare: Double
        /// Share of runs where (4 outliers) ⇔ (success) holds.
        public let agreement: Double
        /// Share of runs whose outlier count equals their covered-component count.
        public let outliersMatchCovered: Double
        public let meanOutliers: Double
        public let meanAccuracy: Double
        public let couponCollector: Double
        /// Per run: accuracy, outliers, covered.
        public let outcomes: [TwoLayerXOR.Outcome]
    }

    public let rows: [Row]

    /// Runs `runs` seeds (seed, seed + 1, …) at each width, both cores.
    public init(widths: [Int], runs: Int, seed: UInt64, make: (Int) throws(RibbonError) -> TwoLayerXOR)
        throws(RibbonError)
    {
        guard !widths.isEmpty else { throw .parameter("no width given") }
        try OutlierSimulation.validate(runs: runs, seed: seed)
        var rows: [Row] = []
        for k in widths {
            let model = try make(k)
            let results = SeedStatistics.parallelRuns(runs) { r throws(RibbonError) in
                try model.run(seed: seed + UInt64(r))
            }
            var outcomes: [TwoLayerXOR.Outcome] = []
            for result in results { outcomes.append(try result.get()) }
            let n = Double(runs)
            let success = outcomes.map { $0.accuracy >= Self.successAccuracy }
            let four = outcomes.map { $0.outliers == 4 }
            rows.append(
                Row(
                    width: k, runs: runs, successShare: Double(success.filter { $0 }.count) / n,
                    fourOutlierShare: Double(four.filter { $0 }.count) / n,
                    agreement: Double(zip(success, four).filter { $0 == $1 }.count) / n,
                    outliersMatchCovered: Double(outcomes.filter { $0.outliers == $0.coveredComponents }.count) / n,
                    meanOutliers: outcomes.reduce(0) { $0 + Double($1.outliers) } / n,
                    meanAccuracy: outcomes.reduce(0) { $0 + $1.accuracy } / n,
                    couponCollector: TwoLayerXOR.couponCollector(width: k), outcomes: outcomes))
        }
        self.rows = rows
    }
}
