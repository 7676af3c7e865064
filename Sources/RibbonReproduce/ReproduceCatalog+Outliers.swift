import GSL
import RibbonCore
import RibbonIO
import RibbonSim

/// `reproduce` items for OUTLIERS.md §2 and the BBP phase boundaries.
extension ReproduceCatalog {
    /// The OUTLIERS.md setting of the effective-dynamics check.
    static let mixtureSetting = try! MixtureSGDSetting(classes: 4, lambda: 20, ridge: 0.02, stepConstant: 1)

    // MARK: effective_dynamics

    /// SGD at d = 250, 1000, 4000 (4 seeds) against the ODE along t ≤ 20, and the O(d^{−1/2}) convergence.
    static func effectiveDynamics() throws -> [(String, String)] {
        let times = [0.5, 1, 2, 3, 5, 8, 12, 20.0]
        let check = try AlignmentVerification(
            setting: mixtureSetting, plan: .init(dimensions: [250, 1000, 4000], times: times, runs: 4, seed: seed))
        var rows: [[TableCell]] = []
        for r in check.rows {
            rows.append([
                .integer(Int(r["dimension"]!)), .number(r["time"]!), .text(r.quantity.name), .text(r.tag.rawValue),
                .number(r.predicted),
                .number(r.measured), .number(r.standardError ?? 0),
                .number(r.predicted.map { (r.measured - $0) / abs($0) }),
                .text(r.pass.map { $0 ? "true" : "false" } ?? ""),
            ])
        }
        let fine = (0...80).map { Double($0) / 4 }
        let ode = try MixtureDynamics(setting: mixtureSetting).solve(at: fine)
        var plot = SVGPlot(
            title: "Online SGD (k = 4, λ = 20, β = 0.02, c_δ = 1, 4 seeds ± SE) vs the effective-dynamics ODE",
            x: PlotAxis(label: "t = steps · c_δ/d", scale: .linear, low: 0, high: 20),
            y: PlotAxis(label: "m_diag (top) and 20 · R⊥_diag (bottom)", scale: .linear, low: 0, high: 1.8))
        plot.series.append(
            .init(
                label: "ODE m_diag", points: zip(fine, ode).map { ($0.0, $0.1.scalars[0].value) }, style: .line,
                color: "#444444"))
        plot.series.append(
            .init(
                label: "ODE 20·R⊥_diag", points: zip(fine, ode).map { ($0.0, 20 * $0.1.scalars[2].value) },
                style: .dashed, color: "#444444"))
        for (n, d) in [250, 1000, 4000].enumerated() {
            for (quantity, scale) in [("m_diag", 1.0), ("R_perp_diag", 20.0)] {
                let points = check.rows.filter { $0["dimension"] == Double(d) && $0.quantity.name == quantity }
                plot.series.append(
                    .init(
                        label: quantity == "m_diag" ? "SGD d = \(d)" : "",
                        points: points.map { ($0["time"]!, scale * $0.measured) },
                        errors: points.map { scale * ($0.standardError ?? 0) }, style: .markers,
                        color: SVGPlot.palette[n + 1]))
            }
        }
        plot.legendCorner = .topLeft
        plot.width = 720
        let deviations = check.rows.filter { $0.quantity.name == "rms_deviation_from_ode" }
        var convergence = SVGPlot(
            title: "RMS deviation of single SGD runs from the ODE (t ≤ 20, all statistics)",
            x: PlotAxis(label: "d", scale: .log, low: 100, high: 10000),
            y: PlotAxis.fitting(
                deviations.map(\.measured) + [deviations[0].measured * 2], label: "RMS deviation", scale: .log))
        convergence.series.append(
            .init(
                label: "measured (4 seeds per d)", points: deviations.map { ($0["dimension"]!, $0.measured) },
                style: .lineAndMarkers, color: SVGPlot.palette[0]))
        let anchor = deviations[0]
        convergence.series.append(
            .init(
                label: "∝ d^(−1/2)",
                points: [100.0, 10000].map {
                    ($0, anchor.measured * (Double(Int(anchor["dimension"]!)) / $0).squareRoot())
                },
                style: .dashed, color: "#888888"))
        return [
            (
                "effective_dynamics.csv",
                csv(
                    [
                        "dimension", "time", "quantity", "tag", "ode", "sgd_mean", "sgd_standard_error",
                        "relative_difference", "pass",
                    ], rows)
            ),
            ("effective_dynamics.svg", plot.render()), ("effective_dynamics_convergence.svg", convergence.render()),
        ]
    }

