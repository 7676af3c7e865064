import RealModule

/// Per-mode decay over a trajectory: discrete GD moves mode i as x_i^t with x_i = q_i = 1 − ηλ_i,
/// t = 0…T; gradient flow moves it as e^{u_i s}, s ∈ [0, 1], with u_i = −λ_i τ.
///
/// Everything is stored in the forms that avoid cancellation: q − 1 = −ηλ exactly, ln|q| through
/// `log(onePlus:)`, q^N − 1 through `expMinusOne`.
struct ModeDecay: Sendable {
    /// |u| ≤ 1: the mode barely moves over the trajectory, and averages use the moment series.
    var isSlow: Bool
    /// u = N ln q (discrete, q > 0) or −λτ (flow); −∞ when q ≤ 0 (never slow then).
    var u: Double
    /// q (discrete only).
    var x: Double
    /// q − 1 = −ηλ (discrete only).
    var xMinusOne: Double
    /// ln|q| (−∞ for q = 0).
    var logAbs: Double
    /// q < 0 (1 < ηλ < 2).
    var isNegative: Bool
    /// q^N and q^N − 1 (discrete), e^u and e^u − 1 (flow).
    var power: Double
    var powerMinusOne: Double
    /// φ = time average of q^t (or e^{us}).
    var mean: Double
    /// φ − 1, accurate for slow modes.
    var meanMinusOne: Double
}

/// Uniform time averages S_T and their covariances Cov_t(q_i^t, q_j^t), evaluated stably for every
/// 0 < ηλ < 2 and 1 ≤ T ≤ 1e15 (THEORY.md §2).
///
/// Cov_t(q_i^t, q_j^t) = S_T(q_i q_j) − S_T(q_i) S_T(q_j) cancels catastrophically when ηλT ≪ 1.
/// With s = t/N ∈ [0, 1) and u = N ln q, q^t = e^{us}. Three cases, chosen per pair:
/// - both slow (|u| ≤ 1): Cov = Σ_{m,n≥1} uᵢᵐ uⱼⁿ/(m! n!) Cov(sᵐ, sⁿ), a double series whose
///   truncation at order ``seriesOrder`` is below 1e-18 relative;
/// - one slow (j): Cov = [S(q_i q_j) − S(q_i)] − S(q_i)(S(q_j) − 1); the bracket is rewritten
///   exactly as a fraction whose factors (q_j^N − 1, q_j − 1, q_iq_j − 1) are all computed
///   without cancellation, and S(q_j) − 1 comes from the moment series;
/// - neither slow: the closed form, where the two terms differ by O(1) (loss ≲ 20 ulp).
struct TimeAverager: Sendable {
    /// Truncation order M of the moment series (|u| ≤ 1 ⇒ tail ≤ 1/M! ≈ 4e-19).
    static let seriesOrder = 20

    let dynamics: Dynamics
    /// N = T + 1 for discrete GD; unused for flow.
    let count: Double
    let eta: Double
    /// τ = ηT for flow.
    let flowTime: Double
    /// E[s^k], k = 0…2M.
    let moments: [Double]
    /// Cov(s^m, s^n), m, n = 1…M, row-major M×M.
    let momentCovariance: [Double]

    init(knobs: Knobs) {
        dynamics = knobs.dynamics
        count = knobs.steps + 1
        eta = knobs.eta
        flowTime = knobs.flowTime
        let m = Self.seriesOrder
        moments =
            dynamics == .flow
            ? (0...(2 * m)).map { 1 / Double($0 + 1) }
            : Self.discreteMoments(count: count, order: 2 * m)
        var cov = [Double](repeating: 0, count: m * m)
        for a in 1...m {
            for b in 1...m { cov[(a - 1) * m + (b - 1)] = moments[a + b] - moments[a] * moments[b] }
        }
        momentCovariance = cov
    }

    // MARK: Moments of s = t/N, t uniform on 0…N−1

    /// E[(t/N)^k] for k = 0…order: summed directly for N ≤ 4096, otherwise by Faulhaber's formula
    /// Σ_{t<N} t^k = 1/(k+1) Σ_j C(k+1, j) B_j N^{k+1−j} (B₁ = −½), whose terms fall like N^{−j}
    /// so Bernoulli numbers up to B₁₂ reach full precision for N > 4096.
    static func discreteMoments(count n: Double, order: Int) -> [Double] {
        var result = [Double](repeating: 0, count: order + 1)
        if n <= 4096 {
            let steps = Int(n)
            for t in 0..<steps {
                let s = Double(t) / n
                var p = 1.0
                for k in 0...order { result[k] += p; p *= s }
            }
            for k in 0...order { result[k] /= n }
            return result
        }
        let bernoulli: [Double] = [
            1, -0.5, 1.0 / 6, 0, -1.0 / 30, 0, 1.0 / 42, 0, -1.0 / 30, 0, 5.0 / 66, 0, -691.0 / 2730,
        ]
        for k in 0...order {
            var sum = 0.0, binomial = 1.0, inversePower = 1.0  // C(k+1, j), N^{−j}
            for j in 0...min(k, bernoulli.count - 1) {
                sum += binomial * bernoulli[j] * inversePower
                binomial *= Double(k + 1 - j) / Double(j + 1)
                inversePower /= n
            }
            result[k] = sum / Double(k + 1)
        }
        return result
    }

