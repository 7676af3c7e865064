import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `ribbon align`: online SGD on a k-class Gaussian mixture against the effective-dynamics ODE
/// and the test-matrix closed forms (OUTLIERS.md §2).
struct Align: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Online SGD on a Gaussian mixture vs the effective-dynamics ODE; test-Hessian/G outliers and alignment along training.",
        discussion: """
            Trains softmax regression (L2 term β/2‖x‖²) by online SGD with δ = c_δ/d from x = 0, over seeds and \
            dimensions, and compares the summary statistics m_ab = x^a·μ_b and R⊥_ab with the effective-dynamics \
            ODE (asymptotic; GSL rk8pd; Gaussian expectations by Gauss–Hermite quadrature or fixed-draw Monte \
            Carlo, named in the output). Several dimensions also fit the convergence exponent (predicted −½). \
            --spectra adds, at every checkpoint, the test Hessian and G blocks and the full kd × kd Hessian from \
            M̃ = (test samples per dimension)·d fresh samples: outlier counts, locations and overlaps (checked \
            against the x = 0 closed forms), alignment residuals, f_top, subspace overlap and test accuracy. \
            Exit 1 if a judged row fails; the rules are printed with the output.

            Example: ribbon align --dims 250,1000,4000 --times 1,2,5 --runs 8
            Example: ribbon align --dims 300 --lambda 100 --times 0,5,20 --runs 3 --spectra
            """
    )

    @Option(help: "Classes k (≥ 2).") var classes: Int = 4
    @Option(parsing: .unconditional, help: "Signal-to-noise λ (Z ~ N(0, I/λ)).") var lambda: Double = 20
    @Option(parsing: .unconditional, help: "Ridge β of the L2 term.") var ridge: Double = 0.02
    @Option(parsing: .unconditional, help: "Step constant c_δ (δ = c_δ/d); stable for c_δ < 4λ.") var stepConstant:
        Double = 1
    @Option(help: ArgumentHelp("Dimensions d, a comma list (each ≥ k).", valueName: "d1,d2,…")) var dims: String =
        "1000"
    @Option(
        help: ArgumentHelp("Checkpoint times t, a strictly ascending comma list (t = steps·δ).", valueName: "t1,t2,…"))
    var times: String = "1,2,5"
    @Option(help: "SGD runs (seeds) per dimension (≥ 2).") var runs: Int = 5
    @Option(help: "First seed; runs use seed, seed+1, ….") var seed: UInt64 = 1
    @Option(
        name: .customLong("false-alarm"),
        help:
            "Family-wise false-fail probability α from sampling noise (Student t, Bonferroni over every judged row), in (0, 0.5)."
    )
    var falseAlarm: Double = 0.01
    @Flag(help: "Also measure the test Hessian, G and full Hessian spectra at every checkpoint.") var spectra = false
    @Option(parsing: .unconditional, help: "Test samples per dimension for --spectra (M̃ = value·d, γ = 1/value).")
    var testSamplesPerDim: Double = 4
    @Option(
        help: ArgumentHelp(
            "Gaussian expectations of the ODE: gh:N (Gauss–Hermite, N nodes per dimension) or mc:N (N fixed draws); default: gh when Nᵏ ≤ 5000 allows N ≥ 5, else mc:20000.",
            valueName: "gh:N|mc:N")) var quadrature: String?
    @Flag(help: "Integrate the ODE only (no SGD) and print its statistics at the checkpoints.") var odeOnly = false
    @OptionGroup var destination: ReportOptions

    func run() throws {
        let setting = try MixtureSGDSetting(classes: classes, lambda: lambda, ridge: ridge, stepConstant: stepConstant)
        let timeList = try CommaList.parse(times, option: "times") { Double($0) }
        let expectation = try quadrature.map(Self.expectation)
        if odeOnly { return try printODE(setting, times: timeList, expectation: expectation) }
        let dimList = try CommaList.parse(dims, option: "dims") { Int($0) }.sorted()
        guard Set(dimList).count == dimList.count else { throw RibbonError.parameter("--dims repeats a dimension") }
        if spectra, let big = dimList.last, Double(big) * Double(big) * testSamplesPerDim > 2e9 {
            throw RibbonError.parameter(
                "--spectra holds M̃·d = \(testSamplesPerDim)·d² test inputs: at most 2e9 (lower --dims or --test-samples-per-dim)"
            )
        }
        let plan = AlignmentVerification.Plan(
            dimensions: dimList, times: timeList, runs: runs, seed: seed,
            testSampleRatio: spectra ? testSamplesPerDim : nil)
        let interactive = isatty(STDERR_FILENO) != 0
        let check = try AlignmentVerification(
            setting: setting, plan: plan, expectation: expectation, alpha: falseAlarm,
            progress: interactive ? { FileHandle.standardError.write(Data("\r\($0)   ".utf8)) } : nil)
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        try destination.write([check.report], metadata: RunMetadata())
        if !check.passed { throw ExitCode(1) }
    }

    /// `--ode-only`: the ODE's statistics as one long CSV (also for `--format table`); other formats are refused.
    private func printODE(_ setting: MixtureSGDSetting, times: [Double], expectation: MixtureDynamics.Expectation?)
        throws
    {
        guard destination.format == .csv || destination.format == .table else {
            throw RibbonError.parameter(
                "--ode-only writes one CSV table (--format csv or table; got \(destination.format.rawValue))")
        }
        let dynamics = try MixtureDynamics(setting: setting, expectation: expectation)
        let states = try dynamics.solve(at: times)
        var table = CSVTable(header: ["time", "quantity", "tag", "value"])
        for (t, s) in zip(times, states) {
            for (name, value) in s.scalars {
                table.append([.number(t), .text(name), .text(ResultTag.asymptotic.rawValue), .number(value)])
            }
        }
        let metadata = RunMetadata()
        let conventions: [(String, JSONValue)] = [
            ("expectations", .string(dynamics.expectation.description)),
            ("ode", .string("effective dynamics of OUTLIERS.md §2, x₀ = 0, GSL rk8pd, tolerance 1e-9 relative")),
        ]
        try OutputFile.write(
            table.render(), to: destination.output, metadata: metadata,
            sidecar: [
                (
                    "setting",
                    .object([
                        ("classes", .integer(classes)), ("lambda", .number(lambda)), ("ridge", .number(ridge)),
                        ("step_constant", .number(stepConstant)),
                    ])
                ),
                ("conventions", .object(conventions)), ("format", .string("csv")),
            ])
    }

    /// Parses gh:N or mc:N.
    static func expectation(_ text: String) throws -> MixtureDynamics.Expectation {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let n = Int(parts[1]) else {
            throw RibbonError.parameter("--quadrature must be gh:N or mc:N (got '\(text)')")
        }
        switch parts[0] {
        case "gh": return .gaussHermite(nodes: n)
        case "mc": return .monteCarlo(draws: n, seed: 1)
        default: throw RibbonError.parameter("--quadrature must be gh:N or mc:N (got '\(text)')")
        }
    }
}