    // MARK: alignment

    /// Test-matrix spectra along training: outliers at x = 0 against the closed forms, the full-Hessian
    /// outlier groups, alignment residuals vs λ (d = 400, t = 20, 2 seeds), and the top of the full
    /// Hessian spectrum at several times (d = 300, λ = 100, one seed).
    static func alignment() throws -> [(String, String)] {
        var rows: [[TableCell]] = []
        var residuals: [(lambda: Double, hessian: Double, g: Double)] = []
        for lambda in [20.0, 100, 400] {
            let setting = try MixtureSGDSetting(classes: 4, lambda: lambda, ridge: 0.02, stepConstant: 1)
            let check = try AlignmentVerification(
                setting: setting,
                plan: .init(
                    dimensions: [400], times: [0, 5, 20], runs: 2, seed: seed,
                    testSampleRatio: 4))
            for r in check.rows
            where !r.quantity.name.hasPrefix("m_") && !r.quantity.name.hasPrefix("R_")
                && r.quantity.name != "rms_deviation_from_ode"
            {
                rows.append([
                    .number(lambda), .integer(Int(r["dimension"]!)), .number(r["time"]!), .text(r.quantity.name),
                    .text(r.tag.rawValue),
                    .number(r.predicted), .number(r.measured), .number(r.standardError ?? 0),
                    .text(r.pass.map { $0 ? "true" : "false" } ?? ""),
                ])
            }
            let at20 = { (q: String) in check.rows.first { $0.quantity.name == q && $0["time"] == 20 }?.measured ?? .nan
            }
            residuals.append((lambda, at20("hessian_alignment_residual"), at20("g_alignment_residual")))
        }
        var plot = SVGPlot(
            title: "Alignment residual ‖P⊥x^c‖/‖x^c‖ off the top-k test eigenspace (d = 400, t = 20, k = 4, 2 seeds)",
            x: PlotAxis(label: "λ", scale: .log, low: 10, high: 1000),
            y: PlotAxis(label: "residual", scale: .log, low: 0.01, high: 1))
        plot.series = [
            .init(
                label: "Hessian block", points: residuals.map { ($0.lambda, $0.hessian) }, style: .lineAndMarkers,
                color: SVGPlot.palette[0]),
            .init(
                label: "G block", points: residuals.map { ($0.lambda, $0.g) }, style: .lineAndMarkers,
                color: SVGPlot.palette[1]),
            .init(
                label: "∝ λ^(−1/2)", points: [10.0, 1000].map { ($0, residuals[0].hessian * (20 / $0).squareRoot()) },
                style: .dashed, color: "#888888"),
        ]
        plot.legendCorner = .bottomLeft
        // The top of the full kd × kd Hessian along training.
        let setting = try MixtureSGDSetting(classes: 4, lambda: 100, ridge: 0.02, stepConstant: 1)
        let sgd = try MixtureSGD(setting: setting, dimension: 300)
        let times = [0.0, 2, 5, 20]
        var tops: [[Double]] = []
        _ = try sgd.run(seed: seed, times: times) { (j, x) throws(RibbonError) in
            let m = MixtureTestMatrices(
                at: x, sgd: sgd, samples: 1200, rng: GSL.RandomGenerator(seed: seed).child(1 + j))
            tops.append(try m.fullHessianTop(count: 20).values)
        }
        var spectrum = SVGPlot(
            title: "Top of the full kd × kd test Hessian (d = 300, k = 4, λ = 100, M̃ = 1200, seed 1)",
            x: PlotAxis(label: "index i", scale: .linear, low: 0, high: 21),
            y: PlotAxis.fitting(tops.flatMap { $0 }, label: "eigenvalue", scale: .log))
        for (n, (t, values)) in zip(times, tops).enumerated() {
            spectrum.series.append(
                .init(
                    label: "t = \(NumberFormat.compact(t))",
                    points: values.enumerated().map { (Double($0.offset + 1), $0.element) },
                    style: .lineAndMarkers, color: SVGPlot.palette[n]))
            for (i, v) in values.enumerated() {
                rows.append([
                    .number(100), .integer(300), .number(t), .text("full_hessian_eigenvalue_\(i + 1)"),
                    .text(ResultTag.measured.rawValue), .number(nil),
                    .number(v), .number(nil), .text(""),
                ])
            }
        }
        spectrum.legendCorner = .topRight
        return [
            (
                "alignment.csv",
                csv(
                    [
                        "lambda", "dimension", "time", "quantity", "tag", "predicted", "measured", "standard_error",
                        "pass",
                    ], rows)
            ),
            ("alignment_residuals.svg", plot.render()), ("alignment_full_hessian.svg", spectrum.render()),
        ]
    }

