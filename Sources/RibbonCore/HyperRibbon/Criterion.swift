/// The hyper-ribbon criterion HR(ρ*, ε) of THEORY.md §5 (tag: criterion, a definition we chose):
/// with K_ε the smallest K whose tail Σ_{k>K} μ_k is at most ε Σ μ_k, the cloud is a hyper-ribbon
/// iff every successive variance ratio μ_{k+1}/μ_k ≤ ρ* for k < K_ε.
public struct HyperRibbonCriterion: Sendable, Equatable, Codable {
    /// ρ*: the largest allowed ratio of successive variances.
    public let rho: Double
    /// ε: the share of total variance the criterion may ignore.
    public let epsilon: Double

    /// Default ρ* = 0.5.
    public static let defaultRho = 0.5
    /// Default ε = 1e-3.
    public static let defaultEpsilon = 1e-3

    /// Validates 0 < ρ* < 1 and 0 < ε < 1.
    public init(rho: Double = defaultRho, epsilon: Double = defaultEpsilon) throws(RibbonError) {
        guard rho.isFinite, rho > 0, rho < 1 else { throw .parameter("rho must lie in (0, 1) (got \(rho))") }
        guard epsilon.isFinite, epsilon > 0, epsilon < 1 else {
            throw .parameter("epsilon must lie in (0, 1) (got \(epsilon))")
        }
        self.rho = rho
        self.epsilon = epsilon
    }

    /// The outcome of the test on one width spectrum.
    public struct Verdict: Sendable, Equatable {
        /// Whether HR(ρ*, ε) holds, i.e. `margin` ≥ 0.
        public let isHyperRibbon: Bool
        /// K_ε: the smallest K with Σ_{k>K} μ_k ≤ ε Σ μ_k (the lower end of its proven range when the large-d
        /// engine did not compute that far; see `kEpsilonUpper`).
        public let kEpsilon: Int
        /// The upper end of K_ε's proven range from the large-d engine (equal to `kEpsilon` when exact); nil
        /// when every variance was computed.
        public var kEpsilonUpper: Int? = nil
        /// Ratios μ_{k+1}/μ_k examined: all k < K_ε, or fewer when the large-d engine stopped at the first
        /// failing one (then `worstRatio` is a lower bound of the worst); nil when every variance was computed.
        public var ratiosTested: Int? = nil

        /// The upper end of K_ε's proven range (`kEpsilon` itself when exact).
        public var kEpsilonMaximum: Int { kEpsilonUpper ?? kEpsilon }
        /// Whether K_ε is exact (not only bracketed).
        public var isKEpsilonExact: Bool { kEpsilonMaximum == kEpsilon }
        /// How many ratios μ_{k+1}/μ_k were examined (all k < K_ε unless the large-d engine stopped early).
        public var ratiosExamined: Int { ratiosTested ?? max(kEpsilon - 1, 0) }
        /// The largest ratio μ_{k+1}/μ_k over k < K_ε (nil when K_ε = 1: nothing to test).
        public let worstRatio: Double?
        /// The k (1-based) of the worst ratio.
        public let worstIndex: Int?
        /// ρ* − worstRatio: positive inside the hyper-ribbon phase, negative outside. The boundary
        /// solver finds the zero of this margin. When nothing is tested (K_ε = 1) it is ρ*, as for
        /// a worst ratio of 0, so it stays finite for the root finder.
        public let margin: Double
    }

    /// Applies HR(ρ*, ε) to `spectrum`.
    public func verdict(for spectrum: WidthSpectrum) -> Verdict {
        let range = spectrum.kEpsilonRange(epsilon)
        let k = range.lowerBound
        // Ratios k < K_ε, as far as the variances are known (all of them for a complete spectrum).
        let tested = max(min(k, spectrum.count) - 1, 0)
        var worst: Double? = nil, worstIndex: Int? = nil
        for i in 0..<tested {
            let r = spectrum.variances[i + 1] / spectrum.variances[i]
            if worst == nil || r > worst! { worst = r; worstIndex = i + 1 }
        }
        let margin = rho - (worst ?? 0)
        var verdict = Verdict(
            isHyperRibbon: margin >= 0, kEpsilon: k, worstRatio: worst, worstIndex: worstIndex,
            margin: margin)
        if spectrum.unresolved != nil {
            verdict.kEpsilonUpper = range.upperBound
            verdict.ratiosTested = tested
        }
        return verdict
    }
}
