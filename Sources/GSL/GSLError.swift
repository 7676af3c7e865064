import CGSL

/// A failure reported by GSL, carrying GSL's own status code and message.
///
/// GSL's default error handler aborts the process; ``GSLRuntime`` switches it off, so every
/// status comes back to Swift and is turned into this error instead.
public struct GSLError: Error, CustomStringConvertible, Equatable, Sendable {
    /// GSL's status code (`GSL_EDOM`, `GSL_EMAXITER`, ...).
    public let status: Int32
    /// The GSL routine that failed.
    public let function: String
    /// GSL's description of the status (`gsl_strerror`), plus any detail we add.
    public let reason: String

    /// The error as printed to users: routine, reason and GSL status code.
    public var description: String { "\(function): \(reason) (GSL status \(status))" }

    init(status: some BinaryInteger, function: String, detail: String? = nil) {
        self.status = Int32(status)
        self.function = function
        let message = String(cString: gsl_strerror(self.status))
        self.reason = detail.map { "\(message): \($0)" } ?? message
    }
}

/// An error type the GSL closure APIs (quadrature, root finding, ODEs) throw directly: the caller's own error,
/// which must also be able to stand for a failure of GSL itself. Errors thrown by the caller's closure then
/// come back unchanged and typed, and a GSL status becomes the same type, so callers need no re-wrapping.
public protocol GSLFailureConvertible: Error {
    /// The caller's error for a GSL failure.
    init(gslFailure: GSLError)
}

extension GSLError: GSLFailureConvertible {
    /// A GSL failure is itself.
    public init(gslFailure: GSLError) { self = gslFailure }
}

/// One-time process set-up of GSL.
enum GSLRuntime {
    /// Switching the handler off once is enough; `static let` runs it exactly once, thread-safely.
    private static let handlerOff: Void = { _ = gsl_set_error_handler_off() }()

    @inline(__always)
    static func prepare() { _ = handlerOff }

    /// Throws unless `status` is `GSL_SUCCESS`.
    @inline(__always)
    static func check(_ status: Int32, _ function: String, detail: String? = nil) throws(GSLError) {
        if status != GSL_SUCCESS { throw GSLError(status: status, function: function, detail: detail) }
    }
}

/// Facts about the linked GSL library.
public enum GSLLibrary {
    /// The version string of the GSL library linked at run time (e.g. "2.7.1").
    public static var version: String { String(cString: cgsl_version()) }
}
