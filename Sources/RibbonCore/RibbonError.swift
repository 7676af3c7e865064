/// Errors a user can cause and fix: every message says what is wrong and what is allowed.
public struct RibbonError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        /// A parameter outside its allowed range (a usage error: exit code 2).
        case invalidParameter
        /// An input file that cannot be read or parsed (a usage error: exit code 2).
        case invalidInput
        /// A numerical failure inside the computation (exit code 1).
        case numerical
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public static func parameter(_ message: String) -> RibbonError { RibbonError(.invalidParameter, message) }
}
