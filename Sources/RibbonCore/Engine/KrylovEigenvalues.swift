import GSL

/// The leading eigenvalues of C = D + LLᵀ (`LowRankCovariance`), as many as a verdict needs, each with a
/// certified error bound: the large-d engine's eigensolver, O(n·(m + k)) per step for a basis of k vectors.
///
/// Method: Rayleigh–Ritz on a Krylov basis with full reorthogonalisation (Lanczos in exact arithmetic); the
/// projected matrix H = QᵀCQ is kept whole, so a fresh random vector can be added at any time. Few
/// eigenvalues decide HR(ρ*, ε): if it holds, μ_k ≤ ρ*^{k−1} μ₁ and K_ε is small; if not, the first ratio
/// above ρ* settles it. So the basis grows until the Ritz values that `needed` asks for stop moving.
///
/// Certificate (all on D + LLᵀ; `LowRankCovariance.residualTrace` adds the distance to C):
/// - the j-th Ritz value is a lower bound of μ_j (Cauchy interlacing of Rayleigh–Ritz);
/// - each interval [θ_j − ‖r_j‖, θ_j + ‖r_j‖] holds an eigenvalue (r_j = Cy_j − θ_j y_j, computed explicitly);
/// - an inertia count below the last needed interval proves there are no other eigenvalues above it (a
///   Krylov method sees one copy of a repeated eigenvalue; when the count is higher, a random vector is
///   added and the basis grows again);
/// - with disjoint intervals, Kato–Temple gives μ_j ≤ θ_j + ‖r_j‖²/(θ_j − top of the next interval below).
struct KrylovEigenvalues {
    /// Certified leading eigenvalues μ₁ ≥ … ≥ μ_p of D + LLᵀ (in the units of `LowRankCovariance`).
    var values: [Double]
    /// Upper error bounds: μ_j ∈ [values[j], values[j] + bounds[j]].
    var bounds: [Double]
    /// Size of the Krylov basis used.
    var basisSize: Int

    /// Largest basis; beyond it the engine gives up (the scan records the point as an error).
    static let maximumBasis = 800

    /// - Parameter needed: given the current descending Ritz values, how many leading eigenvalues decide
    ///   the question (more than are available means "keep going").
    init(of c: LowRankCovariance, solvers: EigenvalueSolvers, needed: ([Double]) -> Int) throws(RibbonError) {
        let n = c.order
        var krylov = KrylovBasis(order: n, rank: c.rank)
        krylov.addRandom(seed: 1)
        var previous: [Double] = []
        var injections = 0
        let limit = min(n, Self.maximumBasis)
        while true {
            try krylov.grow(c, limit: limit)
            let ritz = try krylov.ritzValues(solvers: solvers)
            let want = needed(ritz)
            let converged =
                krylov.size == n
                || (want <= ritz.count && previous.count >= want
                    && (0..<want).allSatisfy { abs(ritz[$0] - previous[$0]) <= 1e-14 * ritz[0] })
            if !converged && krylov.size < limit && !krylov.exhausted {
                previous = ritz
                krylov.step = max(8, krylov.size / 4)
                continue
            }
            if want > ritz.count && krylov.size < n && !krylov.exhausted {
                throw RibbonError(
                    .numerical,
                    "the large-d eigensolver did not converge within \(krylov.size) Krylov vectors (order \(n), rank \(c.rank))"
                )
            }
            let certified = try krylov.certify(c, count: min(max(want, 1), ritz.count), solvers: solvers)
            if let certified {
                values = certified.values
                bounds = certified.bounds
                basisSize = krylov.size
                return
            }
            // An eigenvalue above the certified ones was missed (a repeated eigenvalue): widen the basis.
            injections += 1
            guard injections <= 6, krylov.size < limit else {
                throw RibbonError(
                    .numerical,
                    "the large-d eigensolver could not certify the leading eigenvalues (repeated eigenvalues beyond \(injections) restarts)"
                )
            }
            krylov.addRandom(seed: UInt64(1 + injections))
            previous = []
        }
    }
}

