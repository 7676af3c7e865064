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

    @Option(help: "Dimension d of geometric and power-law spectra (≥ 2).")
    var dim: Int = 200

    @Option(parsing: .unconditional, help: "Learning rate η; gradient descent needs 0 < ηλ₁ < 2.")
    var eta: Double = 1

    @Option(parsing: .unconditional, help: "Top eigenvalue λ₁ of geometric and power-law spectra.")
    var lambda1: Double = 1

    @Option(parsing: .unconditional, help: "Standard deviation σ₀ of the initial weights w₀ ~ N(0, σ₀² I).")
    var sigma0: Double = 1

    @Option(help: "Target profile: weights (w*_i = rσ₀) or outputs (√λ_i w*_i = rσ₀√λ₁).")
    var target: TargetProfile = .weights

    @Option(
        help: ArgumentHelp(
            "Spectrum: geometric, power, kernel:rbf|laplace|arccos0|arccos1|ntk-relu (eigenvalues of K/n on Gaussian data), or a FILE (one eigenvalue per line, or a symmetric CSV matrix).",
            valueName: "geometric|power|kernel:NAME|FILE"))
    var spectrum: String = "geometric"

    @Option(
        parsing: .unconditional,
        help: "Exponent α of the power-law spectrum λ_i = λ₁ i^(−α); required for --spectrum power.")
    var alpha: Double?

    @Flag(help: "Gradient flow e^{−λτ} with τ = ηT instead of discrete GD (1 − ηλ)^t.")
    var flow = false

    @OptionGroup var kernel: KernelOptions

    func makeSpectrum() throws -> Spectrum {
        switch spectrum {
        case "geometric":
            if alpha != nil {
                throw RibbonError(
                    .invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power")
            }
            guard let slope else {
                throw RibbonError(.invalidParameter, "--slope is required for the geometric spectrum (c > 0)")
            }
            return try Spectrum.geometric(lambda1: lambda1, slope: slope, dimension: dim)
        case "power":
            if slope != nil {
                throw RibbonError(
                    .invalidParameter, "--slope applies to --spectrum geometric only; use --alpha for a power law")
            }
            guard let alpha else {
                throw RibbonError(.invalidParameter, "--alpha is required for --spectrum power (α > 0)")
            }
            return try Spectrum.powerLaw(lambda1: lambda1, alpha: alpha, dimension: dim)
        default:
            if slope != nil || alpha != nil {
                throw RibbonError(.invalidParameter, "--slope and --alpha apply to geometric and power spectra only")
            }
            if let k = try kernel.spectrum(named: spectrum, dimension: dim) { return k }
            return try SpectrumFile.load(path: spectrum)
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

    /// The spectrum model for scans and boundary searches, with its shape parameter.
    func makeModel(free: BoundaryAxis? = nil) throws -> (SpectrumModel, Double?) {
        switch spectrum {
        case "geometric":
            if alpha != nil {
                throw RibbonError(
                    .invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power")
            }
            guard let shape = slope ?? (free == .slope ? 1 : nil) else {
                throw RibbonError(.invalidParameter, "--slope is required for the geometric spectrum (c > 0)")
            }
            _ = try Spectrum.geometric(lambda1: lambda1, slope: shape, dimension: dim)
            return (.geometric(lambda1: lambda1, dimension: dim), shape)
        case "power":
            _ = try makeSpectrum()
            return (.powerLaw(lambda1: lambda1, dimension: dim), alpha)
        default:
            return (.fixed(try makeSpectrum()), nil)
        }
    }
}
