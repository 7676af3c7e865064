import RealModule

/// The variances μ₁ ≥ μ₂ ≥ … of a trajectory cloud (eigenvalues of its covariance), with the
/// quantities derived from them: widths √μ_k, successive variance ratios, explained stress, K_ε.
///
/// Convention (eigenvalue floor): eigenvalues with |μ| < `relativeFloor`·μ₁ are rounding noise of
/// the eigensolver and are set to 0; how many were floored is recorded.
public struct WidthSpectrum: Sendable, Equatable {
    /// Default relative floor 1e-15: about 5 ulp of μ₁, the absolute accuracy of a backward-stable
    /// symmetric eigensolver.
    public static let defaultRelativeFloor = 1e-15

    /// Variances μ_k, descending, all ≥ 0 after the floor.
    public let variances: [Double]
    /// The floor used: eigenvalues with |μ| < relativeFloor·μ₁ were set to 0.
    public let relativeFloor: Double
    /// How many eigenvalues were below the floor (set to 0).
    public let flooredCount: Int
    /// How many of those were negative before flooring (a symmetric PSD matrix has none beyond noise).
    public let negativeCount: Int
    /// The most negative raw eigenvalue (0 if none), so a reader can judge the noise level.
    public let mostNegative: Double
    /// Modes diagonalised (the rest were dropped by the proven truncation; their variances are 0).
    public let keptModes: Int
    /// Proven bound on how far the truncation moved any variance (0 without truncation).
    public let truncationBound: Double
    /// Set when only the leading variances were computed (the large-d engine, `WidthSpectrum+LowRank.swift`): what is
    /// known about the rest. nil when `variances` holds all d values.
    public let unresolved: UnresolvedVariances?

    /// Sorts and floors raw eigenvalues, padding with zeros up to `dimension` (modes dropped by truncation).
    public init(
        rawEigenvalues: [Double], relativeFloor: Double = defaultRelativeFloor,
        dimension: Int? = nil, truncationBound: Double = 0, unresolved: UnresolvedVariances? = nil
    ) {
        self.unresolved = unresolved
        let keptModes = unresolved?.keptModes ?? rawEigenvalues.count
        let padding = unresolved == nil ? max((dimension ?? keptModes) - keptModes, 0) : 0
        let rawEigenvalues = rawEigenvalues + [Double](repeating: 0, count: padding)
        self.keptModes = keptModes
        self.truncationBound = truncationBound
        let sorted = rawEigenvalues.sorted(by: >)
        let top = max(sorted.first ?? 0, 0)
        let floor = relativeFloor * top
        var floored = 0
        variances = sorted.map { value in
            if abs(value) < floor || value < 0 { floored += 1; return 0 }
            return value
        }
        self.relativeFloor = relativeFloor
        flooredCount = floored
        negativeCount = sorted.filter { $0 < 0 }.count
        mostNegative = min(sorted.last ?? 0, 0)
    }

    /// Eigenvalues of a covariance matrix (order n, row-major), computed at unit scale by
    /// `SymmetricEigenvalueSolver.covarianceEigenvalues`: overflow, NaN or a zero matrix is an error,
    /// never a silent verdict.
    public static func eigenvalues(ofCovariance matrix: [Double], order n: Int, solver: SymmetricEigenvalueSolver)
        throws(RibbonError) -> [Double]
    {
        precondition(matrix.count == n * n && solver.order == n)
        return try solver.covarianceEigenvalues { a in
            matrix.withUnsafeBufferPointer { a.update(from: $0.baseAddress!, count: n * n) }
        }
    }

    /// The exact widths (E2/E3 with the proven truncation) of `spectrum` under `knobs`, the covariance
    /// filled straight into the solver's reusable buffer: the scan and boundary hot path (no matrix
    /// allocation per point). Same numbers as `init(covariance:)` on `TrajectoryCovariance(truncation: τ)`.
    ///
    /// With a `criterion`, kept orders above `denseLimit` (or any order with `method: .lowRank`) take the
    /// large-d path: only the leading variances that decide the criterion (and at least `leading`) are
    /// computed, with certified bounds, and `unresolved` describes the rest.
    public init(
        spectrum: Spectrum, knobs: Knobs, truncation: Double = TrajectoryCovariance.defaultTruncation,
        solvers: EigenvalueSolvers, relativeFloor: Double = defaultRelativeFloor,
        criterion: HyperRibbonCriterion? = nil, leading: Int = 6, method: WidthMethod = .automatic
    ) throws(RibbonError) {
        try knobs.validateStability(for: spectrum)
        let family = solvers.family(spectrum: spectrum, knobs: knobs)
        let r = knobs.ratio
        let (m, bound) = family.truncationOrder(ratio: r, tolerance: truncation)
        if let criterion, method == .lowRank || (method == .automatic && m > Self.denseLimit) {
            try self.init(
                lowRank: family.entries(ratio: r), order: m, dimension: spectrum.dimension, truncationBound: bound,
                criterion: criterion, leading: leading, solvers: solvers, relativeFloor: relativeFloor)
            return
        }
        let raw = try solvers.solver(order: m).covarianceEigenvalues { family.fill($0, order: m, ratio: r) }
        self.init(
            rawEigenvalues: raw, relativeFloor: relativeFloor, dimension: spectrum.dimension, truncationBound: bound)
    }

