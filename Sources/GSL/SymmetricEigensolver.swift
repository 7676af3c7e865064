import CGSL

/// Eigenvalues of real symmetric matrices through GSL's `gsl_eigen_symm` (Householder
/// tridiagonalisation and implicit QL), with a workspace reused across calls.
///
/// One solver per thread: it owns mutable scratch space, so it is deliberately not `Sendable`.
/// Reusing it keeps a parameter scan free of per-point allocation.
public final class SymmetricEigensolver {
    /// The matrix order this solver was made for.
    public let order: Int
    private let workspace: UnsafeMutablePointer<gsl_eigen_symm_workspace>

    /// Allocates the GSL workspace for `order × order` matrices (order ≥ 1).
    public init(order: Int) throws(GSLError) {
        precondition(order >= 1, "matrix order must be at least 1")
        GSLRuntime.prepare()
        guard let w = gsl_eigen_symm_alloc(order) else {
            throw GSLError(status: GSL_ENOMEM, function: "gsl_eigen_symm_alloc", detail: "n = \(order)")
        }
        self.order = order
        self.workspace = w
    }

    deinit { gsl_eigen_symm_free(workspace) }

    /// Eigenvalues, sorted in descending order, of the symmetric `order × order` row-major matrix.
    ///
    /// Only the lower triangle is read; `matrix` is overwritten (GSL works in place).
    /// `values` receives the `order` eigenvalues.
    public func eigenvalues(
        destroying matrix: UnsafeMutableBufferPointer<Double>,
        into values: UnsafeMutableBufferPointer<Double>
    ) throws(GSLError) {
        precondition(matrix.count >= order * order && values.count >= order)
        let scale = try MatrixScaling.normalise(matrix, order: order, function: "gsl_eigen_symm")
        var view = gsl_matrix_view_array(matrix.baseAddress, order, order)
        var out = gsl_vector_view_array(values.baseAddress, order)
        try GSLRuntime.check(gsl_eigen_symm(&view.matrix, &out.vector, workspace), "gsl_eigen_symm")
        for i in 0..<order { values[i] = Double(sign: .plus, exponent: scale, significand: values[i]) }
        // Heap sort ascending (in place, no allocation), then reverse to descending.
        gsl_sort(values.baseAddress, 1, order)
        var lo = 0, hi = order - 1
        while lo < hi { values.swapAt(lo, hi); lo += 1; hi -= 1 }
    }

    /// Convenience form: returns the descending eigenvalues of a copy of `matrix`.
    public func eigenvalues(of matrix: [Double]) throws(GSLError) -> [Double] {
        var scratch = matrix
        var values = [Double](repeating: 0, count: order)
        try scratch.withUnsafeMutableBufferPointer { (a) throws(GSLError) in
            try values.withUnsafeMutableBufferPointer { (v) throws(GSLError) in
                try eigenvalues(destroying: a, into: v)
            }
        }
        return values
    }
}

/// Eigenvalues and eigenvectors of a real symmetric matrix (`gsl_eigen_symmv`).
public enum SymmetricEigensystem {
    /// Eigenpairs sorted by descending eigenvalue; `vectors[k]` is the unit eigenvector of `values[k]`.
    public static func decompose(_ matrix: [Double], order n: Int) throws(GSLError)
        -> (values: [Double], vectors: [[Double]])
    {
        precondition(matrix.count == n * n && n >= 1)
        GSLRuntime.prepare()
        guard let w = gsl_eigen_symmv_alloc(n) else {
            throw GSLError(status: GSL_ENOMEM, function: "gsl_eigen_symmv_alloc", detail: "n = \(n)")
        }
        defer { gsl_eigen_symmv_free(w) }
        var a = matrix
        let scale = try a.withUnsafeMutableBufferPointer { (ap) throws(GSLError) in
            try MatrixScaling.normalise(ap, order: n, function: "gsl_eigen_symmv")
        }
        var values = [Double](repeating: 0, count: n)
        var vecs = [Double](repeating: 0, count: n * n)
        let status = a.withUnsafeMutableBufferPointer { ap in
            values.withUnsafeMutableBufferPointer { vp in
                vecs.withUnsafeMutableBufferPointer { ep in
                    var am = gsl_matrix_view_array(ap.baseAddress, n, n)
                    var vv = gsl_vector_view_array(vp.baseAddress, n)
                    var em = gsl_matrix_view_array(ep.baseAddress, n, n)
                    let s = gsl_eigen_symmv(&am.matrix, &vv.vector, &em.matrix, w)
                    if s == GSL_SUCCESS { _ = gsl_eigen_symmv_sort(&vv.vector, &em.matrix, GSL_EIGEN_SORT_VAL_DESC) }
                    return s
                }
            }
        }
        try GSLRuntime.check(status, "gsl_eigen_symmv")
        values = values.map { Double(sign: .plus, exponent: scale, significand: $0) }
        // GSL stores eigenvectors as columns.
        let vectors = (0..<n).map { k in (0..<n).map { i in vecs[i * n + k] } }
        return (values, vectors)
    }
}

/// Scaling before GSL's symmetric eigensolvers.
///
/// Why: at tiny scales (σ₀ ≈ 1e-150, λ₁ = 1e-300) the entries are subnormal and `gsl_eigen_symmv`'s
/// QL iteration never meets its convergence test: it hung. Eigenvectors and eigenvalue ratios are
/// scale-free, so a matrix whose largest entry is outside [2⁻⁵⁰⁰, 2⁵⁰⁰] is multiplied by a power of two
/// (exact) that brings that entry to [1, 2), entries below 2⁻⁹⁰⁰ of it (far below rounding, no effect on
/// any eigenvalue) are set to 0, and the eigenvalues are scaled back.
enum MatrixScaling {
    /// Normalises the lower triangle (and the upper, for symmetry) in place; returns the binary exponent e
    /// with matrix = 2^e · normalised. Throws on non-finite entries; a zero matrix is left as is (e = 0).
    static func normalise(_ a: UnsafeMutableBufferPointer<Double>, order n: Int, function: String) throws(GSLError)
        -> Int
    {
        var largest = 0.0
        for i in 0..<n {
            for j in 0...i {
                let x = a[i * n + j]
                guard x.isFinite else {
                    throw GSLError(
                        status: GSL_EDOM, function: function,
                        detail: "the matrix has a non-finite entry (\(x)) at (\(i), \(j))")
                }
                largest = max(largest, abs(x))
            }
        }
        guard largest > 0 else { return 0 }
        // Ordinary scales are left alone (results stay bit for bit what they were); only matrices whose
        // largest entry is below 2⁻⁵⁰⁰ or above 2⁵⁰⁰ are rescaled.
        guard largest < 0x1p-500 || largest > 0x1p500 else { return 0 }
        let e = Int(largest.exponent)
        let floor = 0x1p-900
        for i in 0..<(n * n) {
            let x = Double(sign: .plus, exponent: -e, significand: a[i])
            a[i] = abs(x) < floor ? 0 : x
        }
        return e
    }
}
