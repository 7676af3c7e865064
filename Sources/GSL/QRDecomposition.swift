import CGSL

/// Householder QR (`gsl_linalg_QR_decomp`), used for orthonormal frames and Haar rotations.
public enum QRDecomposition {
    /// The rows × columns matrix Q with orthonormal columns from A = QR (rows ≥ columns), with
    /// signs fixed so that diag(R) > 0. For Gaussian A this makes Q Haar-distributed.
    public static func orthonormalColumns(of a: [Double], rows m: Int, columns n: Int) throws(GSLError) -> [Double] {
        precondition(a.count == m * n && m >= n && n >= 1)
        GSLRuntime.prepare()
        var work = a
        var tau = [Double](repeating: 0, count: n)
        var q = [Double](repeating: 0, count: m * m)
        var r = [Double](repeating: 0, count: m * n)
        let status: Int32 = work.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                q.withUnsafeMutableBufferPointer { qp in
                    r.withUnsafeMutableBufferPointer { rp in
                        var am = gsl_matrix_view_array(ap.baseAddress, m, n)
                        var tv = gsl_vector_view_array(tp.baseAddress, n)
                        let s = gsl_linalg_QR_decomp(&am.matrix, &tv.vector)
                        if s != GSL_SUCCESS { return s }
                        var qm = gsl_matrix_view_array(qp.baseAddress, m, m)
                        var rm = gsl_matrix_view_array(rp.baseAddress, m, n)
                        return gsl_linalg_QR_unpack(&am.matrix, &tv.vector, &qm.matrix, &rm.matrix)
                    }
                }
            }
        }
        try GSLRuntime.check(status, "gsl_linalg_QR_decomp")
        var out = [Double](repeating: 0, count: m * n)
        for j in 0..<n {
            let sign: Double = r[j * n + j] < 0 ? -1 : 1
            for i in 0..<m { out[i * n + j] = sign * q[i * m + j] }
        }
        return out
    }
}
