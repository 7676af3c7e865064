/// A LAPACK routine that did not succeed: its name and its `info` code, with what the code means.
public struct LAPACKError: Error, Sendable, CustomStringConvertible {
    /// The routine, e.g. "LAPACKE_dsyevd".
    public let function: String
    /// LAPACK's `info`: −i when argument i was illegal (LAPACKE also reports NaN input this way), > 0 when the
    /// algorithm failed to converge.
    public let info: Int32

    public var description: String {
        info < 0
            ? "\(function): argument \(-info) refused (a NaN or infinite entry, or an illegal size)"
            : "\(function): did not converge (info = \(info))"
    }
}
