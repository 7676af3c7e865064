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

    /// The 4 × 2 dot products ⟨a_r, b_c⟩ of four vectors a_r = a + r·strideA and two b_c = b + c·strideB, all of
    /// length n: row r of the result holds (⟨a_r, b_0⟩, ⟨a_r, b_1⟩).
    ///
    /// Why: a Gram matrix formed one dot product at a time loads two numbers per multiply–add and is bound by the
    /// cache; this register block loads six SIMD vectors per eight multiply–adds. The order of summation is fixed
    /// (four lanes, then the tail), so the result does not depend on how the caller splits its work.
    public static func dots4x2(
        _ a: UnsafePointer<Double>, strideA: Int, _ b: UnsafePointer<Double>, strideB: Int, _ n: Int
    ) -> (SIMD2<Double>, SIMD2<Double>, SIMD2<Double>, SIMD2<Double>) {
        let a0 = UnsafeRawPointer(a), a1 = UnsafeRawPointer(a + strideA)
        let a2 = UnsafeRawPointer(a + 2 * strideA), a3 = UnsafeRawPointer(a + 3 * strideA)
        let b0 = UnsafeRawPointer(b), b1 = UnsafeRawPointer(b + strideB)
        var s00 = SIMD4<Double>(), s01 = SIMD4<Double>(), s10 = SIMD4<Double>(), s11 = SIMD4<Double>()
        var s20 = SIMD4<Double>(), s21 = SIMD4<Double>(), s30 = SIMD4<Double>(), s31 = SIMD4<Double>()
        var j = 0
        while j + 4 <= n {
            let o = j * 8
            let x0 = b0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            let x1 = b1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            var y = a0.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            s00.addProduct(y, x0)
            s01.addProduct(y, x1)
            y = a1.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            s10.addProduct(y, x0)
            s11.addProduct(y, x1)
            y = a2.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            s20.addProduct(y, x0)
            s21.addProduct(y, x1)
            y = a3.loadUnaligned(fromByteOffset: o, as: SIMD4<Double>.self)
            s30.addProduct(y, x0)
            s31.addProduct(y, x1)
            j += 4
        }
        var r0 = SIMD2(s00.sum(), s01.sum()), r1 = SIMD2(s10.sum(), s11.sum())
        var r2 = SIMD2(s20.sum(), s21.sum()), r3 = SIMD2(s30.sum(), s31.sum())
        while j < n {
            let x = SIMD2(b[j], b[j + strideB])
            r0 += a[j] * x
            r1 += a[j + strideA] * x
            r2 += a[j + 2 * strideA] * x
            r3 += a[j + 3 * strideA] * x
            j += 1
        }
        return (r0, r1, r2, r3)
    }
}
