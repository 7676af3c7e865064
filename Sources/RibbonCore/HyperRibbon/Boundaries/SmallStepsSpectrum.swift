import RealModule

/// The exact small-T method (BOUNDARIES.md §2.6, tag: exact): the top variances of the E2 covariance
/// of discrete GD, and the HR verdict, **without a d × d eigensolve**.
///
/// Why: the centred time covariance of T + 1 points has rank ≤ T, so the E2 covariance is a diagonal
/// plus a rank-T update,
///
///   C = D + VᵀV,   D_i = σ₀² λ_i S_T(q_i²),   V = QᵀZ/√(T+1)  (T × d),   Z_{t,i} = b_i q_i^t,
///
/// with b_i = √λ_i a_i the amplitudes of `TrajectoryCovariance.amplitudes` (σ₀, r and the target
/// profile included) and Q the (T+1) × T Helmert basis of the centred time vectors. Counting the
/// eigenvalues above μ is then a T × T problem (Haynsworth inertia additivity on the bordered matrix
/// [[D − μ, Vᵀ], [V, −I_T]]):
///
///   #{eig C > μ} = #{i : D_i > μ} + #{negative eigenvalues of M(μ) = I_T + V(D − μ)⁻¹Vᵀ},
///
/// which costs O(d·T² + T³) per count, linear in d, with no d × d matrix at all. It is also an exact
/// path independent of E2 (different algorithm, different rounding) for cross-checks: its mid-spectrum
/// variances are the more accurate of the two (tests, against mpmath). Eigenvalue k (descending) is
/// bracketed by interlacing, D_(k) ≤ μ_k ≤ D_(k−T) (D sorted descending; for k ≤ T the upper end is
/// D_(1) + ‖V‖²_F), and the bracket is shrunk by counts only (see `variance`). The trace is exact,
/// tr C = Σ D_i + ‖V‖²_F, so the verdict stops computing eigenvalues as soon as the remaining trace is
/// at most ε·tr C: only μ₁…μ_{K_ε} are ever computed.
///
/// Numerics.
/// - **Helmert products without cancellation.** Column k of Q is (1,…,1, −k, 0,…)/√(k(k+1)) (k ones),
///   so (QᵀZ)_{k,i} = b_i g_k(q_i)/√(k(k+1)) with g_k(q) = Σ_{t<k} (q^t − q^k): centring removes the
///   constants exactly. g obeys g_k = g_{k−1} + k·ηλ·q^{k−1}, g₀ = 0: for 0 < q < 1 every term is
///   positive, so slow modes (ηλT ≪ 1, g_k ≈ ηλ k(k+1)/2) keep full relative accuracy with no
///   q^t − 1 difference at all (this does what expm1(t·log1p(−ηλ)) would, in O(T) per mode without
///   transcendental calls); q = 0 (ηλ = 1) and q < 0 (1 < ηλ < 2) need no special case. D_i is
///   TimeAverager's meanOfSquare, the same stable S_T(q²) the E2 engine uses.
/// - **Units.** Everything is divided by tr C (so nothing over- or underflows where it matters) and
///   scaled back on output; the T × T matrix is scaled by a power of two before its eigensolve.
/// - **Poles.** A count at μ equal to some D_i exactly is taken at the next double up,
///   μ⁺ = μ.nextUp (repeated until no D_i equals it). The count then is #{eig > μ⁺}, which differs from
///   #{eig > μ} only if an eigenvalue lies in (μ, μ⁺], one ulp: below the search's own resolution.
///   *Near* a pole the term V_iV_iᵀ/(D_i − μ) is huge and would swamp M's other eigenvalues (the
///   eigensolver's error is ε‖M‖); such modes are kept bordered instead of eliminated (`evaluate`).
/// - **Negligible terms (stated bound).** At each μ, a mode whose term ‖V_i‖²/|D_i − μ| (its 2-norm in
///   M) is at most 2⁻⁶⁴/n (n the modes with V_i ≠ 0) is left out of M: all left-out terms together move
///   M's eigenvalues by at most 2⁻⁶⁴ ≈ 5e-20, far below M's own rounding (M = I + …). This removes the
///   far tail of a steep spectrum from the O(d·T²) product without changing any count.
/// - **Decoupled tail (stated bound, `truncationBound`).** A mode with both D_i and ‖V_i‖² below
///   2⁻⁹⁰⁰·tr C has its V column set to 0, so its eigenvalue is exactly D_i and it never enters M
///   (whose pole 1/(D_i − μ) could otherwise overflow). By Weyl this moves any eigenvalue by at most
///   Σ (‖V_i‖² + 2‖V_i‖·‖V‖_F) ≤ 2⁻⁴⁴⁹·tr C over those modes: `truncationBound`, 0 in practice.
/// - **Exact ties.** m > T modes with exactly equal D_i span at most T directions of V; an orthogonal
///   mixing within the tie (QR of their V columns) leaves C's eigenvalues unchanged and keeps T coupled
///   modes, the other m − T having variance exactly D_i (degenerate file or kernel spectra).
/// - **Inertia.** Negative eigenvalues are counted from `SymmetricEigenvalueSolver` (backward stable).
///   Counts are therefore exact except for μ within rounding of an eigenvalue, which only sets the
///   final resolution.
///
/// Accuracy: the search stops at relative width 2⁻⁴⁷ (midpoint within 3.6e-15). Measured against
/// mpmath (40 digits): ≤ 4e-12 relative on the top 12 variances of three hard points (E2: 2.4e-11),
/// ≤ 6e-14 elsewhere; against E2 on d = 200 grids the verdicts and K_ε are identical and variances
/// agree to 1e-11·μ_k + 8ε·μ₁ (tests). Variances are not floored (E2 floors |μ| < 1e-15·μ₁ to 0); a
/// mode with D_i = 0 and V_i = 0 (λ_i = 0) has variance exactly 0.
///
/// Cost (release, d = 200, one core of a loaded 2-core machine, ≈ 13 counts per variance): a verdict
/// takes 0.1–2.5 ms at T = 10 and 2–40 ms at T = 64 on geometric spectra (c = 0.5…2, r = 0.3…30; E2
/// with its proven truncation takes 0.1–0.5 ms there); on spectra with K_ε ≈ d (power laws α = 1, 2
/// with small r, where every variance is needed) 14–50 ms at T = 10 and 0.25–0.7 s at T = 64 (E2:
/// 1.5 ms). So at d = 200 this is a second exact engine, not a faster one; its cost is linear in d
/// and cubic in T.
///
/// Discrete GD only (flow has no finite T), 1 ≤ T ≤ `largestSteps`, any target profile and spectrum.
/// Thread safety: the value is immutable and `Sendable`; each call allocates its own small scratch
/// space (the bordered matrix, its solvers, bracket arrays) once and reuses it in every count.
public struct SmallStepsSpectrum: Sendable {
    /// The T up to which the method is used by default: BOUNDARIES.md §2.7 prescribes it for T ≤ 64 (or a
    /// steps search that ends there; §2.6 reports agreement with E2 on all steps boundaries of its grid
    /// with T* ≤ 64). Up to 64 a verdict stays within tens of milliseconds on geometric spectra at
    /// d = 200; a count grows as T³ (and as d·T²), so beyond it E2 or the asymptotic forms are the
    /// better tool.
    public static let maximumSteps = 64

