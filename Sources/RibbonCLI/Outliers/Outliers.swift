import ArgumentParser
import RibbonCore
import RibbonIO
import RibbonSim

/// `ribbon outliers`: closed forms of OUTLIERS.md (Hessian outliers, BBP transitions, softmax
/// freezing, Goldilocks sections), optionally checked against simulated spiked matrices.
struct Outliers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Hessian-outlier closed forms (OUTLIERS.md): BBP edges, outliers, overlaps, counts; optional simulation check.",
        discussion: """
            Models: logit (logit-gradient model, G's spectrum), mixture (Gaussian-mixture test Hessian block at \
            x = 0), rem (softmax freezing of Gaussian logits), goldilocks (random sections of a Hessian). Each \
            closed form is tagged exact or asymptotic. --simulate samples the matrix over seeds and compares \
            outlier count, location and squared overlap (± SE) with the closed forms; exit 1 if a judged row fails.

            Example: ribbon outliers logit --classes 10 --samples 300 --parameters 1000 --class-variance 0.01 --simulate
            """,
        subcommands: [Logit.self, Confident.self, Mixture.self, REM.self, Goldilocks.self, Zone.self, XOR.self]
    )

    /// Simulation and output options shared by the models.
    struct Common: ParsableArguments {
        @Flag(help: "Simulate the model over seeds and compare with the closed forms (exit 1 on a failed row).")
        var simulate = false
        @Option(help: "Seeds (simulated matrices) for --simulate.")
        var runs: Int = 5
        @Option(help: "First seed (0…2³²−2); seeds seed, seed+1, … are used.")
        var seed: UInt64 = 1
        @Option(
            name: .customLong("false-alarm"),
            help:
                "--simulate: family-wise false-fail probability α from sampling noise (Student t, Bonferroni over the judged rows), in (0, 0.5)."
        )
        var falseAlarm: Double = 0.01
        @OptionGroup var destination: ReportOptions

        func write(_ report: OutlierReport) throws { try Outliers.write(report, to: destination) }
    }

    /// Prints or writes the report (with sidecar); exit 1 when a simulated row failed.
    static func write(_ report: OutlierReport, to destination: ReportOptions) throws {
        try destination.write([report.report], metadata: RunMetadata())
        if report.simulation?.passed == false { throw ExitCode(1) }
    }

    struct Logit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Logit-gradient model: ∇z_k(x_μ) = c_k + E_kμ, uniform p; G's bulk edge, C − 1 outliers, overlaps, BBP threshold."
        )
        @Option(help: "Classes C (≥ 2).") var classes: Int
        @Option(help: "Samples N.") var samples: Int
        @Option(help: "Parameters D.") var parameters: Int
        @Option(parsing: .unconditional, help: "Class-gradient variance σ_c² (c_k ~ N(0, σ_c²/D I)).")
        var classVariance: Double
        @Option(parsing: .unconditional, help: "Noise variance σ_E² (E ~ N(0, σ_E²/D I)).") var noiseVariance: Double =
            1
        @OptionGroup var common: Common

        func run() throws {
            let m = try LogitGradientModel(
                classes: classes, samples: samples, parameters: parameters,
                classVariance: classVariance, noiseVariance: noiseVariance)
            guard !common.simulate || Double(parameters) * Double(samples) * Double(classes) <= 5e8 else {
                throw RibbonError(
                    .invalidParameter,
                    "--simulate holds the N·C gradients of length D in memory: D·N·C must be at most 5e8 (4 GB)")
            }
            let simulation =
                common.simulate
                ? try OutlierSimulation(logit: m, runs: common.runs, seed: common.seed, alpha: common.falseAlarm) : nil
            try common.write(
                OutlierReport(
                    model: "logit",
                    parameters: [
                        ("classes", .integer(classes)), ("samples", .integer(samples)),
                        ("parameters", .integer(parameters)),
                        ("class_variance", .number(classVariance)), ("noise_variance", .number(noiseVariance)),
                    ],
                    predictions: m.predictions, simulation: simulation))
        }
    }

    struct Mixture: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Gaussian-mixture test Hessian at x = 0: class block wŜ + βI; edge, k outliers, overlaps, BBP threshold; full-Hessian counts."
        )
        @Option(help: "Classes k (≥ 2).") var classes: Int
        @Option(help: "Input dimension d (≥ k).") var dim: Int
        @Option(help: "Test samples M̃ (γ = d/M̃).") var testSamples: Int
        @Option(parsing: .unconditional, help: "Signal-to-noise λ (Z ~ N(0, I/λ)).") var lambda: Double
        @Option(parsing: .unconditional, help: "Norm |μ| of the orthogonal class means.") var meanNorm: Double = 1
        @Option(parsing: .unconditional, help: "Ridge β of the L2 term.") var ridge: Double = 0
        @OptionGroup var common: Common

        func run() throws {
            let m = try GaussianMixtureHessian(
                classes: classes, dimension: dim, testSamples: testSamples, lambda: lambda,
                meanNorm: meanNorm, ridge: ridge)
            guard
                !common.simulate
                    || (Double(dim) * Double(dim) * Double(testSamples) <= 2e10
                        && Double(dim) * Double(testSamples) <= 5e8)
            else {
                throw RibbonError(
                    .invalidParameter,
                    "--simulate builds a d × d Gram of M̃ samples: d²·M̃ must be at most 2e10 and d·M̃ at most 5e8")
            }
            let simulation =
                common.simulate
                ? try OutlierSimulation(mixture: m, runs: common.runs, seed: common.seed, alpha: common.falseAlarm)
                : nil
            try common.write(
                OutlierReport(
                    model: "mixture",
                    parameters: [
                        ("classes", .integer(classes)), ("dim", .integer(dim)), ("test_samples", .integer(testSamples)),
                        ("lambda", .number(lambda)), ("mean_norm", .number(meanNorm)), ("ridge", .number(ridge)),
                    ],
                    predictions: m.predictions, simulation: simulation))
        }
    }

    struct REM: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rem",
            abstract:
                "Softmax freezing of i.i.d. Gaussian logits: σ_z* = √(2 ln C) and the curvature factor 1 − E‖p‖² (Monte Carlo beside)."
        )
        @Option(help: "Classes C (≥ 2).") var classes: Int
        @Option(parsing: .unconditional, help: "Logit standard deviation σ_z.") var logitScale: Double
        @Option(help: "Monte Carlo draws for the exact column.") var draws: Int = 20000
        @OptionGroup var common: Common

        func run() throws {
            let m = try SoftmaxFreezing(classes: classes, logitScale: logitScale)
            let mc = try m.monteCarlo(draws: draws, seed: common.seed)
            try common.write(
                OutlierReport(
                    model: "rem",
                    parameters: [
                        ("classes", .integer(classes)), ("logit_scale", .number(logitScale)),
                        ("draws", .integer(draws)),
                        ("seed", .integer(Int(common.seed))), ("monte_carlo_standard_error", .number(mc.standardError)),
                    ],
                    predictions: m.predictions(measured: mc.mean), simulation: nil))
        }
    }

    struct Goldilocks: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Random d-dimensional sections of a Hessian with ρ_D = Tr H/‖H‖_F: section trace ratio and positive-eigenvalue fraction."
        )
        @Option(parsing: .unconditional, help: "ρ_D = Tr H/‖H‖_F of the full Hessian.") var rho: Double
        @Option(help: "Section dimension d (≥ 1).") var sectionDim: Int

        @OptionGroup var destination: ReportOptions

        func run() throws {
            guard sectionDim >= 1 else {
                throw RibbonError(.invalidParameter, "--section-dim must be at least 1 (got \(sectionDim))")
            }
            let predictions = try GoldilocksSection.predictions(rho: rho, dimension: sectionDim)
            try Outliers.write(
                OutlierReport(
                    model: "goldilocks", parameters: [("rho", .number(rho)), ("section_dim", .integer(sectionDim))],
                    predictions: predictions, simulation: nil), to: destination)
        }
    }
}
