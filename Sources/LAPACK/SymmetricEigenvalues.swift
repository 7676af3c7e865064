#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Eigenvalues of a dense real symmetric matrix through LAPACK's divide-and-conquer driver `dsyevd` (LAPACKE),
/// loaded at run time.
///
/// Why LAPACK here and not ribbon's own solver: `dsyevd` tridiagonalises with blocked (level-3) updates and,
/// through OpenBLAS, on every core. At order 3072 it takes 1.3 s against 5.5 s for the own unblocked solver
/// (2 cores), which is what `spectrum --from-data` needs. At the scan's orders (≤ 400) the own solver is faster
/// (200 × 200: 0.74 ms against 1.5 ms), so the hot path keeps it.
///
/// Why loaded with `dlopen` instead of linked: OpenBLAS starts its thread pool when it is loaded, and its CBLAS
/// symbols would sit beside GSL's in the global namespace. Loading it `RTLD_LOCAL`, only when a large spectrum
/// is computed, keeps every other command exactly as it was (no extra threads, GSL's BLAS calls unchanged).
public enum SymmetricEigenvalues {
    /// `lapack_int LAPACKE_dsyevd(int layout, char jobz, char uplo, lapack_int n, double *a, lapack_int lda,
    /// double *w)`, with lapack_int = int32_t as Debian's LP64 LAPACKE has it.
    private typealias Driver =
        @convention(c) (
            Int32, CChar, CChar, Int32, UnsafeMutablePointer<Double>?, Int32, UnsafeMutablePointer<Double>?
        ) -> Int32

    /// The library names tried, in order (Debian's `liblapacke` package provides the first).
    static let libraryNames = ["liblapacke.so.3", "liblapacke.so", "liblapacke.dylib"]

    private static let driver: Driver? = {
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let symbol = dlsym(handle, "LAPACKE_dsyevd") { return unsafeBitCast(symbol, to: Driver.self) }
        }
        return nil
    }()

    /// Whether LAPACKE could be loaded (scripts/setup installs it with OpenBLAS).
    public static var isAvailable: Bool { driver != nil }

    /// The `order` eigenvalues of the symmetric row-major `matrix` (only its lower triangle is read; it is
    /// overwritten), in descending order, written to `values`.
    public static func compute(
        destroying matrix: UnsafeMutableBufferPointer<Double>, order: Int,
        into values: UnsafeMutableBufferPointer<Double>
    ) throws(LAPACKError) {
        precondition(order >= 1 && matrix.count >= order * order && values.count >= order)
        guard let driver else { throw LAPACKError(function: "LAPACKE_dsyevd", info: LAPACKError.notLoaded) }
        let rowMajor: Int32 = 101  // LAPACK_ROW_MAJOR
        let n = Int32(order)
        let info = driver(
            rowMajor, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "L")), n, matrix.baseAddress, n,
            values.baseAddress)
        guard info == 0 else { throw LAPACKError(function: "LAPACKE_dsyevd", info: info) }
        var eigenvalues = UnsafeMutableBufferPointer(rebasing: values[..<order])
        eigenvalues.reverse()  // dsyevd returns them ascending
    }
}
