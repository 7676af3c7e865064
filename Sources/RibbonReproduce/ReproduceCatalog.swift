import GSL
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// One regenerable result under `output/`: its tables (compared by `--check`) and figures.
public struct ReproduceItem {
    public let name: String
    public let summary: String
    /// Computes (file name, content) pairs: CSV tables first, then SVG figures.
    public let make: () throws -> [(String, String)]
}

/// The items of `ribbon reproduce`, all deterministic (fixed grids and seeds).
public enum ReproduceCatalog {
    static let criterion = try! HyperRibbonCriterion()
    /// The seed of every simulated item.
    public static let seed: UInt64 = 1

    /// Every item, in the order `reproduce` runs them.
    public static var items: [ReproduceItem] {
        [
            ReproduceItem(
                name: "phase_diagram",
                summary:
                    "HR phase diagram over slope × steps at r = 1, 10, 100: worst ratio heatmap, exact steps boundary, P1 and P2",
                make: phaseDiagram),
            ReproduceItem(
                name: "boundary_accuracy",
                summary:
                    "every closed form of BOUNDARIES.md §2 vs the exact r*, T*, c* boundaries and dense verdicts on the §3 grid and an off-grid set",
                make: boundaryAccuracy),
            ReproduceItem(
                name: "ratio_boundary",
                summary:
                    "smallest ratio r* with HR vs slope at T = 10, 100, 1000 (exact, P3′) and the THEORY.md §5 table on a wider range",
                make: ratioBoundary),
            ReproduceItem(
                name: "width_spectra",
                summary:
                    "μ_k/μ₁ vs k on both sides of the ratio and steps boundaries: exact, asymptotic (sech law), simulated",
                make: widthSpectra),
            ReproduceItem(
                name: "explained_stress",
                summary: "explained stress χ_K vs K at c = 1, T = 1000 for r = 0.1…100, and c = 2, T = 10",
                make: explainedStress),
            ReproduceItem(
                name: "sgd_boundary",
                summary:
                    "critical SGD noise scale η/B* vs slope for σ_ε = 0, 10, 100: exact (SGD covariance), S1, heavy-tail threshold",
                make: sgdBoundary),
            ReproduceItem(
                name: "kernel_spectra",
                summary:
                    "eigenvalues of K/n on Gaussian inputs: RBF beside the Mehler closed form, Laplace and NTK-ReLU power laws",
                make: kernelSpectra),
            ReproduceItem(
                name: "outlier_checks",
                summary:
                    "OUTLIERS.md BBP closed forms vs simulated spiked matrices (logit-gradient G, mixture test Hessian), both sides of each threshold",
                make: outlierChecks),
            ReproduceItem(
                name: "bbp_phase",
                summary:
                    "BBP outlier thresholds: logit model σ_c²/σ_E² vs C, mixture λ|μ|² vs γ; closed form and Brent root",
                make: bbpPhase),
            ReproduceItem(
                name: "effective_dynamics",
                summary:
                    "online SGD on the k = 4 mixture at d = 250, 1000, 4000 vs the effective-dynamics ODE; O(d^{−1/2}) convergence",
                make: effectiveDynamics),
            ReproduceItem(
                name: "alignment",
                summary:
                    "test Hessian/G outliers along training: x = 0 closed forms, full-Hessian groups, alignment residuals vs λ",
                make: alignment),
            ReproduceItem(
                name: "xor_width",
                summary:
                    "two-layer XOR: success share and 4-outlier share vs width K at t = 40, 100, beside the coupon-collector estimate",
                make: xorWidth),
            ReproduceItem(
                name: "goldilocks_zone",
                summary:
                    "ReLU network D = 480: ρ_D, curvature factor and random sections vs the section formulas along the weight scale; subspace training",
                make: goldilocksZone),
            ReproduceItem(
                name: "transient_curvature",
                summary: "top eigenvalue of G vs classifier confidence ε (class-resolved model) beside ‖c‖²λ_max(M̄)",
                make: transientCurvature),
            ReproduceItem(
                name: "verify_agreement",
                summary: "simulated vs exact top-5 variances with bootstrap error bars at six points",
                make: verifyAgreement),
        ]
    }

    static func csv(_ header: [String], _ rows: [[TableCell]]) -> String {
        var t = CSVTable(header: header)
        for r in rows { t.append(r) }
        return t.render()
    }