    // MARK: Modes

    /// The decay data of a mode with eigenvalue λ ≥ 0 (ηλ < 2 for discrete GD).
    func mode(lambda: Double) -> ModeDecay {
        switch dynamics {
        case .flow: return flowMode(u: -lambda * flowTime)
        case .discrete: return discreteMode(h: eta * lambda)
        }
    }

    private func flowMode(u: Double) -> ModeDecay {
        let slow = abs(u) <= 1
        let powerMinusOne = Double.expMinusOne(u)
        let mean = u == 0 ? 1 : powerMinusOne / u
        return ModeDecay(
            isSlow: slow, u: u, x: 0, xMinusOne: 0, logAbs: 0, isNegative: false,
            power: Double.exp(u), powerMinusOne: powerMinusOne, mean: mean,
            meanMinusOne: slow ? momentSeries(u) : mean - 1)
    }

    private func discreteMode(h: Double) -> ModeDecay {
        let x = 1 - h
        let (logAbs, negative) = Self.logMagnitude(h: h)
        let u = (negative || x == 0) ? -Double.infinity : count * logAbs
        let slow = !negative && x != 0 && abs(u) <= 1
        let (power, powerMinusOne) = powerN(logAbs: logAbs, negative: negative)
        let mean = h == 0 ? 1 : powerMinusOne / (count * -h)
        return ModeDecay(
            isSlow: slow, u: u, x: x, xMinusOne: -h, logAbs: logAbs, isNegative: negative,
            power: power, powerMinusOne: powerMinusOne, mean: mean,
            meanMinusOne: slow ? momentSeries(u) : mean - 1)
    }

    /// ln|q| and q < 0 for q = 1 − h, without cancellation: log(onePlus:) of −h, or of h − 2 when
    /// q < 0 (|q| = h − 1 = 1 − (2 − h)); −∞ for q = 0.
    static func logMagnitude(h: Double) -> (logAbs: Double, negative: Bool) {
        let x = 1 - h
        if x == 0 { return (-.infinity, false) }
        return x < 0 ? (Double.log(onePlus: h - 2), true) : (Double.log(onePlus: -h), false)
    }

    /// x^n and x^n − 1 from ln|x| and the sign of x, for an integer exponent n, without cancellation
    /// (x^n − 1 through expMinusOne whenever x^n > 0).
    static func power(logAbs: Double, negative: Bool, exponent n: Double) -> (power: Double, powerMinusOne: Double) {
        if n == 0 { return (1, 0) }
        if logAbs == -.infinity { return (0, -1) }
        let magnitude = Double.exp(n * logAbs)
        if negative && n.truncatingRemainder(dividingBy: 2) == 1 { return (-magnitude, -1 - magnitude) }
        return (magnitude, Double.expMinusOne(n * logAbs))
    }

    /// x^N and x^N − 1 for N = T + 1.
    private func powerN(logAbs: Double, negative: Bool) -> (Double, Double) {
        Self.power(logAbs: logAbs, negative: negative, exponent: count)
    }

    /// E[e^{us}] − 1 = Σ_{n≥1} uⁿ/n! E[sⁿ] (|u| ≤ 1).
    func momentSeries(_ u: Double) -> Double {
        var sum = 0.0, term = 1.0
        for n in 1...Self.seriesOrder {
            term *= u / Double(n)
            sum += term * moments[n]
        }
        return sum
    }

    /// The series coefficients uⁿ/n!, n = 1…M, of a slow mode (its row of the factor V in V K Vᵀ).
    func seriesVector(_ u: Double, into out: inout [Double], at offset: Int) {
        var term = 1.0
        for n in 1...Self.seriesOrder {
            term *= u / Double(n)
            out[offset + n - 1] = term
        }
    }

    // MARK: Averages and covariances

