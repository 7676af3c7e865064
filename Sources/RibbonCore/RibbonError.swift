import GSL

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

    /// The setting an error is about, so that a front end can name its own control for it (the CLI adds
    /// "--flow", "--from/--to", …); the library's messages speak of the library's parameters only.
    public enum Topic: String, Sendable, Equatable {
        /// Discrete gradient descent versus gradient flow (`Knobs.dynamics`).
        case dynamics
        /// The checkpoint schedule of a simulation.
        case checkpoints
        /// Which spectrum (a name or a file).
        case spectrum
        /// The search range of a boundary.
        case searchRange
        /// The knob a boundary is traced along.
        case axis
        /// The number of bootstrap replicates of a verification.
        case bootstrap
        /// Planning the runs of a verification from a detectable deviation.
        case detect
        /// The target profile (weights or outputs).
        case target
        /// The model dimension d (for kernels, the sample count n).
        case dimension
        /// SGD's batch size (SGD instead of full-batch GD).
        case batch
        /// The learning rate η.
        case learningRate
        /// How much a simulation holds: runs × checkpoints × d, and the distance matrix.
        case simulationSize
        /// The scale of the inputs (r, σ₀, λ₁, the noise σ_n).
        case scale
    }

    /// The kind of error.
    public let kind: Kind
    /// What is wrong and what is allowed, in one line.
    public let message: String
    /// The setting the error is about, when one is.
    public let topic: Topic?
    /// The message as printed to users.
    public var description: String { message }

    /// An error of `kind` with `message`, about `topic` when given.
    public init(_ kind: Kind, _ message: String, topic: Topic? = nil) {
        self.kind = kind
        self.message = message
        self.topic = topic
    }

    /// An `invalidParameter` error with `message`.
    public static func parameter(_ message: String, topic: Topic? = nil) -> RibbonError {
        RibbonError(.invalidParameter, message, topic: topic)
    }
}

extension RibbonError: GSLFailureConvertible {
    /// A GSL routine's failure inside a quadrature, root or ODE call (tag: numerical; exit 1). The closures
    /// passed to those calls throw `RibbonError` themselves, so their errors come back unchanged.
    public init(gslFailure: GSLError) { self.init(.numerical, "\(gslFailure)") }
}
