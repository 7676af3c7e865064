import GSL
import LAPACK
import RealModule

/// Eigenvalues (only) of a dense real symmetric matrix: the hot path of scans, boundary searches and
/// `widths`.
///
/// Why not GSL's `gsl_eigen_symm` here: it tridiagonalises through GSL's reference CBLAS level-2
/// calls (`cblas_dsymv`, `cblas_dsyr2`), which took 65% of a dense d = 200 scan (perf). This is the
/// same backward-stable algorithm, organised for speed: Householder tridiagonalisation on the lower
/// triangle (SIMD rows; the update of step k fused with the matrix–vector product of step k + 1),
/// then the square-root-free rational QL on the reversed tridiagonal. Eigenvalues carry an absolute
/// error of a few ε‖A‖, like GSL's; GSL's solver remains the oracle in the tests. Buffers are
/// allocated once per order and reused (one solver per thread): no matrix allocation per call.
public final class SymmetricEigenvalueSolver {
    /// The matrix order n.
    public let order: Int
    private var diagonal: [Double]
    private var offDiagonal: [Double]
    private var v: [Double]
    private var p: [Double]
    /// The matrix buffer of `covarianceEigenvalues`, allocated on first use.
    private var buffer: [Double] = []

    /// A solver for order × order matrices.
    public init(order: Int) {
        precondition(order >= 1)
        self.order = order
        diagonal = [Double](repeating: 0, count: order)
        offDiagonal = diagonal
        // Twice n: the current reflector and product at the front, the next step's behind them.
        v = [Double](repeating: 0, count: 2 * order)
        p = v
    }

    /// The eigenvalues of the symmetric row-major `matrix` (destroyed), written to `values` in
    /// descending order. Throws if the QL iteration does not converge (non-finite input).
    public func eigenvalues(destroying matrix: UnsafeMutablePointer<Double>, into values: UnsafeMutablePointer<Double>)
        throws(RibbonError)
    {
        let n = order
        diagonal.withUnsafeMutableBufferPointer { d in
            offDiagonal.withUnsafeMutableBufferPointer { e in
                v.withUnsafeMutableBufferPointer { v in
                    p.withUnsafeMutableBufferPointer { p in
                        Self.tridiagonalise(matrix, n, d.baseAddress!, e.baseAddress!, v.baseAddress!, p.baseAddress!)
                    }
                }
            }
        }
        // Householder from the top keeps a covariance's large entries first; QL converges best with
        // them last (Wilkinson–Reinsch), so the tridiagonal is reversed.
        diagonal[0..<n].reverse()
        if n > 1 { offDiagonal[0..<(n - 1)].reverse() }
        try Self.rationalQL(&diagonal, &offDiagonal, n)
        for i in 0..<n { values[i] = diagonal[i] }
        Self.sortDescending(values, n)
    }

    /// Eigenvalues of a covariance written by `fill` into the solver's own order × order buffer
    /// (allocated once: no matrix allocation per call). The matrix is divided by its largest diagonal
    /// entry first (eigenvalues are homogeneous in it), entries below 1e-300 of that (far below the floor; subnormals slow the QL iteration) are flushed to
    /// 0, and the eigenvalues are scaled back. Overflow, NaN or a zero matrix is an error.
    public func covarianceEigenvalues(fill: (UnsafeMutablePointer<Double>) -> Void) throws(RibbonError) -> [Double] {
        let n = order
        if buffer.isEmpty { buffer = [Double](repeating: 0, count: n * n) }
        var out = [Double](repeating: 0, count: n)
        try buffer.withUnsafeMutableBufferPointer { (a) throws(RibbonError) in
            let a = a.baseAddress!
            fill(a)
            var scale = 0.0
            for i in 0..<n { scale = max(scale, abs(a[i * n + i])) }
            var finite = scale.isFinite
            for i in 0..<(n * n) where !a[i].isFinite { finite = false; break }
            guard finite else {
                throw RibbonError(
                    .numerical,
                    "the covariance overflows double precision (σ₀, r or λ₁ too large); rescale the inputs: widths scale as σ₀² and ratios are scale-free"
                )
            }
            guard scale >= Double.leastNormalMagnitude else {
                throw RibbonError(
                    .numerical,
                    "the covariance underflows double precision (σ₀, r or λ₁ too small); rescale the inputs: widths scale as σ₀² and ratios are scale-free"
                )
            }
            let inverse = 1 / scale, tiny = 1e-300 * scale
            for i in 0..<(n * n) { let x = a[i]; a[i] = abs(x) < tiny ? 0 : x * inverse }
            try out.withUnsafeMutableBufferPointer { (o) throws(RibbonError) in
                try eigenvalues(destroying: a, into: o.baseAddress!)
            }
            for i in 0..<n { out[i] *= scale }
        }
        return out
    }

