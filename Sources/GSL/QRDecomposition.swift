import CGSL

/// Householder QR (`gsl_linalg_QR_decomp`), used for orthonormal frames and Haar rotations.
public enum QRDecomposition {
    /// The rows × columns matrix Q with orthonormal columns from A = QR (rows ≥ columns), with
    /// signs fixed so that diag(R) > 0. For Gaussian A this makes Q Haar-distributed.
    ///
    /// Thin: only the m × n part of Q is formed, by applying the Householder reflections to e_1…e_n
    /// (`gsl_linalg_QR_Qvec`), so memory is O(mn) (unpacking the full m × m Q aborted at large n).
    public static func orthonormalColumns(of a: [Double], rows m: Int, columns n: Int) throws(GSLError) -> [Double] {
        precondition(a.count == m * n && m >= n && n >= 1)
        GSLRuntime.prepare()
        var work = a
        var tau = [Double](repeating: 0, count: n)
        var out = [Double](repeating: 0, count: m * n)
        var column = [Double](repeating: 0, count: m)
        let status: Int32 = work.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                column.withUnsafeMutableBufferPointer { cp in
                    var am = gsl_matrix_view_array(ap.baseAddress, m, n)
                    var tv = gsl_vector_view_array(tp.baseAddress, n)
                    let s = gsl_linalg_QR_decomp(&am.matrix, &tv.vector)
                    if s != GSL_SUCCESS { return s }
                    for j in 0..<n {
                        for i in 0..<m { cp[i] = i == j ? 1 : 0 }
                        var cv = gsl_vector_view_array(cp.baseAddress, m)
                        let q = gsl_linalg_QR_Qvec(&am.matrix, &tv.vector, &cv.vector)
                        if q != GSL_SUCCESS { return q }
                        // diag(R) sits on the diagonal of the decomposed matrix.
                        let sign: Double = ap[j * n + j] < 0 ? -1 : 1
                        for i in 0..<m { out[i * n + j] = sign * cp[i] }
                    }
                    return Int32(GSL_SUCCESS)
                }
            }
        }
        try GSLRuntime.check(status, "gsl_linalg_QR_decomp")
        return out
    }
}