    /// The hard limit on T: M is T × T and each count costs O(d·T² + T³), so beyond this the method is
    /// never the right tool (use `WidthSpectrum`, the d × d engine).
    public static let largestSteps = 1024

    /// The input spectrum.
    public let spectrum: Spectrum
    /// The training knobs (discrete GD).
    public let knobs: Knobs
    /// The exact trace tr C = Σ D_i + ‖V‖²_F (the total variance).
    public let trace: Double
    /// The proven bound on how far decoupling the negligible tail moved any variance (see the type's
    /// notes; 0 unless some mode is below 2⁻⁹⁰⁰·tr C).
    public let truncationBound: Double

    /// T.
    let steps: Int
    /// D_i / tr C, sorted descending.
    let noise: [Double]
    /// V / √tr C, mode-major in the sorted order: column j is factor[j·T ..< (j+1)·T].
    let factor: [Double]
    /// ‖V_j‖² / tr C per sorted mode.
    let columnNorms: [Double]
    /// Modes with a nonzero V column.
    let coupledModes: Int
    /// Modes with D_j > 0 or V_j ≠ 0; the remaining (zero) modes have variance exactly 0 and sort last.
    let nonzeroModes: Int
    /// ‖V‖²_F / tr C.
    let frobenius: Double
    /// (Σ D_i + ‖V‖²_F)/tr C as computed (1 up to rounding): the normalised total.
    let normalisedTrace: Double