    // MARK: bbp_phase

    /// BBP phase boundaries: the logit model's threshold σ_c²/σ_E² vs C at three N·D, and the mixture's
    /// λ|μ|² vs γ = d/M̃ for k = 2, 4, 8; closed form and Brent root side by side.
    static func bbpPhase() throws -> [(String, String)] {
        var rows: [[TableCell]] = []
        /// One curve: closed form (line) and Brent root (markers) at each x, a table row per point.
        func curve(
            _ plot: inout SVGPlot, label: String, color: String, at xs: [Double], point: (Double) -> String,
            boundary: (Double) throws -> BBPBoundary
        ) throws {
            var closed: [(x: Double, y: Double)] = [], roots: [(x: Double, y: Double)] = []
            for x in xs {
                let b = try boundary(x)
                let root = try b.root()
                rows.append([
                    .text(b.model.rawValue), .text(b.knob.rawValue), .text(point(x)), .number(b.closedForm),
                    .number(root.value),
                    .number((root.value - b.closedForm) / b.closedForm), .text(ResultTag.asymptotic.rawValue),
                ])
                closed.append((x, b.closedForm))
                roots.append((x, root.value))
            }
            plot.series.append(.init(label: label, points: closed, style: .line, color: color))
            plot.series.append(.init(label: "", points: roots, style: .markers, color: color))
        }
        var logitPlot = SVGPlot(
            title: "BBP boundary of the logit-gradient model: outliers above the curves",
            x: PlotAxis(label: "classes C", scale: .log, low: 2, high: 1000),
            y: PlotAxis(label: "σ_c²/σ_E² threshold √((C − 1)/(ND))", scale: .log, low: 1e-5, high: 1))
        for (n, (samples, parameters)) in [(300.0, 1000.0), (3000, 10000), (30000, 100000)].enumerated() {
            try curve(
                &logitPlot, label: "closed form, N = \(Int(samples)), D = \(Int(parameters))",
                color: SVGPlot.palette[n],
                at: [2, 3, 5, 10, 20, 50, 100, 200, 500, 1000],
                point: { "N=\(Int(samples)) D=\(Int(parameters)) C=\(Int($0))" }
            ) { c in
                try BBPBoundary(
                    model: .logit, knob: .varianceRatio,
                    base: .logit(classes: c, samples: samples, parameters: parameters, varianceRatio: .nan))
            }
        }
        logitPlot.legendCorner = .topLeft
        var mixturePlot = SVGPlot(
            title: "BBP boundary of the mixture test Hessian at x = 0: outliers above the curves",
            x: PlotAxis(label: "γ = d/M̃", scale: .log, low: 0.01, high: 100),
            y: PlotAxis(label: "λ|μ|² threshold k√γ", scale: .log, low: 0.1, high: 1000))
        for (n, k) in [2.0, 4, 8].enumerated() {
            try curve(
                &mixturePlot, label: "closed form, k = \(Int(k))", color: SVGPlot.palette[n],
                at: [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100],
                point: { "k=\(Int(k)) d=600 γ=\(NumberFormat.compact($0))" }
            ) { gamma in
                try BBPBoundary(
                    model: .mixture, knob: .lambda,
                    base: .mixture(classes: k, testSamples: 600 / gamma, dim: 600, lambda: .nan, meanNorm: 1))
            }
        }
        mixturePlot.legendCorner = .topLeft
        return [
            (
                "bbp_phase.csv",
                csv(["model", "axis", "point", "closed_form", "brent_root", "relative_difference", "tag"], rows)
            ),
            ("bbp_phase_logit.svg", logitPlot.render()), ("bbp_phase_mixture.svg", mixturePlot.render()),
        ]
    }
}

extension ReproduceCatalog {
    // MARK: xor_width