    static func widths(c: Double, steps: Double, ratio: Double, d: Int = 200) throws -> WidthSpectrum {
        let spectrum = try Spectrum.geometric(slope: c, dimension: d)
        return try WidthSpectrum(
            covariance: TrajectoryCovariance(
                spectrum: spectrum, knobs: Knobs(steps: steps, ratio: ratio),
                truncation: TrajectoryCovariance.defaultTruncation))
    }

    // MARK: phase_diagram

    static func phaseDiagram() throws -> [(String, String)] {
        let slopes = try GridAxis.parse("log:0.1:4:24", name: "--slope").values
        let steps = Array(Set(try GridAxis.parse("log:1:1e6:25", name: "--steps").values.map { $0.rounded() })).sorted()
        var rows: [[TableCell]] = [], boundaryRows: [[TableCell]] = [], files: [(String, String)] = []
        let stepsSolver = try BoundarySolver(axis: .steps, range: 1...1e6, scanPoints: 40)
        for r in [1.0, 10, 100] {
            var cells: [(x0: Double, x1: Double, y0: Double, y1: Double, value: Double)] = []
            var flips: [(x: Double, y: Double)] = []
            for (i, c) in slopes.enumerated() {
                for (j, t) in steps.enumerated() {
                    let w = try widths(c: c, steps: t, ratio: r)
                    let v = criterion.verdict(for: w)
                    let worst = v.worstRatio ?? 0
                    rows.append([
                        .number(r), .number(c), .number(t), .bool(v.isHyperRibbon), .integer(v.kEpsilon),
                        .number(worst),
                    ])
                    let cx = (i > 0 ? (slopes[i - 1] * c).squareRoot() : c / (slopes[1] / c).squareRoot())
                    let cx1 =
                        (i < slopes.count - 1 ? (slopes[i + 1] * c).squareRoot() : c * (c / slopes[i - 1]).squareRoot())
                    let ty0 = j > 0 ? (steps[j - 1] * t).squareRoot() : t / 1.5,
                        ty1 = j < steps.count - 1 ? (steps[j + 1] * t).squareRoot() : t * 1.5
                    cells.append((cx, cx1, ty0, ty1, worst))
                }
                let base = PhasePoint(
                    model: .geometric(lambda1: 1, dimension: 200), shape: c, knobs: try Knobs(steps: 1, ratio: r),
                    criterion: criterion)
                let result = try stepsSolver.solve(base)
                for flip in result.flips {
                    boundaryRows.append([
                        .number(r), .number(c), .number(flip.value),
                        .text(flip.entersHyperRibbon ? "enters" : "leaves"),
                    ])
                    flips.append((c, flip.value))
                }
            }
            let p2 = BoundaryClosedForms.criticalKappa(rho: criterion.rho) - 1
            var plot = SVGPlot(
                title:
                    "Phase diagram, r = \(NumberFormat.compact(r)) (d = 200, ηλ₁ = 1, σ₀ = 1): colour = worst ratio, HR(0.5, 1e-3) where ≤ 0.5",
                x: PlotAxis(label: "slope c", scale: .log, low: 0.08, high: 5),
                y: PlotAxis(label: "steps T", scale: .log, low: 0.7, high: 1.4e6))
            plot.width = 820
            plot.height = 480
            plot.heatmap = .init(cells: cells, low: 0, high: 1, label: "worst ratio")
            plot.legendCorner = .topLeft
            plot.series = [
                .init(label: "exact boundary: T where HR flips", points: flips, style: .markers, color: "#ffffff"),
                .init(
                    label: "P2: ηλ₁(T+1) = κ* ≈ 1797", points: [(0.08, p2), (5, p2)], style: .dashed, color: "#e63946"),
                .init(
                    label: "P1: c* = ln 2", points: [(log(2), 0.7), (log(2), 1.4e6)], style: .dashed, color: "#111111"),
            ]
            files.append(("phase_diagram_r\(NumberFormat.compact(r)).svg", plot.render()))
        }
        return [
            ("phase_diagram.csv", csv(["ratio", "slope", "steps", "hyper_ribbon", "k_epsilon", "worst_ratio"], rows)),
            ("phase_boundaries.csv", csv(["ratio", "slope", "steps_boundary", "direction"], boundaryRows)),
        ] + files
    }

    // MARK: ratio_boundary