    /// The model dimension d.
    public var dimension: Int { noise.count }

    /// Builds D and V of `spectrum` under `knobs`. Throws for gradient flow, T > `largestSteps`, an
    /// unstable step size, or a covariance that over- or underflows double precision.
    public init(spectrum: Spectrum, knobs: Knobs) throws(RibbonError) {
        guard knobs.dynamics == .discrete else {
            throw .parameter(
                "the exact small-T method needs discrete gradient descent (a whole number of steps T); gradient flow has no rank-T structure: use the d×d engine for gradient flow",
                topic: .dynamics)
        }
        try knobs.validateStability(for: spectrum)
        guard knobs.steps <= Double(Self.largestSteps) else {
            throw .parameter(
                "the exact small-T method allows 1 ≤ steps ≤ \(Self.largestSteps) (got \(knobs.steps)); its cost grows as T³ per count: use the d×d engine for larger T"
            )
        }
        let t = Int(knobs.steps)
        let d = spectrum.dimension
        let averager = TimeAverager(knobs: knobs)
        let sigma2 = knobs.sigma0 * knobs.sigma0
        let amplitudes = TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs)
        let count = Double(t + 1)

        // Helmert weights 1/√(k(k+1)(T+1)), k = 1…T.
        let helmert = (1...t).map { k in 1 / (Double(k) * Double(k + 1) * count).squareRoot() }
        var rawNoise = [Double](repeating: 0, count: d)
        var rawFactor = [Double](repeating: 0, count: d * t)
        var rawNorms = [Double](repeating: 0, count: d)
        for i in 0..<d {
            let lambda = spectrum.eigenvalues[i]
            rawNoise[i] = sigma2 * lambda * averager.meanOfSquare(averager.mode(lambda: lambda))
            let b = amplitudes[i]
            guard lambda > 0, b != 0 else { continue }
            let h = knobs.eta * lambda, q = 1 - h
            var g = 0.0, power = 1.0, norm = 0.0  // g_k, q^{k−1}
            for k in 1...t {
                g += Double(k) * h * power
                power *= q
                if abs(power) < 0x1p-1000 { power = 0 }  // no subnormal powers (their terms are < 2⁻⁹⁹⁰ g)
                let v = b * g * helmert[k - 1]
                rawFactor[i * t + k - 1] = v
                norm += v * v
            }
            rawNorms[i] = norm
        }
        let noiseSum = rawNoise.reduce(0, +), frobeniusRaw = rawNorms.reduce(0, +)
        let total = noiseSum + frobeniusRaw
        guard total.isFinite, rawNoise.allSatisfy(\.isFinite), rawFactor.allSatisfy(\.isFinite) else {
            throw RibbonError(
                .numerical,
                "the covariance overflows double precision (σ₀, r or λ₁ too large); rescale the inputs: widths scale as σ₀² and ratios are scale-free"
            )
        }
        guard total >= Double.leastNormalMagnitude else {
            throw RibbonError(
                .numerical,
                "the covariance underflows double precision (σ₀, r or λ₁ too small); rescale the inputs: widths scale as σ₀² and ratios are scale-free"
            )
        }

