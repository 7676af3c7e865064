/// The trajectory covariance as diagonal plus low rank, C ≈ D + LLᵀ (THEORY.md §2): the large-d engine's
/// input, built in O(d·m) memory and O(d·m²) time instead of the d × d matrix.
///
/// Why it is small: C = B + D with the signal part B_ij = b_i b_j Cov_t(q_iᵗ, q_jᵗ), a Gram matrix of the
/// functions t ↦ q_iᵗ (Vandermonde in the nodes q_i), whose numerical rank grows like log κ · log(1/τ) and
/// not with d; the initialisation part D_i = σ₀² λ_i S_T(q_i²) is diagonal. A greedily pivoted Cholesky
/// of B needs only its diagonal and the m pivot columns, each entry in closed form (`CovarianceEntries`).
///
/// **A-posteriori bound.** The residual R = B − LLᵀ is the Schur complement of the pivot block, positive
/// semi-definite, so ‖R‖₂ ≤ tr R, and by Weyl every eigenvalue of D + LLᵀ is within tr R of C's.
/// Pivoting stops once tr R ≤ `tolerance` · max_i C_ii (≤ τ μ₁); `residualTrace` is what remains.
/// Everything is stored divided by `scale` = max_i C_ii, so no entry over- or underflows.
struct LowRankCovariance {
    /// Matrix order n (the modes kept by the proven truncation).
    let order: Int
    /// Rank m of L.
    let rank: Int
    /// D_i / scale.
    let diagonal: [Double]
    /// L / √scale, column-major: column k holds entries k·n ..< (k+1)·n.
    let factor: [Double]
    /// max_i C_ii: every stored number is relative to it.
    let scale: Double
    /// tr(B − LLᵀ) / scale: the bound on how far the factorisation moves any eigenvalue.
    let residualTrace: Double
    /// tr C / scale (exact: the diagonal needs no factorisation).
    let trace: Double

    /// Default tolerance: the factorisation moves no eigenvalue by more than 1e-15 μ₁, the eigenvalue floor.
    static let defaultTolerance = 1e-15
    /// At most this many pivots; if the residual is still above tolerance, its trace is reported as the bound.
    static let maximumRank = 600

    /// Factorises the leading `order` modes of `entries`.
    init(entries: CovarianceEntries, order n: Int, tolerance: Double = defaultTolerance) {
        order = n
        var signal = (0..<n).map { max(entries.signal($0), 0) }
        let initialisation = (0..<n).map(entries.initialisation)
        let full = (0..<n).map { signal[$0] + initialisation[$0] }
        let scale = max(full.max() ?? 0, Double.leastNormalMagnitude)
        self.scale = scale
        diagonal = initialisation.map { $0 / scale }
        trace = full.reduce(0, +) / scale
        for i in 0..<n { signal[i] /= scale }
        var columns: [Double] = []
        columns.reserveCapacity(n * min(64, n))
        var residual = signal.reduce(0, +)
        var m = 0
        var pivoted = [Bool](repeating: false, count: n)
        while residual > tolerance && m < min(n, Self.maximumRank) {
            var pivot = -1, best = 0.0
            for i in 0..<n where !pivoted[i] && signal[i] > best { best = signal[i]; pivot = i }
            guard pivot >= 0 else { break }
            pivoted[pivot] = true
            // Column of B at the pivot, minus the part the earlier columns already explain.
            let bp = entries.amplitudes[pivot]
            var column = (0..<n).map { i in entries.amplitudes[i] * bp * entries.timeCovariance(i, pivot) / scale }
            columns.withUnsafeBufferPointer { l in
                column.withUnsafeMutableBufferPointer { c in
                    for k in 0..<m {
                        let lk = l.baseAddress! + k * n
                        let weight = lk[pivot]
                        if weight != 0 { for i in 0..<n { c[i] -= weight * lk[i] } }
                    }
                }
            }
            let root = best.squareRoot()
            for i in 0..<n { column[i] = pivoted[i] && i != pivot ? 0 : column[i] / root }
            for i in 0..<n where !pivoted[i] { signal[i] = max(signal[i] - column[i] * column[i], 0) }
            signal[pivot] = 0
            columns.append(contentsOf: column)
            m += 1
            residual = signal.reduce(0, +)
        }
        rank = m
        factor = columns
        residualTrace = residual
    }

    /// y = (D + LLᵀ) x, with `scratch` holding at least `rank` entries.
    func multiply(
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>
    ) {
        let n = order
        factor.withUnsafeBufferPointer { l in
            diagonal.withUnsafeBufferPointer { d in
                for i in 0..<n { y[i] = d[i] * x[i] }
                for k in 0..<rank { scratch[k] = VectorKernels.dot(l.baseAddress! + k * n, x, n) }
                for k in 0..<rank {
                    let lk = l.baseAddress! + k * n, t = scratch[k]
                    for i in 0..<n { y[i] += t * lk[i] }
                }
            }
        }
    }

    /// ‖D + LLᵀ‖_F² = Σ D_i² + 2 Σ_i D_i ‖L_i‖² + ‖LᵀL‖_F² (Σ_k μ_k², for the explained stress).
    func frobeniusSquared() -> Double {
        let n = order
        var sum = 0.0
        factor.withUnsafeBufferPointer { l in
            var rowNorms = [Double](repeating: 0, count: n)
            for k in 0..<rank {
                let lk = l.baseAddress! + k * n
                for i in 0..<n { rowNorms[i] += lk[i] * lk[i] }
                // LᵀL is symmetric: each off-diagonal entry once, counted twice.
                for j in 0...k {
                    let g = VectorKernels.dot(lk, l.baseAddress! + j * n, n)
                    sum += (j == k ? 1 : 2) * g * g
                }
            }
            for i in 0..<n { sum += diagonal[i] * diagonal[i] + 2 * diagonal[i] * rowNorms[i] }
        }
        return sum
    }

    /// The number of eigenvalues of D + LLᵀ above θ, by Sylvester's law of inertia on the bordered matrix
    /// [[D − θ, L], [Lᵀ, −I]]: #{D_i > θ} + #{eigenvalues of Lᵀ(θ − D)⁻¹L above 1}. O(n m²); θ must not
    /// equal a diagonal entry (callers pick θ between Ritz values). Used to certify that no eigenvalue was
    /// missed (a Krylov method sees one copy of a repeated eigenvalue).
    func count(above theta: Double, solvers: EigenvalueSolvers) throws(RibbonError) -> Int {
        let n = order, m = rank
        var above = 0
        var weighted = [Double](repeating: 0, count: n * max(m, 1))
        var weights = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if diagonal[i] > theta { above += 1 }
            weights[i] = 1 / (theta - diagonal[i])
        }
        guard m > 0 else { return above }
        var gram = [Double](repeating: 0, count: m * m)
        factor.withUnsafeBufferPointer { l in
            weighted.withUnsafeMutableBufferPointer { w in
                for k in 0..<m {
                    for i in 0..<n { w[k * n + i] = weights[i] * l[k * n + i] }
                }
                for k in 0..<m {
                    for j in 0...k {
                        let g = VectorKernels.dot(w.baseAddress! + k * n, l.baseAddress! + j * n, n)
                        gram[k * m + j] = g
                        gram[j * m + k] = g
                    }
                }
            }
        }
        let values = try solvers.solver(order: m).eigenvalues(of: gram)
        return above + values.filter { $0 > 1 }.count
    }
}