/// An orthonormal basis Q (column-major, n per vector) of a Krylov space of C and the projection H = QᵀCQ.
private struct KrylovBasis {
    let order: Int
    var vectors: [Double] = []
    /// H, row-major with a row stride of `capacity` (grown by copying when the basis outgrows it).
    var projection: [Double] = []
    var capacity = 0
    var size = 0
    /// The next vector (normalised), waiting to join the basis.
    var pending: [Double]
    /// Steps per `grow` call.
    var step = 16
    /// The basis spans an invariant subspace and no new direction was found.
    var exhausted = false
    var product: [Double]
    var scratch: [Double]

    init(order: Int, rank: Int) {
        self.order = order
        pending = [Double](repeating: 0, count: order)
        product = pending
        scratch = [Double](repeating: 0, count: max(rank, 1))
    }

    /// Deterministic pseudo-random vector (SplitMix64), orthogonalised against the basis, as the next vector.
    mutating func addRandom(seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        for i in 0..<order {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            pending[i] = Double(z >> 11) * 0x1p-53 - 0.5
        }
        exhausted = !orthonormalisePending()
    }

    /// Removes the basis components from `pending` (twice, for orthogonality to rounding) and normalises it;
    /// false when nothing is left (the basis already spans the vector).
    @discardableResult
    mutating func orthonormalisePending(coefficients: UnsafeMutablePointer<Double>? = nil) -> Bool {
        let n = order, k = size
        let before = pending.withUnsafeBufferPointer { VectorKernels.dot($0.baseAddress!, $0.baseAddress!, n) }
        vectors.withUnsafeBufferPointer { q in
            pending.withUnsafeMutableBufferPointer { w in
                for _ in 0..<2 {
                    for j in 0..<k {
                        let qj = q.baseAddress! + j * n
                        let h = VectorKernels.dot(qj, w.baseAddress!, n)
                        coefficients?[j] += h
                        for i in 0..<n { w[i] -= h * qj[i] }
                    }
                }
            }
        }
        let norm = pending.withUnsafeBufferPointer { VectorKernels.dot($0.baseAddress!, $0.baseAddress!, n) }
            .squareRoot()
        guard norm > 1e-10 * before.squareRoot(), norm > 0 else { return false }
        for i in 0..<n { pending[i] /= norm }
        return true
    }

    /// Adds up to `step` vectors: each pending vector joins the basis, its product with C is projected
    /// (a column of H) and what remains becomes the next pending vector.
    mutating func grow(_ c: LowRankCovariance, limit: Int) throws(RibbonError) {
        let n = order
        var added = 0
        while added < step && size < limit && !exhausted {
            vectors.append(contentsOf: pending)
            size += 1
            ensureCapacity(size)
            let j = size - 1
            vectors.withUnsafeBufferPointer { q in
                product.withUnsafeMutableBufferPointer { y in
                    scratch.withUnsafeMutableBufferPointer { s in
                        c.multiply(q.baseAddress! + j * n, into: y.baseAddress!, scratch: s.baseAddress!)
                    }
                }
            }
            guard product.allSatisfy(\.isFinite) else {
                throw RibbonError(.numerical, "the large-d eigensolver met a non-finite product")
            }
            pending = product
            var column = [Double](repeating: 0, count: size)
            exhausted = column.withUnsafeMutableBufferPointer { !orthonormalisePending(coefficients: $0.baseAddress!) }
            for i in 0..<size {
                projection[i * capacity + j] = column[i]
                projection[j * capacity + i] = column[i]
            }
            added += 1
            if exhausted && size < n {
                // An invariant subspace: continue from a fresh direction (its H entries come from its own product).
                addRandom(seed: UInt64(size) &+ 0x5EED)
            }
        }
    }

    mutating func ensureCapacity(_ k: Int) {
        guard k > capacity else { return }
        let wider = max(2 * capacity, 64)
        var next = [Double](repeating: 0, count: wider * wider)
        for i in 0..<size - 1 { for j in 0..<size - 1 { next[i * wider + j] = projection[i * capacity + j] } }
        projection = next
        capacity = wider
    }