        // Sort by D descending and normalise by the trace.
        // Among equal D (in practice D = 0), larger ‖V‖ first, so the zero modes (D = 0, V = 0) sort last.
        let order = (0..<d).sorted { a, b in
            if rawNoise[a] != rawNoise[b] { return rawNoise[a] > rawNoise[b] }
            if rawNorms[a] != rawNorms[b] { return rawNorms[a] > rawNorms[b] }
            return a < b
        }
        let inverse = 1 / total, rootInverse = 1 / total.squareRoot()
        let frobeniusRoot = (frobeniusRaw * inverse).squareRoot()
        var noise = [Double](repeating: 0, count: d)
        var factor = [Double](repeating: 0, count: d * t)
        var norms = [Double](repeating: 0, count: d)
        var bound = 0.0, coupled = 0
        for (j, i) in order.enumerated() {
            noise[j] = rawNoise[i] * inverse
            let norm = rawNorms[i] * inverse
            if noise[j] < 0x1p-900 && norm < 0x1p-900 {
                bound += norm + 2 * norm.squareRoot() * frobeniusRoot  // decoupled: V_j := 0
            } else if norm > 0 {
                for k in 0..<t { factor[j * t + k] = rawFactor[i * t + k] * rootInverse }
                norms[j] = norm
                coupled += 1
            }
        }
        // Exact ties: m > T coupled modes with the same D span at most T directions of V. An orthogonal
        // mixing within the tie leaves D·I unchanged, so C keeps its eigenvalues when W = [V_j] (T × m)
        // is replaced by W·Q = [Rᵀ, 0] from the QR factorisation Wᵀ = QR: T coupled modes remain, the
        // other m − T have V = 0 (variance exactly D, multiplicity counted by #{D > μ}).
        var start = 0
        while start < d {
            var end = start + 1
            while end < d && noise[end] == noise[start] { end += 1 }
            let members = (start..<end).filter { norms[$0] > 0 }
            if members.count > t {
                Self.compressTie(members, steps: t, factor: &factor, norms: &norms)
                coupled -= members.count - t
            }
            start = end
        }
        // The zero modes (D_j = 0 and V_j = 0: λ_j = 0, or decoupled with D underflowed) are the last ones.
        let nonzero = (0..<d).filter { noise[$0] > 0 || norms[$0] > 0 }.count
        self.spectrum = spectrum
        self.knobs = knobs
        self.steps = t
        self.trace = total
        self.truncationBound = bound * total
        self.noise = noise
        self.factor = factor
        self.columnNorms = norms
        self.coupledModes = coupled
        self.nonzeroModes = nonzero
        self.frobenius = norms.reduce(0, +)
        self.normalisedTrace = noise.reduce(0, +) + self.frobenius
    }

    /// Replaces the V columns of `members` (equal D) by the rows of R in Wᵀ = QR (Householder), the
    /// first T members keeping them and the rest set to 0; updates their squared norms.
    private static func compressTie(_ members: [Int], steps t: Int, factor: inout [Double], norms: inout [Double]) {
        let m = members.count
        var a = [Double](repeating: 0, count: m * t)  // Wᵀ, row i = V column of members[i]
        for (i, j) in members.enumerated() { for c in 0..<t { a[i * t + c] = factor[j * t + c] } }
        var v = [Double](repeating: 0, count: m)
        for k in 0..<min(m, t) {
            var norm = 0.0
            for i in k..<m { norm += a[i * t + k] * a[i * t + k] }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            let alpha = a[k * t + k] > 0 ? -norm : norm
            for i in k..<m { v[i] = a[i * t + k] }
            v[k] -= alpha
            var vv = 0.0
            for i in k..<m { vv += v[i] * v[i] }
            guard vv > 0 else { continue }
            for c in k..<t {
                var dot = 0.0
                for i in k..<m { dot += v[i] * a[i * t + c] }
                let f = 2 * dot / vv
                for i in k..<m { a[i * t + c] -= f * v[i] }
            }
            a[k * t + k] = alpha
            for i in (k + 1)..<m { a[i * t + k] = 0 }
        }
        for (i, j) in members.enumerated() {
            var norm = 0.0
            for c in 0..<t {
                let x = i < t && c >= i ? a[i * t + c] : 0
                factor[j * t + c] = x
                norm += x * x
            }
            norms[j] = norm
        }
    }

    // MARK: Public API

    /// #{eigenvalues of C > μ}, by Haynsworth inertia (see the type's notes; a μ equal to some D_i is
    /// taken one ulp up). μ < 0 gives d; μ must be finite.
    public func count(above mu: Double) throws(RibbonError) -> Int {
        guard mu.isFinite else { throw .parameter("the count threshold μ must be finite (got \(mu))") }
        if mu < 0 { return dimension }
        let scratch = Scratch(self)
        return try evaluate(mu / trace, scratch).count
    }

    /// The top k variances μ₁ ≥ … ≥ μ_k (k ≤ d), each from counts to relative ≈ 4e-15 (`variance`).
    public func variances(top k: Int) throws(RibbonError) -> [Double] {
        guard k >= 0, k <= dimension else {
            throw .parameter("the number of variances must lie in 0…\(dimension) (got \(k))")
        }
        let scratch = Scratch(self)
        var result = [Double](repeating: 0, count: k)
        var previous = Double.infinity
        for index in 0..<k {
            // Each variance is the midpoint of its own bracket; equal variances (ties) could come out
            // ≈ 1e-16 out of order, so the sequence is made non-increasing.
            previous = min(previous, try variance(index, scratch))
            result[index] = previous * trace
        }
        return result
    }

    /// HR(ρ*, ε) with the semantics of `HyperRibbonCriterion.verdict(for:)` on the exact widths:
    /// K_ε is the smallest K with tr C − Σ_{k≤K} μ_k ≤ ε·tr C (exact trace), and the ratios
    /// μ_{k+1}/μ_k, k < K_ε, are tested. Only μ₁…μ_{K_ε} are computed (the last tested ratio is
    /// μ_{K_ε}/μ_{K_ε−1}, so μ_{K_ε+1} is never needed).
    public func verdict(_ criterion: HyperRibbonCriterion) throws(RibbonError) -> HyperRibbonCriterion.Verdict {
        let scratch = Scratch(self)
        let threshold = criterion.epsilon * normalisedTrace
        var values: [Double] = []
        var partial = 0.0
        while values.count < dimension {
            let mu = min(values.last ?? .infinity, try variance(values.count, scratch))  // non-increasing
            values.append(mu)
            partial += mu
            if normalisedTrace - partial <= threshold { break }
        }
        let k = values.count
        var worst: Double? = nil, worstIndex: Int? = nil
        if k >= 2 {
            for i in 0..<(k - 1) {
                let r = values[i + 1] / values[i]
                if worst == nil || r > worst! { worst = r; worstIndex = i + 1 }
            }
        }
        let margin = criterion.rho - (worst ?? 0)
        return HyperRibbonCriterion.Verdict(
            isHyperRibbon: margin >= 0, kEpsilon: k, worstRatio: worst,
            worstIndex: worstIndex, margin: margin)
    }

    // MARK: Count and search (normalised units: tr C = 1)

    /// Scratch space of one call: the bordered matrix, its solvers, and the per-index brackets that
    /// every count refines. Allocated once per public call, reused by every count.
    final class Scratch {
        /// Largest matrix order the buffers hold (grown, rarely, when more modes are bordered).
        private(set) var capacity: Int
        private(set) var matrix: UnsafeMutablePointer<Double>
        private(set) var values: UnsafeMutablePointer<Double>
        /// Indices of the near-pole modes of the current count.
        let near: UnsafeMutablePointer<Int>
        let solvers = EigenvalueSolvers()
        /// Proven brackets lower[j] ≤ μ_j ≤ upper[j] (0-based, normalised), refined by every count.
        var lower: [Double]
        var upper: [Double]

        init(_ s: SmallStepsSpectrum) {
            capacity = s.steps + 8
            matrix = .allocate(capacity: capacity * capacity)
            values = .allocate(capacity: capacity)
            near = .allocate(capacity: s.dimension + 2)
            let d = s.dimension
            lower = s.noise
            upper = (0..<d).map { j in j >= s.steps ? s.noise[j - s.steps] : s.noise[0] + s.frobenius }
            for j in 0..<d where j >= s.nonzeroModes { upper[j] = 0; lower[j] = 0 }
        }

        /// Makes room for an order × order matrix (doubling, so growth is rare).
        func reserve(order: Int) {
            guard order > capacity else { return }
            matrix.deallocate()
            values.deallocate()
            capacity = max(order, 2 * capacity)
            matrix = .allocate(capacity: capacity * capacity)
            values = .allocate(capacity: capacity)
        }

        deinit {
            matrix.deallocate()
            values.deallocate()
            near.deallocate()
        }
    }

    /// A mode whose term in M has 2-norm t_j = ‖V_j‖²/|D_j − μ| above this is a near pole: it is kept
    /// in the bordered block instead of being eliminated (see `evaluate`). 2¹⁶ bounds the growth of the
    /// eliminated part (backward error ≲ 2¹⁶ε relative to M's identity); measured against mpmath it is
    /// as accurate as 2⁸ (≤ 4.5e-12 on the hard points) and 3× faster on power-law spectra, whose many
    /// close D_j would otherwise all be bordered.
    static let nearThreshold = 0x1p16

    /// At most this many near-pole modes per count (beyond it the largest terms are bordered and the
    /// rest eliminated): 2T + 64. Exact ties of D are compressed to ≤ T coupled modes at construction,
    /// so only many *nearly* equal D_j with large signals could exceed it.
    var maximumNear: Int { min(2 * steps + 64, coupledModes) }

    /// One count: #{eig C > μ⁺} (μ⁺ ≥ μ the threshold actually used, μ nudged off every D_j), the
    /// number of D_j above μ⁺, and the eigenvalue of the bordered matrix that crosses 0 at the sought
    /// variance (nil when not asked for or out of range).
    struct Evaluation {
        var count: Int
        var threshold: Double
        var above: Int
        var crossing: Double? = nil
    }

    /// Counts at μ (normalised units). The bordered matrix B = [[D − μ, Vᵀ], [V, −I_T]] has the inertia
    /// of C − μ plus T negative eigenvalues (Schur complement of −I_T). Eliminating D − μ instead gives
    /// the count of the type's notes, M = I_T + V(D − μ)⁻¹Vᵀ; here only the well-conditioned pivots are
    /// eliminated, the "far" modes F whose term t_j = ‖V_j‖²/|D_j − μ| is ≤ 2¹⁶ (bounded growth, as in
    /// symmetric pivoting), while the near-pole modes N stay bordered:
    ///
    ///   #{eig C > μ} = #{j ∈ F : D_j > μ} + #{negative eigenvalues of S},
    ///   S = [[M_F, −V_N s], [−s V_Nᵀ, s²(μ − D_N)]],   M_F = I_T + V_F(D_F − μ)⁻¹V_Fᵀ,
    ///
    /// (S is −1 times the Schur complement of D_F − μ in B, congruence-scaled by the diagonal
    /// s_j = 1/max(‖V_j‖, √|μ − D_j|), so every bordered entry is ≤ 1). Why: a term t_j of 1e12 next to
    /// a pole would swamp M's other eigenvalues (the eigensolver's absolute error is ε‖M‖) and miscount
    /// — it did, by O(1) in a variance 1% below a pole, before this; bordered, every entry of S is
    /// O(1 + ‖M_F‖). At most `maximumNear` modes are bordered (the largest t_j), plus, in a search for
    /// μ_index, the two poles adjacent to μ (so that the crossing value below is one smooth function of
    /// μ between them). With `index`, the crossing value is S's eigenvalue at ascending position
    /// index − #{j ∈ F : D_j > μ}: it is negative exactly when μ_index > μ, and it increases with μ
    /// between poles (dS/dμ ⪰ 0 before scaling: dM_F/dμ = V_F(D_F − μ)⁻²V_Fᵀ), so it is a root-finding
    /// function for μ_index.
    func evaluate(_ mu: Double, _ scratch: Scratch, index: Int? = nil) throws(RibbonError) -> Evaluation {
        let d = dimension, t = steps
        var mu = mu
        if mu <= 0 {
            // C restricted to the nonzero modes is positive definite when all of them have D > 0.
            if !noise.prefix(nonzeroModes).contains(0) {
                return Evaluation(count: nonzeroModes, threshold: mu, above: nonzeroModes)
            }
            mu = Double.leastNonzeroMagnitude
        }
        // Nudge μ off the poles, and count #{D_j > μ} (noise is sorted descending).
        var above = 0
        while true {
            var lo = 0, hi = d  // first index with noise ≤ μ
            while lo < hi { let m = (lo + hi) / 2; if noise[m] > mu { lo = m + 1 } else { hi = m } }
            if lo < d && noise[lo] == mu { mu = mu.nextUp; continue }
            above = lo
            break
        }
        guard coupledModes > 0 else { return Evaluation(count: above, threshold: mu, above: above) }  // C = D

        // Near-pole modes: t_j > threshold (the largest `maximumNear` of them) and, in a search for
        // μ_index, the two poles adjacent to μ, so that the crossing value is the same smooth function
        // of μ everywhere between those poles.
        let near = scratch.near
        var nearCount = 0
        for j in 0..<d {
            let norm = columnNorms[j]
            if norm > 0 && norm > Self.nearThreshold * abs(noise[j] - mu) { near[nearCount] = j; nearCount += 1 }
        }
        if nearCount > maximumNear {
            let size = { (j: Int) in self.columnNorms[j] / abs(self.noise[j] - mu) }
            var list = Array(UnsafeBufferPointer(start: near, count: nearCount))  // rare: allocation is fine
            list.sort { size($0) > size($1) }
            list.removeLast(nearCount - maximumNear)
            list.sort()  // ascending: the fill below walks the modes in order
            for a in 0..<maximumNear { near[a] = list[a] }
            nearCount = maximumNear
        }
        if index != nil {
            for j in (above - 1)...above where j >= 0 && j < d && columnNorms[j] > 0 {
                var a = 0
                while a < nearCount && near[a] < j { a += 1 }
                if a < nearCount && near[a] == j { continue }
                var b = nearCount
                while b > a { near[b] = near[b - 1]; b -= 1 }  // insert, keeping the order ascending
                near[a] = j
                nearCount += 1
            }
        }
        var isNear = 0
        var nearAbove = 0
        for a in 0..<nearCount where noise[near[a]] > mu { nearAbove += 1 }

        let order = t + nearCount
        scratch.reserve(order: order)
        let m = scratch.matrix
        for k in 0..<(order * order) { m[k] = 0 }
        for k in 0..<t { m[k * order + k] = 1 }
        let skip = 0x1p-64 / Double(coupledModes)
        try factor.withUnsafeBufferPointer { (f) throws(RibbonError) in
            for j in 0..<d {
                let norm = columnNorms[j]
                guard norm > 0 else { continue }
                if isNear < nearCount && near[isNear] == j { isNear += 1; continue }  // near is ascending
                let gap = noise[j] - mu
                if norm <= skip * abs(gap) { continue }
                let w = 1 / gap
                guard w.isFinite else {
                    throw RibbonError(
                        .numerical,
                        "the small-T count overflowed at a pole (a variance below 2⁻⁹⁰⁰ of the trace); use the d×d engine"
                    )
                }
                let v = f.baseAddress! + j * t
                for k in 0..<t {
                    let a = w * v[k]
                    let row = m + k * order
                    for l in 0...k { row[l] += a * v[l] }
                }
            }
            for a in 0..<nearCount {
                let j = near[a], norm = columnNorms[j]
                let v = f.baseAddress! + j * t
                let row = m + (t + a) * order
                // Congruence scale 1/max(‖V_j‖, √|μ − D_j|): entries ≤ 1 whatever t_j (a forced
                // adjacent pole can have t_j ≪ 1).
                let delta = mu - noise[j]
                let s = 1 / max(norm, abs(delta)).squareRoot()
                for k in 0..<t { row[k] = -s * v[k] }
                row[t + a] = s * s * delta
            }
        }
        let farAbove = above - nearAbove
        let position = index.map { $0 - farAbove }
        if order == 1 {
            let value = m[0]
            guard value.isFinite else {
                throw RibbonError(
                    .numerical, "the small-T count overflowed (non-finite secular value); use the d×d engine")
            }
            return Evaluation(
                count: farAbove + (value < 0 ? 1 : 0), threshold: mu, above: above,
                crossing: position == 0 ? value : nil)
        }
        // Scale by a power of two (exact; inertia is scale-free) so the largest entry is O(1).
        var largest = 0.0
        for k in 0..<order { for l in 0...k { largest = max(largest, abs(m[k * order + l])) } }
        guard largest.isFinite else {
            throw RibbonError(
                .numerical, "the small-T count overflowed (non-finite entry in the bordered matrix); use the d×d engine"
            )
        }
        let exponent = largest.exponent
        let down = Double(sign: .plus, exponent: -exponent, significand: 1)
        for k in 0..<order {
            for l in 0...k {
                let x = m[k * order + l] * down
                m[k * order + l] = abs(x) < 0x1p-1000 ? 0 : x
            }
        }
        let values = scratch.values
        try scratch.solvers.solver(order: order).eigenvalues(destroying: m, into: values)  // descending
        var negative = 0
        for k in 0..<order where values[k] < 0 { negative += 1 }
        var crossing: Double? = nil
        if let p = position, p >= 0, p < order {
            crossing = Double(sign: .plus, exponent: exponent, significand: values[order - 1 - p])
        }
        return Evaluation(count: farAbove + negative, threshold: mu, above: above, crossing: crossing)
    }

    /// Relative width 2⁻⁴⁷ at which the search stops (the midpoint is then within 2⁻⁴⁸ ≈ 3.6e-15).
    static let relativeTolerance = 0x1p-47

    /// μ_index (0-based, normalised): a bracket [lo, hi] refined by counts only, so it is proven at every
    /// step (up to the counts' rounding), and the search stops when hi − lo ≤ 2⁻⁴⁷·hi. Where the next
    /// count goes only affects speed:
    /// - just above lo when lo is the interlacing bound D_index: a deep-tail variance equals D_index to
    ///   working precision, and this one count proves it;
    /// - Brent's method (zeroin: inverse quadratic interpolation, secant, bisection, steps of at least
    ///   a quarter of the tolerance) on the crossing value of `evaluate`, once both ends are counted
    ///   points with no D_j between them (the adjacent poles are bordered, so the function is smooth
    ///   there; its sign is the count's verdict, and Brent needs nothing more to converge);
    /// - bisection otherwise (geometric while hi > 2·lo).
    /// Plain bisection takes ≈ 47 counts per variance; this takes ≈ 13 on average (d = 200 grids).
    func variance(_ index: Int, _ scratch: Scratch) throws(RibbonError) -> Double {
        if index >= nonzeroModes { return 0 }
        let tolerance = Self.relativeTolerance
        var lo = scratch.lower[index], hi = scratch.upper[index]
        if index > 0 { hi = min(hi, scratch.upper[index - 1]) }
        var low: Sample? = nil, high: Sample? = nil
        var probed = false, forceBisection = false

        /// One count at x: refines every bracket, moves lo or hi; returns the sample and whether x is below μ_index.
        func count(at x: Double) throws(RibbonError) -> (sample: Sample?, below: Bool) {
            let e = try evaluate(x, scratch, index: index)
            let used = e.threshold
            // μ_j > used for j < n, μ_j ≤ used for j ≥ n.
            for j in index..<dimension {
                if j < e.count {
                    if scratch.lower[j] < used { scratch.lower[j] = used }
                } else if scratch.upper[j] > used {
                    scratch.upper[j] = used
                }
            }
            let sample = e.crossing.map { Sample(at: used, above: e.above, value: $0) }
            let below = e.count > index
            if below { lo = max(lo, used); low = sample } else { hi = min(hi, used); high = sample }
            return (sample, below)
        }

        while lo < hi, hi - lo > tolerance * hi {
            if !forceBisection, let l = low, let h = high, l.above == h.above, l.value < 0, h.value >= 0 {
                // Brent's zeroin on h, b the best point, [b, c] the bracket.
                var a = l.at, fa = l.value, b = h.at, fb = h.value, c = a, fc = fa
                if abs(fa) < abs(fb) { swap(&a, &b); swap(&fa, &fb); c = a; fc = fa }
                var dStep = b - a, eStep = dStep
                while true {
                    if (fb < 0) == (fc < 0) { c = a; fc = fa; dStep = b - a; eStep = dStep }
                    if abs(fc) < abs(fb) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa }
                    let tol1 = 0.25 * tolerance * abs(b)
                    let xm = 0.5 * (c - b)
                    if abs(xm) <= tol1 || fb == 0 { break }
                    if abs(eStep) >= tol1 && abs(fa) > abs(fb) {
                        var p: Double, q: Double
                        let s = fb / fa
                        if a == c {
                            p = 2 * xm * s; q = 1 - s
                        } else {
                            let qa = fa / fc, r = fb / fc
                            p = s * (2 * xm * qa * (qa - r) - (b - a) * (r - 1))
                            q = (qa - 1) * (r - 1) * (s - 1)
                        }
                        if p > 0 { q = -q } else { p = -p }
                        if 2 * p < min(3 * xm * q - abs(tol1 * q), abs(eStep * q)) {
                            eStep = dStep; dStep = p / q
                        } else {
                            dStep = xm; eStep = dStep
                        }
                    } else {
                        dStep = xm; eStep = dStep
                    }
                    a = b; fa = fb
                    var x = b + (abs(dStep) > tol1 ? dStep : (xm > 0 ? tol1 : -tol1))
                    x = min(max(x, lo), hi)
                    guard x > lo, x < hi else { break }
                    let (sample, below) = try count(at: x)
                    guard let sample, sample.above == l.above, (sample.value < 0) == below else { break }
                    b = sample.at; fb = sample.value
                }
                forceBisection = true  // if the proven bracket is still wide, take one bisection step
                continue
            }
            forceBisection = false
            let x: Double
            if !probed && low == nil && lo > 0 {
                probed = true
                x = lo + 0.5 * tolerance * lo
            } else {
                x = (lo > 0 && hi > 2 * lo) ? lo.squareRoot() * hi.squareRoot() : lo + (hi - lo) / 2
            }
            guard x > lo, x < hi else { break }
            _ = try count(at: x)
        }
        return lo + (hi - lo) / 2
    }

    /// A counted point with the crossing value there and the number of D_j above it.
    struct Sample {
        var at: Double
        var above: Int
        var value: Double
    }
}
