import ArgumentParser
import RibbonCore
import RibbonIO

extension TargetProfile: ExpressibleByArgument {}

/// The spectrum and training knobs shared by every theory subcommand.
struct ModelOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help:
            "Spectrum slope c = ln(λ_i/λ_{i+1}) of the geometric spectrum (knob i); required for --spectrum geometric.")
    var slope: Double?

    @Option(
        parsing: .unconditional, help: "Number of gradient-descent steps T (knob iii); the trajectory holds t = 0…T.")
    var steps: Double?

    @Option(
        parsing: .unconditional, help: "Ratio r = |w*_i|/σ₀ of the ground truth to the initial weights (knob ii), ≥ 0.")
    var ratio: Double?

    @Option(
        help:
            "Dimension d: of geometric, power-law and kernel spectra (≥ 2; default 200); of a spectrum FILE, keep its top d eigenvalues (default: all)."
    )
    var dim: Int?

    @Option(parsing: .unconditional, help: "Learning rate η; gradient descent needs 0 < ηλ₁ < 2.")
    var eta: Double = 1

    @Option(
        parsing: .unconditional,
        help:
            "Top eigenvalue λ₁: of geometric and power-law spectra (default 1); a spectrum FILE is rescaled so that its λ₁ equals it (every ratio kept; default: as read)."
    )
    var lambda1: Double?

    @Option(parsing: .unconditional, help: "Standard deviation σ₀ of the initial weights w₀ ~ N(0, σ₀² I).")
    var sigma0: Double = 1

    @Option(help: "Target profile: weights (w*_i = rσ₀) or outputs (√λ_i w*_i = rσ₀√λ₁).")
    var target: TargetProfile = .weights

    @Option(
        help: ArgumentHelp(
            "Spectrum: geometric, power, kernel:rbf|laplace|arccos0|arccos1|ntk-relu (eigenvalues of K/n on Gaussian data), or a FILE (one eigenvalue per line, or a symmetric CSV matrix; an optional header line; negatives ≥ −1e-12 λ₁ are round-off, set to 0).",
            valueName: "geometric|power|kernel:NAME|FILE"))
    var spectrum: String = "geometric"

    @Option(
        parsing: .unconditional,
        help: "Exponent α of the power-law spectrum λ_i = λ₁ i^(−α); required for --spectrum power.")
    var alpha: Double?

    @Flag(help: "Gradient flow e^{−λτ} with τ = ηT instead of discrete GD (1 − ηλ)^t.")
    var flow = false

    @OptionGroup var kernel: KernelOptions

    /// d of named spectra (geometric, power, kernel): --dim or 200.
    var dimension: Int { dim ?? 200 }
    /// λ₁ of geometric and power-law spectra: --lambda1 or 1.
    var topEigenvalue: Double { lambda1 ?? 1 }

    /// The spectrum; a FILE is recorded in `metadata` (and --dim/--lambda1 apply to it only when given).
    func makeSpectrum(recording metadata: inout RunMetadata) throws -> Spectrum {
        switch spectrum {
        case "geometric":
            if alpha != nil {
                throw RibbonError(
                    .invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power")
            }
            guard let slope else {
                throw RibbonError(.invalidParameter, "--slope is required for the geometric spectrum (c > 0)")
            }
            return try Spectrum.geometric(lambda1: topEigenvalue, slope: slope, dimension: dimension)
        case "power":
            if slope != nil {
                throw RibbonError(
                    .invalidParameter, "--slope applies to --spectrum geometric only; use --alpha for a power law")
            }
            guard let alpha else {
                throw RibbonError(.invalidParameter, "--alpha is required for --spectrum power (α > 0)")
            }
            return try Spectrum.powerLaw(lambda1: topEigenvalue, alpha: alpha, dimension: dimension)
        default:
            if slope != nil || alpha != nil {
                throw RibbonError(.invalidParameter, "--slope and --alpha apply to geometric and power spectra only")
            }
            if let k = try kernel.spectrum(named: spectrum, dimension: dimension) { return k }
            return try FileSpectrum.load(spectrum, dim: dim, lambda1: lambda1, recording: &metadata)
        }
    }

    /// The knobs; `free` names a knob that a boundary search varies (it need not be given).
    func makeKnobs(free: BoundaryAxis? = nil) throws -> Knobs {
        guard let steps = steps ?? (free == .steps ? 1 : nil) else {
            throw RibbonError(.invalidParameter, "--steps is required (an integer ≥ 1)")
        }
        guard let ratio = ratio ?? (free == .ratio ? 1 : nil) else {
            throw RibbonError(.invalidParameter, "--ratio is required (a number ≥ 0)")
        }
        return try Knobs(
            eta: eta, steps: steps, ratio: ratio, sigma0: sigma0, target: target,
            dynamics: flow ? .flow : .discrete)
    }

    /// The spectrum model for scans and boundary searches, with its shape parameter; a FILE is recorded in
    /// `metadata`.
    func makeModel(free: BoundaryAxis? = nil, recording metadata: inout RunMetadata) throws -> (SpectrumModel, Double?)
    {
        switch spectrum {
        case "geometric":
            if alpha != nil {
                throw RibbonError(
                    .invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power")
            }
            guard let shape = slope ?? (free == .slope ? 1 : nil) else {
                throw RibbonError(.invalidParameter, "--slope is required for the geometric spectrum (c > 0)")
            }
            _ = try Spectrum.geometric(lambda1: topEigenvalue, slope: shape, dimension: dimension)
            return (.geometric(lambda1: topEigenvalue, dimension: dimension), shape)
        case "power":
            _ = try makeSpectrum(recording: &metadata)
            return (.powerLaw(lambda1: topEigenvalue, dimension: dimension), alpha)
        default:
            return (.fixed(try makeSpectrum(recording: &metadata)), nil)
        }
    }
}