    static func ratioBoundary() throws -> [(String, String)] {
        let solver = try BoundarySolver(axis: .ratio, range: 0.01...1e5, scanPoints: 57)
        let slopes = try GridAxis.parse("log:0.25:4:13", name: "--slope").values
        // The table has the schema of `scan --boundaries ratio` over slope × T (one schema for every boundary table).
        let grid = try ScanGrid(
            spectra: [.init(model: .geometric(lambda1: 1, dimension: 200), shapes: slopes)], targets: [.weights],
            ratios: [1], steps: [10, 100, 1000], etas: [1], sigma0s: [1], rhos: [criterion.rho],
            epsilons: [criterion.epsilon], dynamics: .discrete, tracedAxis: .ratio)
        let schema = ScanSchema(mode: .boundaries, top: 3, tracedAxis: .ratio)
        var text = RowFormat.csv.header(columns: schema.columns)
        var exact: [Double: [(x: Double, y: Double)]] = [:], prime: [Double: [(x: Double, y: Double)]] = [:]
        for index in 0..<grid.count {
            let base = try grid.point(at: index)
            let analysis = try BoundaryAnalysis(base: base, solver: solver)
            text += RowFormat.csv.line(
                columns: schema.columns,
                cells: schema.parameterCells(grid, index: index) + schema.boundaryCells(analysis))
            let (c, t) = (base.shape ?? .nan, base.knobs.steps)
            if let v = analysis.exact.value { exact[t, default: []].append((c, v)) }
            if let p = analysis.closedForms.first(where: { $0.name == "P3_prime" })?.value {
                prime[t, default: []].append((c, p))
            }
        }
        var series: [SVGPlot.Series] = []
        for (n, t) in [10.0, 100, 1000].enumerated() {
            let color = SVGPlot.palette[n]
            series += [
                .init(
                    label: "exact, T = \(NumberFormat.compact(t))", points: (exact[t] ?? []).sorted { $0.x < $1.x },
                    style: .lineAndMarkers, color: color),
                .init(
                    label: "P3′, T = \(NumberFormat.compact(t))", points: (prime[t] ?? []).sorted { $0.x < $1.x },
                    style: .dashed, color: color),
            ]
        }
        var plot = SVGPlot(
            title: "Smallest ratio r* with HR(0.5, 1e-3) · d = 200, ηλ₁ = 1, σ₀ = 1, weights target",
            x: PlotAxis(label: "slope c", scale: .log, low: 0.2, high: 5),
            y: PlotAxis(label: "r* (exact: Brent on the HR flip; P3′ asymptotic)", scale: .log, low: 0.1, high: 100))
        plot.series = series
        var table = "| c \\ T | 1 | 10 | 100 | 1000 | 10000 | 100000 |\n|---|---|---|---|---|---|---|\n"
        for c in [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4] {
            var cells: [String] = []
            for t in [1.0, 10, 100, 1000, 1e4, 1e5] {
                let base = PhasePoint(
                    model: .geometric(lambda1: 1, dimension: 200), shape: c, knobs: try Knobs(steps: t, ratio: 1),
                    criterion: criterion)
                let r = try solver.solve(base)
                cells.append(r.value.map { NumberFormat.short($0, digits: 4) } ?? (r.status == .always ? "≤0.01" : "∞"))
            }
            table += "| \(NumberFormat.compact(c)) | " + cells.joined(separator: " | ") + " |\n"
        }
        let markdown =
            "Smallest ratio r with HR(0.5, 1e-3) from E2 (exact, Brent), λ_i = e^(−c(i−1)), ηλ₁ = 1, weights target, σ₀ = 1, d = 200; "
            + "∞ = no r ≤ 1e5 works, ≤0.01 = every r ≥ 0.01 works.\n\n" + table
        return [
            ("ratio_boundary.csv", text),
            ("ratio_boundary_table.md", markdown), ("ratio_boundary.svg", plot.render()),
        ]
    }

    // MARK: width_spectra and verify_agreement

    static let verifyPoints: [(label: String, c: Double, r: Double, steps: Double)] = [
        ("c=1, T=100, r=7 (below r*)", 1, 7, 100), ("c=1, T=100, r=28 (above r*)", 1, 28, 100),
        ("c=2, r=1000, T=300 (before T*)", 2, 1000, 300), ("c=2, r=1000, T=4000 (after T*)", 2, 1000, 4000),
        ("c=0.5, T=10, r=1 (below c*)", 0.5, 1, 10), ("c=2, T=10, r=1 (above c*)", 2, 1, 10),
    ]

