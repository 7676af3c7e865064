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

    /// Sorts and floors raw eigenvalues, padding with zeros up to `dimension` (modes dropped by truncation).
    public init(
        rawEigenvalues: [Double], relativeFloor: Double = defaultRelativeFloor,
        dimension: Int? = nil, truncationBound: Double = 0
    ) {
        let keptModes = rawEigenvalues.count
        let rawEigenvalues =
            rawEigenvalues + [Double](repeating: 0, count: max((dimension ?? keptModes) - keptModes, 0))
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
    public init(
        spectrum: Spectrum, knobs: Knobs, truncation: Double = TrajectoryCovariance.defaultTruncation,
        solvers: EigenvalueSolvers, relativeFloor: Double = defaultRelativeFloor
    ) throws(RibbonError) {
        try knobs.validateStability(for: spectrum)
        let entries = CovarianceEntries(spectrum: spectrum, knobs: knobs)
        let (m, bound) = entries.truncationOrder(tolerance: truncation)
        let raw = try solvers.solver(order: m).covarianceEigenvalues { entries.fill($0, order: m) }
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

    /// Number of variances μ_k, floored and truncated ones included.
    public var count: Int { variances.count }
    /// Total variance Σ_k μ_k.
    public var total: Double { variances.reduce(0, +) }

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
        let total = squares.reduce(0, +)
        guard total > 0 else { return [Double](repeating: .nan, count: count) }
        var partial = 0.0
        return squares.map { s in
            partial += s
            return 1 - max(0, 1 - partial / total).squareRoot()
        }
    }

    /// K_ε: the smallest K with Σ_{k>K} μ_k ≤ ε Σ_k μ_k (tail summed from the smallest up).
    public func kEpsilon(_ epsilon: Double) -> Int {
        let threshold = epsilon * total
        var tail = 0.0
        var k = count
        while k > 1 {
            let next = tail + variances[k - 1]
            if next > threshold { break }
            tail = next
            k -= 1
        }
        return k
    }

    /// Minus the least-squares slope of ln μ_k against k over k = 1…K (the fitted geometric decay rate of the
    /// variances, per mode), or nil if fewer than 2 positive values.
    public func fittedDecayRate(upTo k: Int) -> Double? {
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