    /// Convenience form: the descending eigenvalues of a copy of `matrix`.
    public func eigenvalues(of matrix: [Double]) throws(RibbonError) -> [Double] {
        precondition(matrix.count == order * order)
        var scratch = matrix
        var out = [Double](repeating: 0, count: order)
        try scratch.withUnsafeMutableBufferPointer { (a) throws(RibbonError) in
            try out.withUnsafeMutableBufferPointer { (o) throws(RibbonError) in
                try eigenvalues(destroying: a.baseAddress!, into: o.baseAddress!)
            }
        }
        return out
    }

    // MARK: Householder tridiagonalisation

    /// Reduces A to tridiagonal T = QᵀAQ (d: diagonal, e[k]: T_{k,k+1}), reading and writing only the
    /// lower triangle. Step k reflects column k below the diagonal onto its first entry,
    /// H = I − τvvᵀ, and updates the trailing block B ← HBH = B − vwᵀ − wvᵀ with
    /// w = p − (τ/2)(vᵀp)v, p = τBv. The updated first column of B (O(m)) gives the next reflector
    /// before the rows are touched, so the row loop updates each entry and accumulates the next
    /// product p′ = τ′B′v′ in the same pass: every step reads and writes the trailing triangle once.
    static func tridiagonalise(
        _ a: UnsafeMutablePointer<Double>, _ n: Int, _ d: UnsafeMutablePointer<Double>,
        _ e: UnsafeMutablePointer<Double>, _ v: UnsafeMutablePointer<Double>, _ p: UnsafeMutablePointer<Double>
    ) {
        e[n - 1] = 0
        d[0] = a[0]
        guard n > 1 else { return }
        // Buffers: v and p hold 2n entries; the current reflector and product sit at the front, the
        // next ones (and the updated column) behind them at offset n.
        let column = p + n  // updated first column of B, then reused for p′
        for i in 1..<n { column[i - 1] = a[i * n] }
        var tau = reflector(column, count: n - 1, into: v, alpha: &e[0])
        if tau != 0 { lowerProduct(a + n + 1, stride: n, count: n - 1, v, p, scale: tau) }
        for k in 0..<(n - 1) {
            let m = n - 1 - k  // B = A[k+1..<n, k+1..<n], m × m
            let block = a + (k + 1) * (n + 1)
            if m == 1 { d[n - 1] = block[0]; return }
            let nextV = v + n
            if tau != 0 {
                let half = 0.5 * tau * VectorKernels.dot(v, p, m)
                for i in 0..<m { p[i] -= half * v[i] }  // p now holds w
                let w0 = p[0]
                for i in 0..<m { column[i] = block[i * n] - v[i] * w0 - p[i] }  // v₀ = 1
            } else {
                for i in 0..<m { column[i] = block[i * n] }
            }
            d[k + 1] = column[0]
            var alpha = 0.0
            let nextTau = reflector(column + 1, count: m - 1, into: nextV, alpha: &alpha)
            e[k + 1] = alpha
            let nextP = column  // the column is consumed: reuse it for p′
            if tau == 0 {
                if nextTau != 0 { lowerProduct(block + n + 1, stride: n, count: m - 1, nextV, nextP, scale: nextTau) }
            } else {
                for i in 0..<(m - 1) { nextP[i] = 0 }
                for i in 1..<m {
                    let row = block + i * n
                    let vi = v[i], wi = p[i], vn = nextV[i - 1]
                    let viv = SIMD4<Double>(repeating: vi), wiv = SIMD4<Double>(repeating: wi),
                        vnv = SIMD4<Double>(repeating: vn)
                    var accumulator = SIMD4<Double>()
                    var j = 1
                    while j + 4 <= i {
                        let b = load(row + j) - (viv * load(p + j) + wiv * load(v + j))
                        store(b, row + j)
                        accumulator += b * load(nextV + j - 1)
                        store(load(nextP + j - 1) + b * vnv, nextP + j - 1)
                        j += 4
                    }
                    var acc = accumulator.sum()
                    while j < i {
                        let b = row[j] - (vi * p[j] + wi * v[j])
                        row[j] = b
                        acc += b * nextV[j - 1]
                        nextP[j - 1] += b * vn
                        j += 1
                    }
                    let diagonal = row[i] - 2 * vi * wi
                    row[i] = diagonal
                    nextP[i - 1] += acc + diagonal * vn
                }
                for i in 0..<(m - 1) { nextP[i] *= nextTau }
            }
            for i in 0..<(m - 1) { v[i] = nextV[i]; p[i] = nextP[i] }
            tau = nextTau
        }
    }

