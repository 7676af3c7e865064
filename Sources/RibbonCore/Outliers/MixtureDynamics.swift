import GSL
import RealModule

/// The effective dynamics of online SGD on the Gaussian mixture as d → ∞ (OUTLIERS.md §2,
/// asymptotic): an ODE for the summary statistics m and R⊥. Given the label y, the logits are
/// Gaussian, ℓ ~ N(m_{·y}, Σ) with Σ = (m mᵀ + R⊥)/λ, so every expectation reduces to E[π] and
/// E[π πᵀ] under that law (Stein's lemma turns E[r ζ] and E[r η] into E[∂π] = E[diag π − π πᵀ]):
///
///     ṁ_ab  = −E[r_a(δ_yb + ζ_b)] − β m_ab,
///     Ṙ⊥_ab = −E[r_a η_b + r_b η_a] − 2β R⊥_ab + (c_δ/λ) E[r_a r_b],
///
/// with E[r_a ζ_b] = Σ_c E[J_ac] m_cb/λ, E[r_a η_b] = Σ_c E[J_ac] R⊥_cb/λ, J = diag π − π πᵀ.
public struct MixtureDynamics: Sendable {
    /// How the k-dimensional Gaussian expectations are computed (named in every output).
    public enum Expectation: Sendable, Equatable, CustomStringConvertible {
        /// Tensor-product Gauss–Hermite rule with n nodes per dimension (nᵏ nodes).
        case gaussHermite(nodes: Int)
        /// The same `draws` standard normal vectors at every evaluation (common random numbers).
        case monteCarlo(draws: Int, seed: UInt64)

        /// The default: Gauss–Hermite with n = min(24, ⌊5000^{1/k}⌋) nodes when n ≥ 5, else Monte Carlo with 20 000 draws
        /// (k = 2: 24, k = 3: 17, k = 4: 8, k = 5, 6: 5; checked against a 2k-dimensional direct rule to 1e-7 at λ ≥ 2).
        public static func automatic(classes k: Int) -> Expectation {
            let n = min(24, Int(Double.pow(5000, 1 / Double(k)).rounded(.down)))
            return n >= 5 ? .gaussHermite(nodes: n) : .monteCarlo(draws: 20_000, seed: 1)
        }

        public var description: String {
            switch self {
            case .gaussHermite(let n):
                return "Gauss–Hermite tensor product, \(n) nodes per dimension (GSL gsl_integration_fixed_hermite)"
            case .monteCarlo(let draws, let seed):
                return "Monte Carlo, \(draws) fixed draws (seed \(seed), common random numbers)"
            }
        }
    }

    /// The SGD setting.
    public let setting: MixtureSGDSetting
    /// The expectation rule.
    public let expectation: Expectation
    /// Standard normal points, flat (count × k), and their weights.
    let points: [Double], weights: [Double]

    /// Largest number of expectation points accepted (nᵏ or draws).
    public static let maximumPoints = 2_000_000

    /// Prepares the expectation rule.
    public init(setting: MixtureSGDSetting, expectation: Expectation? = nil) throws(RibbonError) {
        let k = setting.classes
        let rule = expectation ?? .automatic(classes: k)
        switch rule {
        case .gaussHermite(let n):
            guard n >= 1, n <= 64 else { throw .parameter("Gauss–Hermite nodes must be in 1...64 (got \(n))") }
            guard Double.pow(Double(n), Double(k)) <= Double(Self.maximumPoints) else {
                throw .parameter(
                    "Gauss–Hermite with \(n)^\(k) nodes exceeds \(Self.maximumPoints); use fewer nodes or Monte Carlo")
            }
            let rule1: (nodes: [Double], weights: [Double])
            do { rule1 = try Quadrature.gaussHermite(nodes: n) } catch {
                throw RibbonError(.numerical, "Gauss–Hermite nodes: \(error)")
            }
            let count = Int(Double.pow(Double(n), Double(k)).rounded())
            var pts = [Double](repeating: 0, count: count * k), wts = [Double](repeating: 1, count: count)
            for index in 0..<count {
                var rest = index
                for dim in 0..<k {
                    let j = rest % n
                    rest /= n
                    pts[index * k + dim] = rule1.nodes[j]
                    wts[index] *= rule1.weights[j]
                }
            }
            points = pts
            weights = wts
        case .monteCarlo(let draws, let seed):
            guard draws >= 100, draws <= Self.maximumPoints else {
                throw .parameter("Monte Carlo draws must be in 100...\(Self.maximumPoints) (got \(draws))")
            }
            let rng = RandomGenerator(seed: seed)
            points = (0..<(draws * k)).map { _ in rng.gaussian() }
            weights = [Double](repeating: 1 / Double(draws), count: draws)
        }
        self.setting = setting
        self.expectation = rule
    }

    /// The statistics at `times` (ascending, ≥ 0), starting from x = 0.
    public func solve(at times: [Double]) throws(RibbonError) -> [MixtureSummary] {
        guard times.allSatisfy({ $0 >= 0 && $0 <= 1e5 }) else {
            throw .parameter("times must be in [0, 1e5] (t = steps·c_δ/d)")
        }
        let k = setting.classes
        // The right-hand side's own errors come back unchanged; a GSL failure names the routine and time.
        let states = try ODEIntegrator.solve(
            initial: [Double](repeating: 0, count: 2 * k * k), from: 0, at: times,
            absoluteTolerance: 1e-10, relativeTolerance: 1e-9
        ) { (_, y, dy) throws(RibbonError) in
            try self.derivative(y, into: dy)
        }
        return states.map { MixtureSummary(flat: $0, classes: k) }
    }