    /// Two-layer XOR (d = 200, λ = 20, 20 seeds): success share and 4-outlier share vs width K at
    /// training times t = 40 and 100, beside the coupon-collector estimate.
    static func xorWidth() throws -> [(String, String)] {
        let widths = [2, 4, 6, 8, 12, 16]
        var rows: [[TableCell]] = [], series: [SVGPlot.Series] = []
        for (n, time) in [40.0, 100].enumerated() {
            let study = try XORWidthStudy(widths: widths, runs: 20, seed: seed) { (k) throws(RibbonError) in
                try TwoLayerXOR(dimension: 200, width: k, lambda: 20, time: time)
            }
            for r in study.rows {
                rows.append([
                    .number(time), .integer(r.width), .integer(r.runs), .number(r.successShare),
                    .number(r.fourOutlierShare),
                    .number(r.agreement), .number(r.outliersMatchCovered), .number(r.meanOutliers),
                    .number(r.meanAccuracy),
                    .number(r.couponCollector),
                ])
            }
            series.append(
                .init(
                    label: "success share, t = \(Int(time)) (± SE)",
                    points: study.rows.map { (Double($0.width), $0.successShare) },
                    errors: study.rows.map { ($0.successShare * (1 - $0.successShare) / Double($0.runs)).squareRoot() },
                    style: .lineAndMarkers, color: SVGPlot.palette[n]))
            series.append(
                .init(
                    label: "share with 4 outliers, t = \(Int(time))",
                    points: study.rows.map { (Double($0.width), $0.fourOutlierShare) },
                    style: .dashed, color: SVGPlot.palette[n]))
        }
        series.append(
            .init(
                label: "coupon collector Σ(−1)^j C(4,j)(1 − j/4)^K",
                points: (1...16).map { (Double($0), TwoLayerXOR.couponCollector(width: $0)) },
                style: .line, color: "#888888"))
        var plot = SVGPlot(
            title: "Two-layer XOR by online SGD (d = 200, λ = 20, β = 0.01, c_δ = 1, 20 seeds): success vs width",
            x: PlotAxis(label: "hidden units K", scale: .linear, low: 0, high: 17),
            y: PlotAxis(label: "share of runs", scale: .linear, low: 0, high: 1.05))
        plot.series = series
        plot.legendCorner = .bottomRight
        plot.width = 720
        return [
            (
                "xor_width.csv",
                csv(
                    [
                        "time", "width", "runs", "success_share", "four_outlier_share", "four_outliers_iff_success",
                        "outliers_equal_covered", "mean_outliers", "mean_accuracy", "coupon_collector",
                    ], rows)
            ),
            ("xor_width.svg", plot.render()),
        ]
    }
}

extension ReproduceCatalog {
    // MARK: goldilocks_zone

    /// ρ_D, the softmax curvature factor and random-section measurements along the weight scale of a
    /// small ReLU network (C = 4, p = 20, K = 20, N = 200: D = 480), and training in random affine subspaces.
    static func goldilocksZone() throws -> [(String, String)] {
        let network = try GoldilocksNetwork(seed: seed)
        let scales = try GridAxis.parse("log:0.25:4:5", name: "--scales").values
        let sweep = try GoldilocksSweep(
            network: network, scales: scales, dimensions: [10, 50, 200], sections: 6, seed: seed,
            training: (steps: 300, runs: 2))
        var rows: [[TableCell]] = []
        for r in sweep.sectionRows {
            rows.append([
                .text("section"), .number(r.scale), .integer(r.dimension), .number(r.rho), .number(r.curvatureFactor),
                .number(r.crossShare),
                .number(r.traceRatioPredicted), .number(r.traceRatio), .number(r.traceRatioSE),
                .number(r.positivePredicted), .number(r.positiveFraction), .number(r.positiveSE), .number(nil),
                .number(nil),
            ])
        }
        for r in sweep.trainingRows {
            rows.append(
                [.text("training"), .number(r.scale), .integer(r.dimension)]
                    + [TableCell](repeating: .number(nil), count: 9)
                    + [.number(r.successShare), .number(r.meanAccuracy)])
        }
        var plot = SVGPlot(
            title:
                "Goldilocks zone, ReLU net D = 480: random d-sections vs the formulas at the measured ρ_D (6 sections ± SE)",
            x: PlotAxis(label: "weight scale α", scale: .log, low: 0.2, high: 5),
            y: PlotAxis(label: "Tr(PᵀHP)/‖PᵀHP‖_F", scale: .linear, low: 0, high: 4))
        for (n, d) in [10, 50, 200].enumerated() {
            let r = sweep.sectionRows.filter { $0.dimension == d }
            plot.series.append(
                .init(
                    label: "measured, d = \(d)", points: r.map { ($0.scale, $0.traceRatio) },
                    errors: r.map(\.traceRatioSE),
                    style: .markers, color: SVGPlot.palette[n]))
            plot.series.append(
                .init(
                    label: "formula, d = \(d)", points: r.map { ($0.scale, $0.traceRatioPredicted) }, style: .dashed,
                    color: SVGPlot.palette[n]))
        }
        let full = sweep.sectionRows.filter { $0.dimension == 10 }
        plot.series.append(
            .init(label: "ρ_D (full Hessian)", points: full.map { ($0.scale, $0.rho) }, style: .line, color: "#444444"))
        plot.legendCorner = .topLeft
        plot.width = 720
        return [
            (
                "goldilocks_zone.csv",
                csv(
                    [
                        "kind", "scale", "dimension", "rho_D", "curvature_factor", "cross_share", "trace_ratio_formula",
                        "trace_ratio", "trace_ratio_se", "positive_fraction_formula", "positive_fraction",
                        "positive_fraction_se",
                        "success_share", "mean_accuracy",
                    ], rows)
            ),
            ("goldilocks_zone.svg", plot.render()),
        ]
    }
}

