import Dispatch
import LAPACK

/// The spectrum of a data set: the eigenvalues of Σ = XᵀX/n (THEORY.md §1; n, not n − 1) of an n × d data
/// matrix X, its columns centred first unless asked not to.
///
/// Why two routes: XᵀX/n (d × d) and XXᵀ/n (n × n) have the same nonzero eigenvalues, so the smaller one is
/// diagonalised and the rest of the d eigenvalues are zeros. That makes
/// d = 20000 features with n = 2000 samples a 2000 × 2000 solve.
///
/// The solve is LAPACK's `dsyevd` (OpenBLAS, every core): at order 3072 it takes 1.3 s, against 5.5 s for ribbon's
/// own unblocked solver (used when LAPACKE is not installed) and about 55 s for GSL's `gsl_eigen_symm` (reference
/// CBLAS). Its last bits can depend on OpenBLAS's thread count; the tests allow 1e-13 λ₁.
public struct DataSpectrum: Sendable {
    /// Which matrix was diagonalised.
    public enum Method: String, Sendable {
        /// The d × d covariance XᵀX/n (n ≥ d).
        case covariance
        /// The n × n Gram matrix XXᵀ/n (n < d), its n eigenvalues padded with d − n zeros.
        case gram
    }

    /// The largest matrix diagonalised (order): min(n, d) must not exceed it.
    public static let maximumOrder = 5000
    /// The largest d: a spectrum holds at most this many eigenvalues.
    public static let maximumDimension = 20_000

    /// The d eigenvalues, descending, ≥ 0.
    public let eigenvalues: [Double]
    /// The number of samples n.
    public let rows: Int
    /// The number of features d.
    public let columns: Int
    /// Whether the column means were subtracted first.
    public let centred: Bool
    /// Which matrix was diagonalised.
    public let method: Method
    /// Which solver diagonalised it.
    public let solver: Solver

    /// The dense symmetric eigensolver used.
    public enum Solver: String, Sendable {
        /// LAPACK's `dsyevd` (OpenBLAS, every core), when LAPACKE can be loaded.
        case lapack = "LAPACK dsyevd"
        /// ribbon's own solver, when it cannot (same results to ~1e-14 λ₁, about 4× slower at order 3072).
        case own = "ribbon's own solver; LAPACKE was not found"
    }
    /// Negative round-off eigenvalues (≥ −``SpectrumFile/negativeTolerance``·λ₁) set to 0.
    public let clampedNegatives: Int

    /// The eigenvalues of XᵀX/n of `x` (of its centred columns when `centred`), `jobs` threads forming the
    /// matrix (the result is the same for any number). `source` names the data in messages.
    public init(_ x: DataMatrix, centred: Bool, source: String, jobs: Int = 1) throws(RibbonError) {
        try self.init(x, centred: centred, source: source, jobs: jobs, method: nil)
    }

    /// As the public form, with the matrix to diagonalise or the solver forced (tests compare the routes).
    init(
        _ x: DataMatrix, centred: Bool, source: String, jobs: Int, method forced: Method?,
        solver forcedSolver: Solver? = nil
    ) throws(RibbonError) {
        let n = x.rows, d = x.columns
        guard d >= 2 else {
            throw RibbonError(.invalidInput, "\(source): \(d) column; a spectrum needs at least 2 features (columns)")
        }
        guard d <= Self.maximumDimension else {
            throw RibbonError(
                .invalidInput,
                "\(source): \(d) columns; a spectrum holds at most \(Self.maximumDimension) eigenvalues (features)")
        }
        let method = forced ?? (n >= d ? .covariance : .gram)
        let order = method == .covariance ? d : n
        guard min(n, d) <= Self.maximumOrder else {
            throw RibbonError(
                .invalidInput,
                "\(source): a \(n) × \(d) data matrix needs a dense \(min(n, d)) × \(min(n, d)) eigensolve; at most \(Self.maximumOrder) (n or d must be ≤ \(Self.maximumOrder): subsample the rows)"
            )
        }
        let vectors = Self.vectors(x, centred: centred, transposed: method == .covariance)
        let matrix = Self.gram(vectors, count: order, length: method == .covariance ? n : d, n: n, jobs: jobs)
        let solver = forcedSolver ?? (SymmetricEigenvalues.isAvailable ? .lapack : .own)
        let values: [Double]
        do {
            switch solver {
            case .lapack: values = try lapackEigenvalues(of: matrix, order: order)
            case .own:
                values = try SymmetricEigenvalueSolver(order: order).covarianceEigenvalues {
                    $0.update(from: matrix, count: order * order)
                }
            }
        } catch {
            throw RibbonError(
                .numerical, "\(source): the eigenvalues of the \(order) × \(order) matrix failed: \(error.message)")
        }
        guard values[0] > 0 else {
            throw RibbonError(
                .invalidInput,
                "\(source): the data have no variance (every eigenvalue is 0)\(centred ? "; centring leaves nothing of constant columns or of a single row" : "")"
            )
        }
        guard let (clamped, negatives) = SpectrumFile.clampingRoundOff(values) else {
            throw RibbonError(
                .numerical,
                "\(source): eigenvalue \(values.last!) of XᵀX/n is negative beyond round-off (\(SpectrumFile.negativeTolerance) λ₁)"
            )
        }
        clampedNegatives = negatives
        eigenvalues = clamped + [Double](repeating: 0, count: max(d - order, 0))
        rows = n
        columns = d
        self.centred = centred
        self.method = method
        self.solver = solver
    }