    /// p = scale · B v for the symmetric count × count block B, from its lower triangle (row stride `stride`).
    static func lowerProduct(
        _ b: UnsafeMutablePointer<Double>, stride: Int, count m: Int,
        _ v: UnsafeMutablePointer<Double>, _ p: UnsafeMutablePointer<Double>, scale: Double
    ) {
        for i in 0..<m { p[i] = 0 }
        for i in 0..<m {
            let row = b + i * stride
            var acc = 0.0
            for j in 0..<i { acc += row[j] * v[j]; p[j] += row[j] * v[i] }
            p[i] += acc + row[i] * v[i]
        }
        for i in 0..<m { p[i] *= scale }
    }

    /// Householder vector of `row` (count entries), normalised as in LAPACK's dlarfg so that nothing
    /// over- or underflows for tiny rows: α = −sign(x₀)‖x‖, v₀ = 1, v_i = x_i/(x₀ − α), and
    /// τ = (‖x‖ + |x₀|)/‖x‖ ∈ [1, 2], so (I − τvvᵀ)x = αe₀. Returns τ = 0 (α = x₀) when x₁… are 0.
    @inline(__always)
    static func reflector(
        _ x: UnsafeMutablePointer<Double>, count: Int, into v: UnsafeMutablePointer<Double>, alpha: inout Double
    ) -> Double {
        var scale = 0.0
        for i in 1..<max(count, 1) { scale = max(scale, abs(x[i])) }
        let x0 = x[0]
        guard scale > 0 else { alpha = x0; for i in 0..<count { v[i] = 0 }; return 0 }
        scale = max(scale, abs(x0))
        let s0 = x0 / scale
        var sum = s0 * s0
        for i in 1..<count { let t = x[i] / scale; sum += t * t }
        let norm = scale * sum.squareRoot()
        alpha = x0 >= 0 ? -norm : norm
        let inverse = 1 / (x0 - alpha)
        v[0] = 1
        for i in 1..<count { v[i] = x[i] * inverse }
        return (norm + abs(x0)) / norm
    }

    /// Four consecutive doubles as one vector (an unaligned vector load).
    @inline(__always)
    static func load(_ x: UnsafeMutablePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(x).loadUnaligned(as: SIMD4<Double>.self)
    }

    @inline(__always)
    static func store(_ value: SIMD4<Double>, _ x: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(x).storeBytes(of: value, as: SIMD4<Double>.self)
    }