extension ReproduceCatalog {
    // MARK: transient_curvature

    /// The top eigenvalue of G in the class-resolved model as the classifier grows confident
    /// (ε from near-uniform to saturated; C = 5, N = 200, D = 1000, σ_c² = 1, 3 seeds) beside
    /// ‖c‖²λ_max(M̄)/C = σ_c² ε(1 − ε)/(C − 1): curvature rises as the logits spread, falls as p saturates.
    static func transientCurvature() throws -> [(String, String)] {
        var rows: [[TableCell]] = [], top: [(x: Double, y: Double)] = [], topErrors: [Double] = []
        var mean: [(x: Double, y: Double)] = [], meanErrors: [Double] = [], predicted: [(x: Double, y: Double)] = []
        for epsilon in [0.75, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.02, 0.01] {
            let s = try ClassResolvedSimulation(
                classes: 5, samples: 200, parameters: 1000, classVariance: 1, epsilon: epsilon, runs: 3, seed: seed)
            let largest = s.rows.first { $0.quantity.name == "top_eigenvalue_leading_order" }!
            let group = s.rows.first { $0.quantity.name == "outlier_location_leading_order" }!
            rows.append([
                .number(epsilon), .number(largest.predicted), .number(group.measured),
                .number(group.standardError ?? 0),
                .number(largest.measured), .number(largest.standardError ?? 0), .text(ResultTag.asymptotic.rawValue),
            ])
            top.append((epsilon, largest.measured))
            topErrors.append(largest.standardError ?? 0)
            mean.append((epsilon, group.measured))
            meanErrors.append(group.standardError ?? 0)
            predicted.append((epsilon, largest.predicted!))
        }
        var plot = SVGPlot(
            title:
                "Transient curvature: top eigenvalue of G vs confidence (class-resolved model, C = 5, D = 1000, N = 200, 3 seeds)",
            x: PlotAxis(
                label: "ε (p = 1 − ε on the label; training moves ε from 0.8 towards 0)", scale: .log, low: 0.008,
                high: 1),
            y: PlotAxis(label: "λ_max(G)", scale: .linear, low: 0, high: 0.08))
        plot.series = [
            .init(
                label: "mean of the top C eigenvalues", points: mean, errors: meanErrors, style: .markers,
                color: SVGPlot.palette[0]),
            .init(
                label: "largest eigenvalue", points: top, errors: topErrors, style: .markers, color: SVGPlot.palette[1]),
            .init(label: "σ_c² ε(1 − ε)/(C − 1) (leading order)", points: predicted, style: .line, color: "#444444"),
        ]
        plot.width = 720
        plot.legendCorner = .topLeft
        return [
            (
                "transient_curvature.csv",
                csv(["epsilon", "leading_order", "top_c_mean", "top_c_mean_se", "largest", "largest_se", "tag"], rows)
            ),
            ("transient_curvature.svg", plot.render()),
        ]
    }
}
