import CGSL

/// Cholesky factorisation of a symmetric positive-definite matrix (`gsl_linalg_cholesky_decomp1`).
public enum Cholesky {
    /// The pivots d_k = L_kk² of A = L Lᵀ, i.e. the diagonal of the LDLᵀ form.
    ///
    /// Throws `GSL_EDOM` when the matrix is not numerically positive definite.
    public static func pivots(of matrix: [Double], order n: Int) throws(GSLError) -> [Double] {
        precondition(matrix.count == n * n && n >= 1)
        GSLRuntime.prepare()
        var a = matrix
        let status = a.withUnsafeMutableBufferPointer { ap in
            var m = gsl_matrix_view_array(ap.baseAddress, n, n)
            return gsl_linalg_cholesky_decomp1(&m.matrix)
        }
        try GSLRuntime.check(status, "gsl_linalg_cholesky_decomp1")
        return (0..<n).map { a[$0 * n + $0] * a[$0 * n + $0] }
    }
}