    /// Time average of q^{2t} (or e^{2us}): the σ₀² term of the covariance diagonal.
    func meanOfSquare(_ a: ModeDecay) -> Double {
        switch dynamics {
        case .flow:
            return a.u == 0 ? 1 : Double.expMinusOne(2 * a.u) / (2 * a.u)
        case .discrete:
            if a.xMinusOne == 0 { return 1 }
            let h = -a.xMinusOne
            let (_, pm1) = powerN(logAbs: 2 * a.logAbs, negative: false)
            return pm1 / (count * h * (h - 2))
        }
    }

    /// Cov_t(q_i^t, q_j^t) for two modes of which at most one is slow.
    func covariance(_ a: ModeDecay, _ b: ModeDecay) -> Double {
        precondition(!(a.isSlow && b.isSlow), "slow pairs go through the moment series")
        if b.isSlow { return mixedCovariance(fast: a, slow: b) }
        if a.isSlow { return mixedCovariance(fast: b, slow: a) }
        return productMean(a, b) - a.mean * b.mean
    }

    /// Cov_t(q_i^t, q_j^t) for any two modes (the slow–slow case by the double moment series).
    /// The covariance builder uses the factored form V K Vᵀ instead, which is cheaper per pair.
    func pairCovariance(_ a: ModeDecay, _ b: ModeDecay) -> Double {
        guard a.isSlow && b.isSlow else { return covariance(a, b) }
        let m = Self.seriesOrder
        var sum = 0.0, ta = 1.0
        for i in 1...m {
            ta *= a.u / Double(i)
            var tb = 1.0, inner = 0.0
            for j in 1...m {
                tb *= b.u / Double(j)
                inner += tb * momentCovariance[(i - 1) * m + (j - 1)]
            }
            sum += ta * inner
        }
        return sum
    }

    /// S(q_i q_j) (or the flow average of e^{(u_i+u_j)s}) for two fast modes. (q_iq_j)^N − 1 comes
    /// from the modes' own powers, PᵢPⱼ − 1 = (Pᵢ−1)(Pⱼ−1) + (Pᵢ−1) + (Pⱼ−1): no exponential per pair
    /// (the pair loop is O(d²)), and no cancellation where both |Pᵢ| ≤ e^{−1}. An oscillating mode
    /// with q near −1 is "fast" with |P| near 1: there the exponential of the summed logarithms is kept.
    private func productMean(_ a: ModeDecay, _ b: ModeDecay) -> Double {
        var identity: Double { a.powerMinusOne * b.powerMinusOne + a.powerMinusOne + b.powerMinusOne }
        switch dynamics {
        case .flow:
            let u = a.u + b.u
            return u == 0 ? 1 : identity / u
        case .discrete:
            let pm1 = productMinusOne(a, b)
            if pm1 == 0 { return 1 }
            if count * a.logAbs <= -1 && count * b.logAbs <= -1 { return identity / (count * pm1) }
            let (_, powerMinusOne) = powerN(logAbs: a.logAbs + b.logAbs, negative: a.isNegative != b.isNegative)
            return powerMinusOne / (count * pm1)
        }
    }

    /// q_i q_j − 1 = h_i h_j − h_i − h_j, exact to rounding even when both q are near 1.
    private func productMinusOne(_ a: ModeDecay, _ b: ModeDecay) -> Double {
        if a.isNegative && b.isNegative {
            // q = −(1 − g), g = 2 − h exact: q_iq_j − 1 = g_ig_j − g_i − g_j, accurate as ηλ → 2.
            let ga = 2 + a.xMinusOne, gb = 2 + b.xMinusOne
            return ga * gb - ga - gb
        }
        return a.xMinusOne * b.xMinusOne + a.xMinusOne + b.xMinusOne
    }

    /// Cov for a fast mode A and a slow mode B: [S(AB) − S(A)] − S(A)(S(B) − 1), with
    /// S(AB) − S(A) = [(Bᴺ−1) Aᴺ (A−1) − (B−1) A (Aᴺ−1)] / [N (AB−1)(A−1)]  (discrete), or
    ///             = [u e^u (e^v − 1) − v (e^u − 1)] / [u (u + v)]            (flow, A = e^u, B = e^v).
    private func mixedCovariance(fast a: ModeDecay, slow b: ModeDecay) -> Double {
        let difference: Double
        switch dynamics {
        case .flow:
            let u = a.u, v = b.u
            difference = (u * a.power * b.powerMinusOne - v * a.powerMinusOne) / (u * (u + v))
        case .discrete:
            let numerator = b.powerMinusOne * a.power * a.xMinusOne - b.xMinusOne * a.x * a.powerMinusOne
            difference = numerator / (count * productMinusOne(a, b) * a.xMinusOne)
        }
        return difference - a.mean * b.meanMinusOne
    }
}
