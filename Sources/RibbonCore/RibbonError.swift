/// Errors a user can cause and fix: every message says what is wrong and what is allowed.
public struct RibbonError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong, which decides the exit code.
    public enum Kind: Sendable, Equatable {
        /// A parameter outside its allowed range (a usage error: exit code 2).
        case invalidParameter
        /// An input file that cannot be read or parsed (a usage error: exit code 2).
        case invalidInput
        /// A numerical failure inside the computation (exit code 1).
        case numerical
    }

    /// The kind of error.
    public let kind: Kind
    /// What is wrong and what is allowed, in one line.
    public let message: String
    /// The message as printed to users.
    public var description: String { message }

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// An `invalidParameter` error with `message`.
    public static func parameter(_ message: String) -> RibbonError { RibbonError(.invalidParameter, message) }
}