    static func simulate(_ p: (label: String, c: Double, r: Double, steps: Double), d: Int = 30)
        throws -> (simulation: Simulation, verification: Verification, exact: [Double])
    {
        let spectrum = try Spectrum.geometric(slope: p.c, dimension: d)
        let settings = try SimulationSettings(
            spectrum: spectrum, knobs: Knobs(steps: p.steps, ratio: p.r), samples: 150, runs: 40,
            schedule: p.steps > 1000 ? .logSpaced(60) : .everyStep, seed: seed)
        let simulation = try Simulation(settings)
        let verification = try Verification(simulation: simulation, criterion: criterion, top: 12, bootstrap: 200)
        let exact = try WidthSpectrum(
            rawEigenvalues: SymmetricEigensolver(order: d).eigenvalues(
                of:
                    TrajectoryCovariance.checkpointed(
                        spectrum: spectrum, knobs: settings.knobs, times: simulation.times, weights: simulation.weights)
            )
        ).variances
        return (simulation, verification, exact)
    }

    static func widthSpectra() throws -> [(String, String)] {
        var rows: [[TableCell]] = [], files: [(String, String)] = []
        for (n, p) in verifyPoints.prefix(4).enumerated() {
            let (_, v, exact) = try simulate(p)
            let forms = ClosedForms(
                spectrum: try Spectrum.geometric(slope: p.c, dimension: 30),
                knobs: try Knobs(steps: p.steps, ratio: p.r))
            let variances = v.rows.filter { $0.quantity.name == "variance" }
            var ex: [(x: Double, y: Double)] = [], asym: [(x: Double, y: Double)] = [],
                sim: [(x: Double, y: Double)] = [], err: [Double] = []
            for row in variances {
                let k = row.quantity.index!
                let law = k == 1 ? 1 : forms.sechLaw(k: k - 1)
                rows.append([
                    .text(p.label), .integer(k), .number(exact[k - 1] / exact[0]), .number(law),
                    .number(row.measured / exact[0]), .number((row.standardError ?? 0) / exact[0]),
                ])
                ex.append((Double(k), exact[k - 1] / exact[0]))
                if let law { asym.append((Double(k), law)) }
                sim.append((Double(k), row.measured / exact[0]))
                err.append((row.standardError ?? 0) / exact[0])
            }
            var plot = SVGPlot(
                title: "Width spectrum · \(p.label) · d = 30, ηλ₁ = 1, σ₀ = 1",
                x: PlotAxis(label: "k", scale: .linear, low: 0.5, high: 12.5),
                y: PlotAxis.fitting(
                    ex.map(\.y) + sim.map(\.y), label: "μ_k / μ₁ (variance ratio to the top)", scale: .log))
            plot.series = [
                .init(label: "exact (E2, same checkpoints)", points: ex, style: .line, color: SVGPlot.palette[0]),
                .init(label: "asymptotic (A1 sech law)", points: asym, style: .dashed, color: SVGPlot.palette[3]),
                .init(
                    label: "simulated (R = 40, n = 150) ± SE", points: sim, errors: err, style: .markers,
                    color: SVGPlot.palette[1]),
            ]
            files.append(("width_spectra_\(n + 1).svg", plot.render()))
        }
        return [
            (
                "width_spectra.csv",
                csv(
                    [
                        "point", "k", "exact_relative", "asymptotic_relative", "simulated_relative",
                        "simulated_se_relative",
                    ], rows)
            )
        ] + files
    }

