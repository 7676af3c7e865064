import CLAPACK

/// Eigenvalues of a dense real symmetric matrix through LAPACK's divide-and-conquer driver `dsyevd`.
///
/// Why LAPACK here and not ribbon's own solver: `dsyevd` tridiagonalises with blocked (level-3) updates and,
/// through OpenBLAS, on every core. At order 3072 it takes 1.3 s against 5.5 s for the own unblocked solver
/// (2 cores), which is what `spectrum --from-data` needs. At the scan's orders (≤ 400) the own solver is faster
/// (at 200 × 200: 0.9–1.3 ms against 2.2–3 ms), so the hot path keeps it.
public enum SymmetricEigenvalues {
    /// The `order` eigenvalues of the symmetric row-major `matrix` (only its lower triangle is read; it is
    /// overwritten), in descending order, written to `values`.
    public static func compute(
        destroying matrix: UnsafeMutableBufferPointer<Double>, order: Int,
        into values: UnsafeMutableBufferPointer<Double>
    ) throws(LAPACKError) {
        precondition(order >= 1 && matrix.count >= order * order && values.count >= order)
        let n = Int32(order)  // lapack_int: int32_t in the LP64 LAPACKE Debian ships
        let info = LAPACKE_dsyevd(
            LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")), n, matrix.baseAddress, n,
            values.baseAddress)
        guard info == 0 else { throw LAPACKError(function: "LAPACKE_dsyevd", info: Int32(info)) }
        // dsyevd returns them ascending.
        var lo = 0, hi = order - 1
        while lo < hi { values.swapAt(lo, hi); lo += 1; hi -= 1 }
    }
}
