/// The one SIMD dot product of the numerical hot loops (the eigenvalue solver's reflections, the
/// Lanczos products, Gram matrices).
public enum VectorKernels {
    /// Σ a_i b_i with two independent SIMD4 partial sums: a scalar reduction is latency-bound (one
    /// dependent add per element), this keeps the FMA units busy. Summation order differs from the
    /// naive loop only by rounding.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), j = 0
        let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
        while j + 8 <= n {
            s0 +=
                ra.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: j * 8, as: SIMD4<Double>.self)
            s1 +=
                ra.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self)
                * rb.loadUnaligned(fromByteOffset: j * 8 + 32, as: SIMD4<Double>.self)
            j += 8
        }
        var s = (s0 + s1).sum()
        while j < n { s += a[j] * b[j]; j += 1 }
        return s
    }
}
