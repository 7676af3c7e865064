/// A LAPACK routine that did not succeed: its name and its `info` code, with what the code means.
public struct LAPACKError: Error, Sendable, CustomStringConvertible {
    /// The `info` used when LAPACKE itself could not be loaded.
    public static let notLoaded: Int32 = .min

    /// The routine, e.g. "LAPACKE_dsyevd".
    public let function: String
    /// LAPACK's `info`: −i when argument i was illegal (LAPACKE also reports NaN input this way), > 0 when the
    /// algorithm failed to converge, ``notLoaded`` when the library is missing.
    public let info: Int32

    public var description: String {
        if info == Self.notLoaded {
            return
                "\(function): LAPACKE is not installed (apt-get install liblapacke libopenblas0, or run scripts/setup)"
        }
        return info < 0
            ? "\(function): argument \(-info) refused (a NaN or infinite entry, or an illegal size)"
            : "\(function): did not converge (info = \(info))"
    }
}