    /// The widths of a full order × order covariance matrix (e.g. the exact SGD covariance).
    public init(covarianceMatrix matrix: [Double], order: Int, solvers: EigenvalueSolvers? = nil) throws(RibbonError) {
        let solver = solvers?.solver(order: order) ?? SymmetricEigenvalueSolver(order: order)
        self.init(rawEigenvalues: try Self.eigenvalues(ofCovariance: matrix, order: order, solver: solver))
    }

    /// Eigen-decomposes an exact trajectory covariance (its kept block; dropped modes are 0).
    public init(
        covariance: TrajectoryCovariance, solvers: EigenvalueSolvers? = nil,
        relativeFloor: Double = defaultRelativeFloor
    ) throws(RibbonError) {
        let eig = solvers?.solver(order: covariance.order) ?? SymmetricEigenvalueSolver(order: covariance.order)
        self.init(
            rawEigenvalues: try Self.eigenvalues(ofCovariance: covariance.matrix, order: covariance.order, solver: eig),
            relativeFloor: relativeFloor, dimension: covariance.dimension, truncationBound: covariance.truncationBound)
    }

    /// Number of variances μ_k known, floored and truncated ones included (all d unless `unresolved`).
    public var count: Int { variances.count }
    /// Total variance Σ_k μ_k (over all d modes, also when only the leading ones were computed).
    public var total: Double { unresolved?.total ?? variances.reduce(0, +) }
    /// The model dimension d.
    public var dimension: Int { unresolved?.dimension ?? variances.count }
    /// The eigen-solution these variances came from: `.dense` (every variance) or `.lowRank` (the leading ones).
    public var method: WidthMethod { unresolved == nil ? .dense : .lowRank }
    /// Proven bound on |μ_k − exact μ_k| beyond the eigensolver's rounding: the truncation bound on the dense
    /// path; truncation, factorisation and the Krylov certificate on the large-d path.
    public var errorBound: Double { unresolved?.errorBound ?? truncationBound }

    /// Widths ℓ_k = √μ_k.
    public var widths: [Double] { variances.map { $0.squareRoot() } }

    /// Number of strictly positive variances.
    public var positiveCount: Int { variances.firstIndex(of: 0) ?? variances.count }

    /// Successive ratios of variances μ_{k+1}/μ_k (= squared width ratios), for every k with μ_k > 0.
    public var ratios: [Double] {
        let n = positiveCount
        guard n >= 1 else { return [] }
        return (0..<min(n, count - 1)).map { variances[$0 + 1] / variances[$0] }
    }

    /// Explained stress χ_K = 1 − √(1 − Σ_{k≤K} μ_k² / Σ_k μ_k²) for K = 1…count (THEORY.md §1;
    /// for Euclidean clouds the inPCA eigenvalues are proportional to μ_k).
    public var explainedStress: [Double] {
        // χ is scale-free: square μ_k/μ₁, so tiny (or huge) variances do not underflow (overflow).
        let top = variances.first ?? 0
        let squares = variances.map { top > 0 ? ($0 / top) * ($0 / top) : 0 }
        let total = unresolved.map { top > 0 ? $0.sumOfSquares / top / top : 0 } ?? squares.reduce(0, +)
        guard total > 0 else { return [Double](repeating: .nan, count: count) }
        var partial = 0.0
        return squares.map { s in
            partial += s
            return 1 - max(0, 1 - partial / total).squareRoot()
        }
    }

    /// K_ε: the smallest K with Σ_{k>K} μ_k ≤ ε Σ_k μ_k (tail summed from the smallest up). When only the
    /// leading variances are known and K_ε lies beyond them, the lower end of `kEpsilonRange`.
    public func kEpsilon(_ epsilon: Double) -> Int { kEpsilonRange(epsilon).lowerBound }

    /// K_ε, or the range it is proven to lie in when only the leading variances are known (a single value
    /// whenever it is among them).
    public func kEpsilonRange(_ epsilon: Double) -> ClosedRange<Int> {
        if let unresolved { return unresolved.kEpsilonRange(epsilon, leading: variances) }
        let threshold = epsilon * total
        var tail = 0.0
        var k = count
        while k > 1 {
            let next = tail + variances[k - 1]
            if next > threshold { break }
            tail = next
            k -= 1
        }
        return k...k
    }

    /// Minus the least-squares slope of ln μ_k against k over k = 1…K (the fitted geometric decay rate of the
    /// variances, per mode), or nil if fewer than 2 positive values.
    public func fittedDecayRate(upTo k: Int) -> Double? {
        if unresolved != nil && k > count { return nil }  // the variances up to K were not all computed
        let n = min(k, positiveCount)
        guard n >= 2 else { return nil }
        let xs = (1...n).map(Double.init)
        let ys = (0..<n).map { Double.log(variances[$0]) }
        let mx = xs.reduce(0, +) / Double(n), my = ys.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0
        for i in 0..<n { sxy += (xs[i] - mx) * (ys[i] - my); sxx += (xs[i] - mx) * (xs[i] - mx) }
        return -sxy / sxx
    }
}