    /// The leading size × size block of H.
    func projectedMatrix() -> [Double] {
        var h = [Double](repeating: 0, count: size * size)
        for i in 0..<size { for j in 0..<size { h[i * size + j] = projection[i * capacity + j] } }
        return h
    }

    /// Descending Ritz values.
    func ritzValues(solvers: EigenvalueSolvers) throws(RibbonError) -> [Double] {
        try solvers.solver(order: size).eigenvalues(of: projectedMatrix())
    }

    /// Certified bounds for the leading `count` Ritz values (and any that cluster with them), or nil when
    /// the inertia count shows an eigenvalue the basis has not seen.
    func certify(_ c: LowRankCovariance, count want: Int, solvers: EigenvalueSolvers) throws(RibbonError)
        -> (values: [Double], bounds: [Double])?
    {
        let n = order, k = size
        let system: (values: [Double], vectors: [[Double]])
        do { system = try SymmetricEigensystem.decompose(projectedMatrix(), order: k) } catch {
            throw RibbonError(.numerical, "the large-d eigensolver's projected problem failed: \(error)")
        }
        var residuals: [Double] = []
        var ritz = [Double](repeating: 0, count: n)
        var image = ritz
        var s = scratch
        func residual(_ j: Int) -> Double {
            let theta = system.values[j]
            vectors.withUnsafeBufferPointer { q in
                ritz.withUnsafeMutableBufferPointer { y in
                    for i in 0..<n { y[i] = 0 }
                    for a in 0..<k {
                        let w = system.vectors[j][a], qa = q.baseAddress! + a * n
                        for i in 0..<n { y[i] += w * qa[i] }
                    }
                    image.withUnsafeMutableBufferPointer { cy in
                        s.withUnsafeMutableBufferPointer { t in
                            c.multiply(y.baseAddress!, into: cy.baseAddress!, scratch: t.baseAddress!)
                        }
                    }
                }
            }
            var sum = 0.0
            for i in 0..<n { let r = image[i] - theta * ritz[i]; sum += r * r }
            return sum.squareRoot()
        }
        // Extend the certified set past clusters: stop where interval p lies clear above interval p + 1.
        var p = min(want, k)
        for j in 0..<p { residuals.append(residual(j)) }
        var next: Double? = nil  // the residual of Ritz value p, once computed
        while p < k {
            let r = residual(p)
            next = r
            if system.values[p - 1] - residuals[p - 1] > system.values[p] + r { break }
            residuals.append(r)
            p += 1
            next = nil
        }
        let values = Array(system.values.prefix(p))
        var threshold = 0.0
        if k < n {
            let below = p < k ? system.values[p] + (next ?? residual(p)) : 0
            threshold = 0.5 * (values[p - 1] - residuals[p - 1] + below)
            if try c.count(above: threshold, solvers: solvers) > p { return nil }
        }
        // μ_j ≥ θ_j always; above it, Kato–Temple where interval j is clear of its neighbours (α: the top of
        // the interval below, or the certified threshold), else the top of its cluster of overlapping intervals.
        var bounds: [Double] = []
        for j in 0..<p {
            let r = residuals[j], theta = values[j]
            let alpha = j + 1 < p ? values[j + 1] + residuals[j + 1] : threshold
            let clearBelow = theta - r > alpha
            let clearAbove = j == 0 || values[j - 1] - residuals[j - 1] > theta + r
            var bound: Double
            if k == n {
                bound = 0
            } else if clearBelow && clearAbove {
                bound = min(r, r * r / (theta - alpha))
            } else {
                var top = theta + r, i = j
                while i > 0 && values[i - 1] - residuals[i - 1] <= values[i] + residuals[i] {
                    i -= 1
                    top = max(top, values[i] + residuals[i])
                }
                bound = top - theta
            }
            bounds.append(bound + c.residualTrace)
        }
        return (values, bounds)
    }
}
