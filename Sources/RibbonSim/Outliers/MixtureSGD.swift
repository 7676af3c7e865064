import GSL
import RealModule
import RibbonCore

/// Online SGD for softmax regression on the Gaussian mixture at a finite dimension d
/// (OUTLIERS.md §2): one fresh sample per step, x ← (1 − δβ)x − δ r Yᵀ with r = π(xY) − e_y,
/// δ = c_δ/d, from x = 0. The means are the first k coordinate vectors (the noise is isotropic,
/// so any orthonormal means give the same law).
public struct MixtureSGD: Sendable {
    /// The setting (k, λ, β, c_δ).
    public let setting: MixtureSGDSetting
    /// The dimension d.
    public let dimension: Int

    /// Largest number of SGD steps accepted per run (t·d/c_δ).
    public static let maximumSteps = 200_000_000

    /// Validated: k ≤ d ≤ 10⁶, and c_δ(1/d + 1/λ)/2 < 2 (the finite-d step bound, |Y|² ≈ 1 + d/λ).
    public init(setting: MixtureSGDSetting, dimension: Int) throws(RibbonError) {
        guard dimension >= setting.classes else {
            throw .parameter(
                "dimension d must be at least k = \(setting.classes) (got \(dimension)): the means are orthonormal")
        }
        guard dimension <= 1_000_000 else { throw .parameter("dimension d must be at most 1e6 (got \(dimension))") }
        let d = Double(dimension)
        guard setting.stepConstant / d * (1 + d / setting.lambda) / 2 < 2 else {
            throw .parameter(
                "step δ = c_δ/d = \(setting.stepConstant / d) is unstable at d = \(dimension): need δ·(1 + d/λ)/2 < 2")
        }
        self.setting = setting
        self.dimension = dimension
    }

    /// δ = c_δ/d.
    public var step: Double { setting.stepConstant / Double(dimension) }

    /// The step index of time t (ℓ = round(t/δ)).
    public func stepIndex(time t: Double) -> Int { Int((t / step).rounded()) }

    /// Checks that the run to time `t` is affordable.
    public func validate(finalTime t: Double) throws(RibbonError) {
        guard t >= 0, t.isFinite else { throw .parameter("time must be finite and ≥ 0 (got \(t))") }
        guard Double(stepIndex(time: t)) <= Double(Self.maximumSteps) else {
            throw .parameter(
                "t·d/c_δ = \(Int(t / step)) SGD steps exceeds \(Self.maximumSteps); lower the final time or the dimension"
            )
        }
    }

    /// One sample Y = μ_y + Z/√λ into `y`; returns the label.
    static func sample(_ y: inout [Double], classes k: Int, lambda: Double, rng: RandomGenerator) -> Int {
        let label = rng.integer(below: k)
        let s = 1 / lambda.squareRoot()
        for i in y.indices { y[i] = s * rng.gaussian() }
        y[label] += 1
        return label
    }

    /// Runs SGD from x = 0 with `seed`, calling `checkpoint(j, x)` at each of `times` (ascending)
    /// with x (k × d, row-major); returns the summary statistics there.
    public func run(
        seed: UInt64, times: [Double],
        checkpoint: (Int, [Double]) throws(RibbonError) -> Void = { _, _ in }
    ) throws(RibbonError) -> [MixtureSummary] {
        let k = setting.classes, d = dimension
        guard let last = times.last else { return [] }
        try validate(finalTime: last)
        let rng = RandomGenerator(seed: seed)
        let delta = step, shrink = 1 - delta * setting.ridge
        var x = [Double](repeating: 0, count: k * d)
        var y = [Double](repeating: 0, count: d)
        var p = [Double](repeating: 0, count: k)
        var summaries: [MixtureSummary] = []
        var stepsDone = 0
        for (j, t) in times.enumerated() {
            let target = stepIndex(time: t)
            while stepsDone < target {
                let label = Self.sample(&y, classes: k, lambda: setting.lambda, rng: rng)
                x.withUnsafeMutableBufferPointer { xs in
                    y.withUnsafeBufferPointer { ys in
                        var top = -Double.infinity
                        for a in 0..<k {
                            p[a] = VectorKernels.dot(xs.baseAddress! + a * d, ys.baseAddress!, d)
                            top = max(top, p[a])
                        }
                        var total = 0.0
                        for a in 0..<k { p[a] = Double.exp(p[a] - top); total += p[a] }
                        for a in 0..<k {
                            let r = p[a] / total - (a == label ? 1 : 0)
                            let c = delta * r, row = xs.baseAddress! + a * d
                            for i in 0..<d { row[i] = shrink * row[i] - c * ys[i] }
                        }
                    }
                }
                stepsDone += 1
            }
            guard x.allSatisfy({ $0.isFinite }) else {
                throw RibbonError(
                    .numerical, "SGD diverged before t = \(t) (d = \(d), seed \(seed)); lower the step constant")
            }
            summaries.append(Self.summary(x, classes: k, dimension: d))
            try checkpoint(j, x)
        }
        return summaries
    }

    /// m_ab = x^a·e_b and R⊥_ab = x^a·x^b − Σ_c m_ac m_bc.
    static func summary(_ x: [Double], classes k: Int, dimension d: Int) -> MixtureSummary {
        var s = MixtureSummary(classes: k)
        for a in 0..<k { for b in 0..<k { s.overlaps[a * k + b] = x[a * d + b] } }
        x.withUnsafeBufferPointer { xs in
            for a in 0..<k {
                for b in 0...a {
                    var v = VectorKernels.dot(xs.baseAddress! + a * d, xs.baseAddress! + b * d, d)
                    for c in 0..<k { v -= s.overlaps[a * k + c] * s.overlaps[b * k + c] }
                    s.orthogonal[a * k + b] = v
                    s.orthogonal[b * k + a] = v
                }
            }
        }
        return s
    }
}