    static func verifyAgreement() throws -> [(String, String)] {
        var rows: [[TableCell]] = [], series: [SVGPlot.Series] = [], all: [Double] = []
        var residuals: [SVGPlot.Series] = [], largest = 3.0
        for (n, p) in verifyPoints.enumerated() {
            let (_, v, _) = try simulate(p, d: 20)
            let variances = v.rows.filter { $0.quantity.name == "variance" }.prefix(5)
            // The residual panel: (simulated − exact)/SE, the scale on which pass/fail is decided.
            let z = variances.compactMap { row -> (x: Double, y: Double)? in
                guard let se = row.standardError, se > 0, let k = row.quantity.index else { return nil }
                return (Double(k) + 0.08 * Double(n) - 0.2, (row.measured - row["exact"]!) / se)
            }
            largest = max(largest, z.map { abs($0.y) }.max() ?? 0)
            residuals.append(
                .init(label: p.label, points: z, style: .markers, color: SVGPlot.palette[n % SVGPlot.palette.count]))
            for row in variances {
                rows.append([
                    .text(p.label), .integer(row.quantity.index!), .number(row["exact"]!), .number(row.measured),
                    .number(row.standardError ?? 0),
                    .bool(row.pass),
                ])
                all += [row["exact"]!, row.measured]
            }
            series.append(
                .init(
                    label: p.label, points: variances.map { ($0["exact"]!, $0.measured) },
                    errors: variances.map { $0.standardError ?? 0 }, style: .markers,
                    color: SVGPlot.palette[n % SVGPlot.palette.count]))
        }
        let axis = PlotAxis.fitting(all, label: "", scale: .log)
        var plot = SVGPlot(
            title: "Simulated vs exact variances μ₁…μ₅ · d = 20, n = 150, R = 40, seed 1 · bars: SE (exact null)",
            x: PlotAxis(label: "exact μ_k (E2)", scale: .log, low: axis.low, high: axis.high),
            y: PlotAxis(label: "simulated μ_k", scale: .log, low: axis.low, high: axis.high))
        plot.series =
            [
                .init(
                    label: "y = x", points: [(axis.low, axis.low), (axis.high, axis.high)], style: .dashed,
                    color: "#888888")
            ] + series
        plot.width = 760
        plot.height = 540
        plot.legendCorner = .bottomRight
        var residualPlot = SVGPlot(
            title:
                "Residuals (simulated − exact)/SE of μ₁…μ₅ at the six points · verify fails a point beyond its critical z",
            x: PlotAxis(label: "k", scale: .linear, low: 0.5, high: 5.7),
            y: PlotAxis(label: "z (SE units)", scale: .linear, low: -1.1 * largest, high: 1.1 * largest))
        residualPlot.series =
            [
                .init(label: "±3 SE", points: [(0.5, 3), (5.7, 3)], style: .dashed, color: "#888888"),
                .init(label: "", points: [(0.5, -3), (5.7, -3)], style: .dashed, color: "#888888"),
            ] + residuals
        residualPlot.width = 900
        residualPlot.legendCorner = .outsideRight
        return [
            ("verify_agreement.csv", csv(["point", "k", "exact", "simulated", "standard_error", "within_3_se"], rows)),
            ("verify_agreement.svg", plot.render()), ("verify_agreement_residuals.svg", residualPlot.render()),
        ]
    }

    // MARK: explained_stress

    static func explainedStress() throws -> [(String, String)] {
        var rows: [[TableCell]] = [], series: [SVGPlot.Series] = []
        let points: [(String, Double, Double, Double)] = [
            ("c=1, T=1000, r=0.1", 1, 1000, 0.1), ("c=1, T=1000, r=1", 1, 1000, 1),
            ("c=1, T=1000, r=10", 1, 1000, 10), ("c=1, T=1000, r=100", 1, 1000, 100),
            ("c=2, T=10, r=1", 2, 10, 1),
        ]
        for (n, p) in points.enumerated() {
            let stress = try widths(c: p.1, steps: p.2, ratio: p.3).explainedStress
            for k in 0..<10 { rows.append([.text(p.0), .integer(k + 1), .number(stress[k])]) }
            series.append(
                .init(
                    label: p.0, points: (0..<10).map { (Double($0 + 1), stress[$0]) }, style: .lineAndMarkers,
                    color: SVGPlot.palette[n]))
        }
        var plot = SVGPlot(
            title: "Explained stress χ_K = 1 − √(1 − Σₖ≤K μₖ² / Σₖ μₖ²) · d = 200, ηλ₁ = 1, σ₀ = 1",
            x: PlotAxis(label: "K (inPCA components)", scale: .linear, low: 0.5, high: 10.5),
            y: PlotAxis(label: "χ_K", scale: .linear, low: 0, high: 1.02))
        plot.series = series
        plot.width = 820
        plot.legendCorner = .outsideRight
        return [
            ("explained_stress.csv", csv(["point", "k", "explained_stress"], rows)),
            ("explained_stress.svg", plot.render()),
        ]
    }
}
