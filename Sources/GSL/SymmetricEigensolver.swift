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
        var view = gsl_matrix_view_array(matrix.baseAddress, order, order)
        var out = gsl_vector_view_array(values.baseAddress, order)
        try GSLRuntime.check(gsl_eigen_symm(&view.matrix, &out.vector, workspace), "gsl_eigen_symm")
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
        // GSL stores eigenvectors as columns.
        let vectors = (0..<n).map { k in (0..<n).map { i in vecs[i * n + k] } }
        return (values, vectors)
    }
}