    /// The right-hand side at the flat state (m, R⊥).
    func derivative(_ y: UnsafeBufferPointer<Double>, into dy: UnsafeMutableBufferPointer<Double>) throws(RibbonError) {
        let k = setting.classes, kk = k * k
        let lambda = setting.lambda, beta = setting.ridge, cDelta = setting.stepConstant
        let m = Array(y[0..<kk]), r = Array(y[kk..<(2 * kk)])
        // Σ = (m mᵀ + R⊥)/λ and a square root L (Σ = L Lᵀ) from its eigenpairs (Σ may be singular).
        var sigma = [Double](repeating: 0, count: kk)
        for a in 0..<k {
            for b in 0...a {
                var s = r[a * k + b] + r[b * k + a]
                s *= 0.5
                for c in 0..<k { s += m[a * k + c] * m[b * k + c] }
                sigma[a * k + b] = s / lambda
                sigma[b * k + a] = s / lambda
            }
        }
        let root = try Self.squareRoot(sigma, order: k)
        // Accumulated over labels: dm (drift of m), eta = E[r η]·λ/… (before symmetrising), noise = E[r rᵀ].
        var dm = [Double](repeating: 0, count: kk), eta = dm, noise = dm
        var meanP = [Double](repeating: 0, count: k), meanPP = [Double](repeating: 0, count: kk)
        for label in 0..<k {
            expectations(mean: (0..<k).map { m[$0 * k + label] }, root: root, meanP: &meanP, meanPP: &meanPP)
            // J = diag E π − E π πᵀ; r = π − e_y.
            for a in 0..<k {
                for b in 0..<k {
                    var jm = 0.0, jr = 0.0
                    for c in 0..<k {
                        let j = (a == c ? meanP[a] : 0) - meanPP[a * k + c]
                        jm += j * m[c * k + b]
                        jr += j * r[c * k + b]
                    }
                    let residual = meanP[a] - (a == label ? 1 : 0)
                    dm[a * k + b] += (b == label ? residual : 0) + jm / lambda
                    eta[a * k + b] += jr / lambda
                    noise[a * k + b] +=
                        meanPP[a * k + b] - (b == label ? meanP[a] : 0) - (a == label ? meanP[b] : 0)
                        + (a == label && b == label ? 1 : 0)
                }
            }
        }
        let prior = 1 / Double(k)
        for a in 0..<k {
            for b in 0..<k {
                let i = a * k + b
                dy[i] = -prior * dm[i] - beta * m[i]
                dy[kk + i] = prior * (cDelta / lambda * noise[i] - eta[i] - eta[b * k + a]) - 2 * beta * r[i]
            }
        }
    }

    /// E[π] and E[π πᵀ] for ℓ = mean + L z, z ~ N(0, I), by the prepared rule.
    func expectations(mean: [Double], root: [Double], meanP: inout [Double], meanPP: inout [Double]) {
        let k = setting.classes
        for i in 0..<k { meanP[i] = 0 }
        for i in 0..<(k * k) { meanPP[i] = 0 }
        var logits = [Double](repeating: 0, count: k)
        points.withUnsafeBufferPointer { z in
            for (index, w) in weights.enumerated() {
                let base = index * k
                var top = -Double.infinity
                for a in 0..<k {
                    var s = mean[a]
                    for c in 0..<k { s += root[a * k + c] * z[base + c] }
                    logits[a] = s
                    top = max(top, s)
                }
                var total = 0.0
                for a in 0..<k { logits[a] = Double.exp(logits[a] - top); total += logits[a] }
                let scale = 1 / total
                for a in 0..<k {
                    let pa = logits[a] * scale
                    meanP[a] += w * pa
                    let wpa = w * pa
                    for b in 0...a { meanPP[a * k + b] += wpa * logits[b] * scale }
                }
            }
        }
        for a in 0..<k { for b in 0..<a { meanPP[b * k + a] = meanPP[a * k + b] } }
    }

    /// The symmetric square root L = Σ^{1/2} (L Lᵀ = Σ) of a positive semi-definite Σ, negative
    /// rounding clipped to 0. Unlike V√S or a Cholesky factor it is continuous in Σ (no sign or order
    /// flips of eigenvectors, and defined at Σ = 0), which keeps the right-hand side smooth for the
    /// adaptive stepper when the expectation points are not symmetric (Monte Carlo).
    public static func squareRoot(_ sigma: [Double], order k: Int) throws(RibbonError) -> [Double] {
        let system: (values: [Double], vectors: [[Double]])
        do { system = try SymmetricEigensystem.decompose(sigma, order: k) } catch {
            throw RibbonError(gslFailure: error)
        }
        var root = [Double](repeating: 0, count: k * k)
        for (value, vector) in zip(system.values, system.vectors) where value > 0 {
            let s = value.squareRoot()
            for a in 0..<k { for b in 0..<k { root[a * k + b] += s * vector[a] * vector[b] } }
        }
        return root
    }
}
