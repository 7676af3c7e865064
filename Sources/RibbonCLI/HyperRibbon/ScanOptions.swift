import ArgumentParser
import RibbonCore
import RibbonIO

/// The grid of `ribbon scan`: every knob takes a grid `a:b:n`, `log:a:b:n` or a comma list.
struct GridOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Slope grid c (geometric spectra).", valueName: "GRID"))
    var slope: String?
    @Option(help: ArgumentHelp("Steps grid T (integers).", valueName: "GRID"))
    var steps: String?
    @Option(help: ArgumentHelp("Ratio grid r.", valueName: "GRID"))
    var ratio: String?
    @Option(help: ArgumentHelp("Learning-rate grid η.", valueName: "GRID"))
    var eta: String?
    @Option(help: ArgumentHelp("Initial-weight scale grid σ₀.", valueName: "GRID"))
    var sigma0: String?
    @Option(help: ArgumentHelp("ρ* grid of the HR criterion.", valueName: "GRID"))
    var rho: String?
    @Option(help: ArgumentHelp("ε grid of the HR criterion.", valueName: "GRID"))
    var epsilon: String?
    @Option(help: ArgumentHelp("α grid (power-law spectra).", valueName: "GRID"))
    var alpha: String?
    @Option(
        help: ArgumentHelp(
            "SGD batch-size grid B (integers; exact SGD covariance, Gaussian inputs, with replacement, T ≤ 2e5). Default: full-batch GD.",
            valueName: "GRID"))
    var batch: String?
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("SGD label-noise grid σ_ε (needs --batch or --boundaries batch).", valueName: "GRID"))
    var labelNoise: String?
    @Option(help: ArgumentHelp("Target profiles, a comma list of weights and outputs.", valueName: "LIST"))
    var target: String = "weights"
    @Option(help: ArgumentHelp("Spectra, a comma list of geometric, power, kernel:NAME and FILEs.", valueName: "LIST"))
    var spectrum: String = "geometric"
    @Option(
        help:
            "Dimension d: of geometric, power-law and kernel spectra (default 200); of each spectrum FILE, keep its top d eigenvalues (default: all)."
    )
    var dim: Int?
    @Option(
        help:
            "Top eigenvalue λ₁: of geometric and power-law spectra (default 1); each spectrum FILE is rescaled so that its λ₁ equals it (default: as read)."
    )
    var lambda1: Double?
    @Flag(help: "Gradient flow e^{−λτ}, τ = ηT, instead of discrete GD (1 − ηλ)^t.")
    var flow = false

    @OptionGroup var kernel: KernelOptions

    /// True when no knob grid was given: `ribbon scan` then computes the default phase diagram.
    var isDefault: Bool {
        [slope, steps, ratio, eta, sigma0, rho, epsilon, alpha, batch, labelNoise].allSatisfy { $0 == nil }
    }

    /// The documented default diagram: c × T at three ratios (168 points).
    static let defaultSlope = "0.25,0.5,0.75,1,1.5,2,3,4"
    static let defaultSteps = "log:1:1e6:7"
    static let defaultRatio = "1,10,100"

    /// The grid; spectrum FILEs are recorded in `metadata`.
    func makeGrid(traced: BoundaryAxis?, recording metadata: inout RunMetadata) throws -> ScanGrid {
        let dim = self.dim ?? 200, lambda1 = self.lambda1 ?? 1
        let useDefault = isDefault && traced == nil
        func axis(_ text: String?, _ name: String, fallback: Double?, integer: Bool = false) throws -> [Double] {
            if let text {
                if traced?.rawValue == name {
                    throw RibbonError(
                        .invalidParameter,
                        "--boundaries \(name) traces \(name); remove --\(name) (its range is --from/--to)")
                }
                return try GridAxis.parse(text, name: "--" + name, integer: integer).values
            }
            if let fallback { return [fallback] }
            if traced?.rawValue == name { return [1] }
            throw RibbonError(.invalidParameter, "--\(name) grid is required (a:b:n, log:a:b:n or a list)")
        }
        let slopeText = useDefault ? Self.defaultSlope : slope
        let names = spectrum.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw RibbonError(.invalidParameter, "--spectrum list is empty; give geometric, power or file paths")
        }
        if slopeText != nil && !names.contains("geometric") {
            throw RibbonError(
                .invalidParameter, "--slope applies to geometric spectra; add geometric to --spectrum or remove --slope"
            )
        }
        if alpha != nil && !names.contains("power") {
            throw RibbonError(
                .invalidParameter, "--alpha applies to power-law spectra; add power to --spectrum or remove --alpha")
        }
        if traced == .slope && names.contains(where: { $0 != "geometric" }) {
            throw RibbonError(.invalidParameter, "--boundaries slope needs --spectrum geometric only")
        }
        var spectra: [ScanGrid.SpectrumAxis] = []
        for name in names {
            switch name {
            case "geometric":
                let shapes: [Double]
                if traced == .slope {
                    if slopeText != nil {
                        throw RibbonError(.invalidParameter, "--boundaries slope traces slope; remove --slope")
                    }
                    shapes = [1]
                } else {
                    guard let slopeText else {
                        throw RibbonError(.invalidParameter, "--slope grid is required for the geometric spectrum")
                    }
                    shapes = try GridAxis.parse(slopeText, name: "--slope").values
                }
                for c in shapes { _ = try Spectrum.geometric(lambda1: lambda1, slope: c, dimension: dim) }
                spectra.append(.init(model: .geometric(lambda1: lambda1, dimension: dim), shapes: shapes))
            case "power":
                guard let alpha else {
                    throw RibbonError(.invalidParameter, "--alpha grid is required for the power-law spectrum")
                }
                let shapes = try GridAxis.parse(alpha, name: "--alpha").values
                for a in shapes { _ = try Spectrum.powerLaw(lambda1: lambda1, alpha: a, dimension: dim) }
                spectra.append(.init(model: .powerLaw(lambda1: lambda1, dimension: dim), shapes: shapes))
            default:
                let fixed =
                    try kernel.spectrum(named: name, dimension: dim)
                    ?? FileSpectrum.load(name, dim: self.dim, lambda1: self.lambda1, recording: &metadata)
                spectra.append(.init(model: .fixed(fixed), shapes: [nil]))
            }
        }
        var targets: [TargetProfile] = []
        for t in target.split(separator: ",") {
            guard let profile = TargetProfile(rawValue: t.trimmingCharacters(in: .whitespaces)) else {
                throw RibbonError(
                    .invalidParameter, "--target '\(t)' is not a target profile; allowed: weights, outputs")
            }
            targets.append(profile)
        }
        guard !targets.isEmpty else {
            throw RibbonError(.invalidParameter, "--target list is empty; allowed: weights, outputs")
        }
        var batches: [Int?] = [nil]
        if let batch {
            if traced == .batch {
                throw RibbonError(
                    .invalidParameter, "--boundaries batch traces batch; remove --batch (its range is --from/--to)")
            }
            batches = try GridAxis.parse(batch, name: "--batch", integer: true).values.map { b throws(RibbonError) in
                guard b >= 1, b <= SGDNoise.maximumBatch else {
                    throw RibbonError(.invalidParameter, "--batch values must be integers in 1...1e9 (got \(b))")
                }
                return Int(b)
            }
        }
        if labelNoise != nil && batch == nil && traced != .batch {
            throw RibbonError(.invalidParameter, "--label-noise applies to SGD: add --batch GRID or --boundaries batch")
        }
        let labelNoises = try labelNoise.map { try GridAxis.parse($0, name: "--label-noise").values } ?? [0]
        if let bad = labelNoises.first(where: { !($0 >= 0) || !$0.isFinite }) {
            throw RibbonError(.invalidParameter, "--label-noise values must be finite and ≥ 0 (got \(bad))")
        }
        let grid = try ScanGrid(
            spectra: spectra, targets: targets,
            ratios: try axis(useDefault ? Self.defaultRatio : ratio, "ratio", fallback: nil),
            steps: try axis(useDefault ? Self.defaultSteps : steps, "steps", fallback: nil, integer: true),
            etas: try axis(eta, "eta", fallback: 1), sigma0s: try axis(sigma0, "sigma0", fallback: 1),
            rhos: try axis(rho, "rho", fallback: HyperRibbonCriterion.defaultRho),
            epsilons: try axis(epsilon, "epsilon", fallback: HyperRibbonCriterion.defaultEpsilon),
            batches: batches, labelNoises: labelNoises,
            dynamics: flow ? .flow : .discrete, tracedAxis: traced)
        try Self.checkAxes(grid)
        return grid
    }

    /// Usage-level values are refused before the scan starts (exit 2), not found point by point after it:
    /// every axis value on its own, and ηλ₁ < 2 for every η and spectrum (discrete GD).
    static func checkAxes(_ grid: ScanGrid) throws(RibbonError) {
        for r in grid.ratios { _ = try Knobs(steps: 1, ratio: r) }
        for t in grid.steps { _ = try Knobs(steps: t, ratio: 1) }
        for s in grid.sigma0s { _ = try Knobs(steps: 1, ratio: 1, sigma0: s) }
        for rho in grid.rhos { _ = try HyperRibbonCriterion(rho: rho, epsilon: HyperRibbonCriterion.defaultEpsilon) }
        for e in grid.epsilons { _ = try HyperRibbonCriterion(rho: HyperRibbonCriterion.defaultRho, epsilon: e) }
        for axis in grid.spectra {
            for shape in axis.shapes {
                let spectrum = try axis.model.spectrum(shape: shape)
                for eta in grid.etas {
                    try Knobs(eta: eta, steps: 1, ratio: 1, dynamics: grid.dynamics).validateStability(for: spectrum)
                }
            }
        }
    }
}