    // MARK: Rational QL on the tridiagonal

    /// Eigenvalues of the symmetric tridiagonal (d, e) in place in d (e[k] couples d[k] and d[k+1],
    /// e[n−1] = 0): the square-root-free rational QL of Reinsch (EISPACK tqlrat; Pal–Walker–Kahan
    /// family), which works on e_k² and needs one square root per iteration instead of one per
    /// rotation. The tridiagonal is scaled to unit norm first (so the squares neither over- nor
    /// underflow where it matters). An entry is negligible when e_m² ≤ (ε t)², t the largest
    /// |d_l| + |e_l| met so far: dropping it moves eigenvalues by at most ε‖T‖, the size of the
    /// tridiagonalisation's own backward error.
    static func rationalQL(_ d: inout [Double], _ e: inout [Double], _ n: Int) throws(RibbonError) {
        try d.withUnsafeMutableBufferPointer { (d) throws(RibbonError) in
            try e.withUnsafeMutableBufferPointer { (e) throws(RibbonError) in
                try rationalQL(d.baseAddress!, e.baseAddress!, n)
            }
        }
    }

    /// The iteration itself, on raw storage: the sweep is a serial chain of divisions, and array bounds checks
    /// in it cost about a third of its time.
    static func rationalQL(_ d: UnsafeMutablePointer<Double>, _ e: UnsafeMutablePointer<Double>, _ n: Int)
        throws(RibbonError)
    {
        var norm = 0.0
        for i in 0..<n { norm = max(norm, abs(d[i]) + abs(e[i]) + (i > 0 ? abs(e[i - 1]) : 0)) }
        guard norm.isFinite else { throw RibbonError(.numerical, "non-finite eigenvalue (the matrix held NaN or ∞)") }
        guard norm > 0 else { return }
        for i in 0..<n { d[i] /= norm; let x = e[i] / norm; e[i] = x * x }  // e now holds e²
        e[n - 1] = 0
        var f = 0.0, t = 0.0, b = 0.0, c = 0.0
        for l in 0..<n {
            var h = abs(d[l]) + e[l].squareRoot()
            if t < h { t = h; b = Double.ulpOfOne * t; c = b * b }
            var m = l
            while e[m] > c { m += 1 }  // e[n−1] = 0 stops the search
            var iterations = 0
            while m != l {
                iterations += 1
                guard iterations <= 60 else {
                    throw RibbonError(.numerical, "the tridiagonal QL iteration did not converge")
                }
                // Shift from the leading 2 × 2 block.
                var s = e[l].squareRoot()
                var g = d[l]
                var p = (d[l + 1] - g) / (2 * s)
                var r = hypot(p, 1)
                d[l] = s / (p + (p >= 0 ? r : -r))
                h = g - d[l]
                for i in (l + 1)..<n { d[i] -= h }
                f += h
                // Rational QL sweep from m up to l.
                g = d[m]
                if g == 0 { g = b }
                h = g
                s = 0
                var i = m - 1
                while i >= l {
                    p = g * h
                    r = p + e[i]
                    e[i + 1] = s * r
                    s = e[i] / r
                    d[i + 1] = h + s * (h + d[i])
                    g = d[i] - e[i] / g
                    if g == 0 { g = b }
                    h = g * p / r
                    i -= 1
                }
                e[l] = s * g
                d[l] = h
                if h == 0 || abs(e[l]) <= abs(c / h) { break }
                e[l] *= h
                if e[l] == 0 { break }
            }
            d[l] += f
        }
        var finite = true
        for i in 0..<n {
            d[i] *= norm
            finite = finite && d[i].isFinite
        }
        guard finite else {
            throw RibbonError(.numerical, "non-finite eigenvalue (the matrix held NaN or ∞)")
        }
    }