    /// The spectrum, named `name` (the file it is written to, or the data file).
    public func spectrum(name: String) -> Spectrum {
        Spectrum(source: .file(path: name), eigenvalues: eigenvalues)
    }

    /// The vectors whose dot products form the matrix, each contiguous: the d columns of X (length n) when
    /// `transposed`, else its n rows (length d); centred columns when `centred`.
    static func vectors(_ x: DataMatrix, centred: Bool, transposed: Bool) -> [Double] {
        let n = x.rows, d = x.columns
        var means = [Double](repeating: 0, count: d)
        if centred {
            for i in 0..<n { for j in 0..<d { means[j] += x.values[i * d + j] } }
            for j in 0..<d { means[j] /= Double(n) }
        }
        var out = [Double](repeating: 0, count: n * d)
        x.values.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                guard transposed else {
                    for i in 0..<n { for j in 0..<d { op[i * d + j] = xp[i * d + j] - means[j] } }
                    return
                }
                // Blocks of 64 × 64 keep both the rows read and the columns written in cache.
                let block = 64
                for i0 in stride(from: 0, to: n, by: block) {
                    for j0 in stride(from: 0, to: d, by: block) {
                        for i in i0..<min(i0 + block, n) {
                            for j in j0..<min(j0 + block, d) { op[j * n + i] = xp[i * d + j] - means[j] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// G_ab = ⟨v_a, v_b⟩/n for the `count` vectors of `length` in `v` (row-major), as a full symmetric matrix.
    /// Tiles of 32 vectors × 1024 entries (512 KB) stay in cache while every pair of the tile is formed, in 4 × 2
    /// register blocks (`VectorKernels.dots4x2`).
    static func gram(_ v: [Double], count m: Int, length: Int, n: Int, jobs: Int) -> [Double] {
        let tile = 32, chunk = 1024
        let tiles = (m + tile - 1) / tile
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: m * m)
        out.initialize(repeating: 0)
        defer { out.deallocate() }
        nonisolated(unsafe) let g = out
        let workers = max(1, min(jobs, tiles))
        v.withUnsafeBufferPointer { vp in
            nonisolated(unsafe) let base = vp.baseAddress!
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                // Tile rows interleaved so every worker gets a similar share of the triangle; each writes its own rows.
                for ti in stride(from: w, to: tiles, by: workers) {
                    let i0 = ti * tile, i1 = min(i0 + tile, m)
                    for k0 in stride(from: 0, to: length, by: chunk) {
                        let len = min(chunk, length - k0)
                        for j0 in stride(from: 0, through: i0, by: tile) {
                            // The diagonal tile is formed whole (its upper half is never read): whole 4 × 2 blocks.
                            let j1 = min(j0 + tile, m)
                            var i = i0
                            while i + 4 <= i1 {
                                var j = j0
                                while j + 2 <= j1 {
                                    let (r0, r1, r2, r3) = VectorKernels.dots4x2(
                                        base + i * length + k0, strideA: length, base + j * length + k0,
                                        strideB: length, len)
                                    let row = g.baseAddress! + i * m + j
                                    row[0] += r0[0]
                                    row[1] += r0[1]
                                    row[m] += r1[0]
                                    row[m + 1] += r1[1]
                                    row[2 * m] += r2[0]
                                    row[2 * m + 1] += r2[1]
                                    row[3 * m] += r3[0]
                                    row[3 * m + 1] += r3[1]
                                    j += 2
                                }
                                for jj in j..<j1 {
                                    for r in 0..<4 {
                                        g[(i + r) * m + jj] += VectorKernels.dot(
                                            base + (i + r) * length + k0, base + jj * length + k0, len)
                                    }
                                }
                                i += 4
                            }
                            for ii in i..<i1 {
                                for jj in j0..<min(j1, ii + 1) {
                                    g[ii * m + jj] += VectorKernels.dot(
                                        base + ii * length + k0, base + jj * length + k0, len)
                                }
                            }
                        }
                    }
                }
            }
        }
        let scale = 1 / Double(n)
        var matrix = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 0...i {
                let value = g[i * m + j] * scale
                matrix[i * m + j] = value
                matrix[j * m + i] = value
            }
        }
        return matrix
    }
}
