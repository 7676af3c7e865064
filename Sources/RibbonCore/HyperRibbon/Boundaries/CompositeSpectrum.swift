/// The first-order composite spectrum μ_k = r²s_k + D_k of BOUNDARIES.md §1 (tag of its levels: derived
/// levels make it asymptotic, R1 levels reduced).
///
/// Why it works: the initialisation part D is diagonal and exact per mode, the signal part B has
/// r-independent levels s_k, and beyond the signal block the widths are D_k of the same index (to 3–4
/// digits in the spec's measurements). So one set of levels gives the HR verdict at every r with O(d) work
/// and no eigensolve.
///
/// Convention (K_ε): the total is the exact trace tr C = r² tr B + tr D, and the tail past K is the
/// composite's own, r² Σ_{k>K} s_k + Σ_{k>K} D_k; past the last level this is the ledger of §2.1.
public struct CompositeSpectrum: Sendable {
    /// The signal levels s_k (r = 1).
    public let levels: SignalLevels
    /// D_i = σ₀²λ_i S_T(q_i²), descending (exact, E2's initialisation diagonal).
    public let plateau: [Double]
    /// tr B (exact).
    public let signalTrace: Double
    /// tr D.
    public let plateauTrace: Double
    /// Suffix sums Σ_{k≥K} s_k and Σ_{k≥K} D_k (index K, 0-based), for O(1) tails.
    let levelTails: [Double]
    let plateauTails: [Double]

    /// Modes whose initialisation variance is below this share of the kept ones are summed, not evaluated
    /// (their D_i ≤ σ₀²λ_i and signal ≤ σ₀²λ_i are far below rounding of the traces).
    static let droppedShare = 1e-18

    /// The composite of `levels` with the exact D and tr B of `spectrum` under `knobs` (its ratio is ignored).
    ///
    /// Cost: the modes are evaluated only up to the first m with σ₀² Σ_{i>m} λ_i ≤ 1e-18 of the kept trace
    /// (m ≈ N_f + 41/c for a geometric spectrum, whatever d); the dropped modes enter the traces through that
    /// bound, so K_ε can only be overestimated by it. No d × d matrix and no per-pair work.
    public init(levels: SignalLevels, spectrum: Spectrum, knobs: Knobs) throws(RibbonError) {
        try knobs.validateStability(for: spectrum)
        let lambda = spectrum.eigenvalues
        var suffix = [Double](repeating: 0, count: lambda.count + 1)
        for i in stride(from: lambda.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + lambda[i] }
        var m = lambda.count
        while m > 2 && suffix[m - 1] <= Self.droppedShare * (suffix[0] - suffix[m - 1]) { m -= 1 }
        let kept =
            m == lambda.count ? spectrum : Spectrum(source: spectrum.source, eigenvalues: Array(lambda.prefix(m)))
        let entries = CovarianceEntries(spectrum: kept, knobs: try knobs.with(ratio: 1))
        let sigma2 = knobs.sigma0 * knobs.sigma0
        let dropped = sigma2 * suffix[m]
        let d = m
        var plateau = [Double](repeating: 0, count: d)
        var trace = 0.0
        for i in 0..<d {
            let signal = entries.signal(i)
            trace += max(signal, 0)
            plateau[i] = max(entries.diagonal(i) - signal, 0)
        }
        plateau.sort(by: >)
        self.levels = levels
        self.plateau = plateau
        signalTrace = trace + dropped
        plateauTrace = plateau.reduce(0, +) + dropped
        let n = max(d, levels.values.count)
        var lt = [Double](repeating: 0, count: n + 1), pt = lt
        pt[n] = dropped
        for k in stride(from: n - 1, through: 0, by: -1) {
            lt[k] = lt[k + 1] + levels.level(k)
            pt[k] = pt[k + 1] + (k < d ? plateau[k] : 0)
        }
        levelTails = lt
        plateauTails = pt
    }

    /// Number of composite variances (d, or more if there were more levels than modes).
    public var count: Int { levelTails.count - 1 }

    /// D_k (0-based), 0 past d.
    @inline(__always) func plateauValue(_ k: Int) -> Double { k < plateau.count ? plateau[k] : 0 }

    /// μ_k = r²s_k + D_k (0-based k).
    @inline(__always) public func variance(_ k: Int, ratio r: Double) -> Double {
        r * r * levels.level(k) + plateauValue(k)
    }

    /// The composite variances at ratio r.
    public func variances(ratio r: Double) -> [Double] { (0..<count).map { variance($0, ratio: r) } }

    /// HR(ρ*, ε) of the composite at ratio r: K_ε from the exact trace, then every μ_{k+1}/μ_k, k < K_ε.
    public func verdict(ratio r: Double, criterion: HyperRibbonCriterion) -> HyperRibbonCriterion.Verdict {
        let r2 = r * r
        let threshold = criterion.epsilon * (r2 * signalTrace + plateauTrace)
        var kEpsilon = count
        for k in 1...count where r2 * levelTails[k] + plateauTails[k] <= threshold {
            kEpsilon = k
            break
        }
        var worst: Double? = nil, worstIndex: Int? = nil
        if kEpsilon >= 2 {
            for i in 0..<(kEpsilon - 1) {
                let a = variance(i, ratio: r), b = variance(i + 1, ratio: r)
                let ratio = a > 0 ? b / a : 0
                if worst == nil || ratio > worst! { worst = ratio; worstIndex = i + 1 }
            }
        }
        let margin = criterion.rho - (worst ?? 0)
        return HyperRibbonCriterion.Verdict(
            isHyperRibbon: margin >= 0, kEpsilon: kEpsilon, worstRatio: worst,
            worstIndex: worstIndex, margin: margin)
    }
}