    /// √(a² + b²) without overflow or underflow: libm's correctly rounded hypot was a fifth of the
    /// scan's time; this costs one division and one square root.
    @inline(__always)
    static func hypot(_ a: Double, _ b: Double) -> Double {
        let x = abs(a), y = abs(b)
        let big = max(x, y), small = min(x, y)
        guard big > 0, big.isFinite else { return big.isInfinite ? .infinity : big + small }
        let t = small / big
        return big * (1 + t * t).squareRoot()
    }

    /// Heap sort, descending, in place (no allocation).
    static func sortDescending(_ x: UnsafeMutablePointer<Double>, _ n: Int) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && x[child + 1] < x[child] { child += 1 }  // min-heap → descending order
                if x[child] < x[root] {
                    let t = x[root]; x[root] = x[child]; x[child] = t; root = child
                } else {
                    return
                }
            }
        }
        var start = n / 2 - 1
        while start >= 0 { siftDown(start, n); start -= 1 }
        var end = n - 1
        while end > 0 {
            let t = x[0]; x[0] = x[end]; x[end] = t
            siftDown(0, end)
            end -= 1
        }
    }
}

/// GSL's symmetric eigensolver (`gsl_eigen_symm`) on a row-major order × order matrix: the reference the
/// hand-written solver is tested and benchmarked against.
public func referenceEigenvalues(of matrix: [Double], order: Int) throws(RibbonError) -> [Double] {
    do { return try SymmetricEigensolver(order: order).eigenvalues(of: matrix) } catch {
        throw RibbonError(.numerical, "GSL's symmetric eigensolver failed: \(error)")
    }
}

/// LAPACK's `dsyevd` (OpenBLAS, every core) on a row-major order × order matrix, descending: the solver for
/// large orders (data spectra), where blocked updates beat the own solver (order 3072: 1.3 s against 5.5 s).
/// At the scan's orders the own solver is faster, so the hot path does not use it.
public func lapackEigenvalues(of matrix: [Double], order: Int) throws(RibbonError) -> [Double] {
    var a = matrix
    var values = [Double](repeating: 0, count: order)
    do {
        try a.withUnsafeMutableBufferPointer { (a) throws(LAPACKError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(LAPACKError) in
                try SymmetricEigenvalues.compute(destroying: a, order: order, into: v)
            }
        }
    } catch { throw RibbonError(.numerical, "\(error)") }
    return values
}

/// A scan worker's or boundary search's workspace (not thread-safe; one per thread): one
/// `SymmetricEigenvalueSolver` per matrix order, allocated on first use and reused, and the last
/// `RatioFamily`, so points that differ only in r share the covariance's r-independent parts.
public final class EigenvalueSolvers {
    private var solvers: [Int: SymmetricEigenvalueSolver] = [:]
    private var recent: [Int] = []  // orders, least recently used first

    /// At most this many solvers are kept: a scan meets many matrix orders (N_f-sized blocks vary over a
    /// grid) and an unbounded cache reached 880 MB at d = 600.
    public static let capacity = 4

    /// The last ratio family (`RatioFamily`): scan points that differ only in r share it.
    private var lastFamily: RatioFamily?

    /// An empty cache.
    public init() {}

    /// The r-independent parts of the covariance of `spectrum` under `knobs`, reused while only r changes.
    func family(spectrum: Spectrum, knobs: Knobs) -> RatioFamily {
        let key = RatioFamily.Key(spectrum: spectrum, knobs: knobs)
        if let f = lastFamily, f.key == key { return f }
        let f = RatioFamily(spectrum: spectrum, knobs: knobs)
        lastFamily = f
        return f
    }

    /// The solver for order × order matrices.
    public func solver(order: Int) -> SymmetricEigenvalueSolver {
        if let position = recent.firstIndex(of: order) { recent.remove(at: position) }
        recent.append(order)
        if let s = solvers[order] { return s }
        if recent.count > Self.capacity { solvers[recent.removeFirst()] = nil }
        let s = SymmetricEigenvalueSolver(order: order)
        solvers[order] = s
        return s
    }
}
