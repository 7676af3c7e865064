import ArgumentParser
import RibbonCore
import RibbonIO

extension TargetProfile: ExpressibleByArgument {}

/// The spectrum and training knobs shared by every theory subcommand.
struct ModelOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Spectrum slope c = ln(λ_i/λ_{i+1}) of the geometric spectrum (knob i); required for --spectrum geometric.")
    var slope: Double?

    @Option(parsing: .unconditional, help: "Number of gradient-descent steps T (knob iii); the trajectory holds t = 0…T.")
    var steps: Double?

    @Option(parsing: .unconditional, help: "Ratio r = |w*_i|/σ₀ of the ground truth to the initial weights (knob ii), ≥ 0.")
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

    @Option(help: ArgumentHelp("Spectrum: geometric, power, kernel:rbf|laplace|arccos0|arccos1|ntk-relu (eigenvalues of K/n on Gaussian data), or a FILE (one eigenvalue per line, or a symmetric CSV matrix).", valueName: "geometric|power|kernel:NAME|FILE"))
    var spectrum: String = "geometric"

    @Option(parsing: .unconditional, help: "Exponent α of the power-law spectrum λ_i = λ₁ i^(−α); required for --spectrum power.")
    var alpha: Double?

    @Flag(help: "Gradient flow e^{−λτ} with τ = ηT instead of discrete GD (1 − ηλ)^t.")
    var flow = false

    @OptionGroup var kernel: KernelOptions

    func makeSpectrum() throws -> Spectrum {
        switch spectrum {
        case "geometric":
            if alpha != nil { throw RibbonError(.invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power") }
            guard let slope else { throw RibbonError(.invalidParameter, "--slope is required for the geometric spectrum (c > 0)") }
            return try Spectrum.geometric(lambda1: lambda1, slope: slope, dimension: dim)
        case "power":
            if slope != nil { throw RibbonError(.invalidParameter, "--slope applies to --spectrum geometric only; use --alpha for a power law") }
            guard let alpha else { throw RibbonError(.invalidParameter, "--alpha is required for --spectrum power (α > 0)") }
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
        return try Knobs(eta: eta, steps: steps, ratio: ratio, sigma0: sigma0, target: target,
                         dynamics: flow ? .flow : .discrete)
    }

    /// The spectrum model for scans and boundary searches, with its shape parameter.
    func makeModel(free: BoundaryAxis? = nil) throws -> (SpectrumModel, Double?) {
        switch spectrum {
        case "geometric":
            if alpha != nil { throw RibbonError(.invalidParameter, "--alpha applies to --spectrum power only; remove it or use --spectrum power") }
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

/// The hyper-ribbon criterion HR(ρ*, ε) (tag: criterion).
struct CriterionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "ρ*: largest allowed successive variance ratio μ_{k+1}/μ_k, in (0, 1).")
    var rho: Double = HyperRibbonCriterion.defaultRho

    @Option(parsing: .unconditional, help: "ε: share of total variance the criterion ignores (defines K_ε), in (0, 1).")
    var epsilon: Double = HyperRibbonCriterion.defaultEpsilon

    func makeCriterion() throws -> HyperRibbonCriterion {
        try HyperRibbonCriterion(rho: rho, epsilon: epsilon)
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// Where and how a single result is written (`widths`, `boundary`).
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: table (for people), csv (long/tidy) or json (one object).")
    var format: OutputFormat = .table

    @Option(help: ArgumentHelp("Write to FILE instead of standard output (with a FILE.meta.json sidecar).", valueName: "FILE"))
    var output: String = "-"

    /// Renders the result in the chosen format (only that renderer runs) and writes it with its
    /// sidecar, to which the format is appended. A nil `json` means the command has no JSON form.
    func write(metadata: RunMetadata, sidecar: [(String, JSONValue)], table: () throws -> String, csv: () throws -> String,
               json: (() throws -> JSONValue)?) throws {
        let text: String
        switch format {
        case .table: text = try table()
        case .csv: text = try csv()
        case .json:
            guard let json else { throw RibbonError.parameter("this command writes table or csv; use --format csv") }
            text = try json().serialized(pretty: true) + "\n"
        }
        try OutputFile.write(text, to: output, metadata: metadata, sidecar: sidecar + [("format", .string(format.rawValue))])
    }
}

/// The search range of a boundary along its axis (`boundary`, `scan --boundaries`).
struct RangeOptions: ParsableArguments {
    @Option(name: .customLong("from"), parsing: .unconditional,
            help: "Low end of the boundary search range (default: ratio 1e-3, steps 1, slope 0.01).")
    var low: Double?

    @Option(name: .customLong("to"), parsing: .unconditional,
            help: "High end of the boundary search range (default: ratio 1e4, steps 1e12, slope 10).")
    var high: Double?

    @Option(help: "Points of the boundary solver's initial log scan (flips closer than one step can be missed).")
    var scanPoints: Int = 57

    var isSet: Bool { low != nil || high != nil }

    func solver(axis: BoundaryAxis) throws -> BoundarySolver {
        let low = self.low ?? axis.defaultRange.lowerBound, high = self.high ?? axis.defaultRange.upperBound
        guard low < high else {
            throw RibbonError(.invalidParameter, "boundary range must satisfy 0 < --from < --to (got \(low)..\(high)); the axis is log-scaled")
        }
        return try BoundarySolver(axis: axis, range: low...high, scanPoints: scanPoints)
    }
}
