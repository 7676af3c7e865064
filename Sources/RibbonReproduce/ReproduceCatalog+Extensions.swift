import RibbonCore
import RibbonSim
import RibbonIO

/// `reproduce` items for THEORY.md §6: the SGD batch boundary and kernel spectra.
extension ReproduceCatalog {
    // MARK: sgd_boundary

    /// Critical noise scale η/B* along the slope, where SGD noise breaks HR (exact SGD covariance,
    /// Brent on the batch) beside S1 and the heavy-tail threshold, for three label-noise levels.
    static func sgdBoundary() throws -> [(String, String)] {
        let solver = try BoundarySolver(axis: .batch, range: 1...1e7, scanPoints: 41)
        let slopes = try GridAxis.parse("0.1:0.65:12", name: "--slope").values
        var rows: [[TableCell]] = [], series: [SVGPlot.Series] = []
        var heavy: [(x: Double, y: Double)] = []
        for (n, sigma) in [0.0, 10, 100].enumerated() {
            var exact: [(x: Double, y: Double)] = [], s1: [(x: Double, y: Double)] = []
            for c in slopes {
                let base = PhasePoint(
                    model: .geometric(lambda1: 1, dimension: 60), shape: c, knobs: try Knobs(steps: 100, ratio: 100),
                    criterion: criterion, sgd: try SGDNoise(batch: 1, labelNoise: sigma))
                let analysis = try BoundaryAnalysis(base: base, solver: solver)
                let closed = analysis.closedForms.first { $0.name == "S1" }?.value
                let tail = analysis.closedForms.first { $0.name == "sgd_heavy_tail_batch" }?.value
                rows.append([
                    .number(sigma), .number(c), .text(analysis.exact.status.rawValue), .number(analysis.exact.value),
                    .number(analysis.exact.value.map { 1 / $0 }), .number(closed), .number(closed.map { 1 / $0 }),
                    .number(tail),
                ])
                if let b = analysis.exact.value { exact.append((c, 1 / b)) }
                if let b = closed { s1.append((c, 1 / b)) }
                if n == 0, let t = tail { heavy.append((c, 1 / t)) }
            }
            let color = SVGPlot.palette[n]
            series += [
                .init(
                    label: "exact, σ_ε = \(NumberFormat.compact(sigma))", points: exact, style: .lineAndMarkers,
                    color: color),
                .init(label: "S1, σ_ε = \(NumberFormat.compact(sigma))", points: s1, style: .dashed, color: color),
            ]
        }
        series.append(.init(label: "heavy-tail threshold η/B (ρ₂ = 1)", points: heavy, style: .line, color: "#888888"))
        var plot = SVGPlot(
            title: "SGD noise scale η/B* where HR(0.5, 1e-3) breaks · T = 100, r = 100, d = 60, ηλ₁ = 1, σ₀ = 1",
            x: PlotAxis(
                label: "slope c (e⁻ᶜ > ρ*: noise widths fail the ratio test)", scale: .linear, low: 0.05, high: 0.7),
            // The range fits the data (no empty decades).
            y: PlotAxis.fitting(
                series.flatMap { $0.points.map(\.y) }, label: "η/B* (exact: Brent on the batch; S1 asymptotic)",
                scale: .log))
        plot.series = series
        plot.width = 900
        plot.legendCorner = .outsideRight
        return [
            (
                "sgd_boundary.csv",
                csv(
                    [
                        "label_noise", "slope", "status", "exact_batch", "exact_noise_scale", "s1_batch",
                        "s1_noise_scale",
                        "heavy_tail_batch",
                    ], rows)
            ),
            ("sgd_boundary.svg", plot.render()),
        ]
    }

    // MARK: kernel_spectra

    /// Eigenvalues of K/n for RBF kernels on Gaussian data beside the Mehler closed form, and the
    /// power-law kernels with their fitted exponents.
    static func kernelSpectra() throws -> [(String, String)] {
        var rows: [[TableCell]] = [], series: [SVGPlot.Series] = [], all: [Double] = []
        let cases: [(KernelSpectrum.Kind, Int)] = [(.rbf, 1), (.rbf, 3), (.laplace, 3), (.ntkRelu, 3)]
        for (n, (kind, p)) in cases.enumerated() {
            let settings = try KernelSpectrum.Settings(kind: kind, inputDimension: p, samples: 1000, seed: seed)
            let spectrum = try KernelSpectrum.spectrum(settings, dimension: 30)
            let values = Array(spectrum.eigenvalues.prefix(20))
            let mehler = kind == .rbf ? KernelSpectrum.mehlerEigenvalues(settings, count: 20) : nil
            let shape = SpectrumShape(spectrum, count: 20)
            for k in values.indices {
                rows.append([
                    .text(kind.rawValue), .integer(p), .integer(k + 1), .number(values[k]), .number(mehler?[k]),
                    .number(mehler.map { values[k] / $0[k] - 1 }), .number(shape.geometricRate),
                    .number(shape.powerExponent),
                ])
            }
            let label = "\(kind.rawValue), p = \(p)"
            let color = SVGPlot.palette[n]
            series.append(
                .init(
                    label: "\(label): K/n (n = 1000)",
                    points: values.enumerated().map { (Double($0.offset + 1), $0.element) },
                    style: .markers, color: color))
            if let mehler {
                series.append(
                    .init(
                        label: "\(label): Mehler (closed form)",
                        points: mehler.enumerated().map { (Double($0.offset + 1), $0.element) },
                        style: .dashed, color: color))
            }
            all += values
        }
        var plot = SVGPlot(
            title: "Eigenvalues of K/n on Gaussian inputs (ℓ = σ_x = 1, n = 1000, seed 1) and the RBF Mehler spectrum",
            x: PlotAxis(label: "i", scale: .log, low: 0.9, high: 22),
            y: PlotAxis.fitting(all, label: "λ_i of K/n", scale: .log))
        plot.series = series
        plot.width = 760
        plot.height = 520
        plot.legendCorner = .bottomLeft
        return [
            (
                "kernel_spectra.csv",
                csv(
                    [
                        "kernel", "input_dim", "i", "matrix_eigenvalue", "mehler_eigenvalue", "relative_difference",
                        "geometric_rate_fit", "power_exponent_fit",
                    ], rows)
            ),
            ("kernel_spectra.svg", plot.render()),
        ]
    }
}

extension ReproduceCatalog {
    // MARK: outlier_checks

    /// OUTLIERS.md's check points and points on both sides of each BBP threshold: closed form beside
    /// the simulated value (3 seeds, mean ± SE) with the pass/fail of `OutlierSimulation`; the
    /// class-resolved confident model's counts, including a case where the mini-bulk has merged.
    static func outlierChecks() throws -> [(String, String)] {
        var rows: [[TableCell]] = []
        func add(_ label: String, _ s: OutlierSimulation) {
            for r in s.rows {
                rows.append([
                    .text(label), .text(r.quantity.name), .number(r.predicted), .number(r.measured),
                    .number(r.standardError ?? 0),
                    .text(r.pass.map { $0 ? "true" : "false" } ?? "not judged"),
                ])
            }
        }
        for v in [0.004, 0.01, 0.05] {
            let m = try LogitGradientModel(classes: 10, samples: 300, parameters: 1000, classVariance: v)
            add(
                "logit D=1000 C=10 N=300 σ_c²=\(NumberFormat.compact(v))",
                try OutlierSimulation(logit: m, runs: 3, seed: seed))
        }
        for (lambda, samples) in [(2.5, 600), (20.0, 2400), (100.0, 600)] {
            let m = try GaussianMixtureHessian(
                classes: 4, dimension: 600, testSamples: samples, lambda: lambda, ridge: 0.02)
            add(
                "mixture d=600 k=4 β=0.02 λ=\(NumberFormat.compact(lambda)) γ=\(NumberFormat.compact(m.aspectRatio))",
                try OutlierSimulation(mixture: m, runs: 3, seed: seed))
        }
        for (classes, samples, parameters, variance) in [(5, 200, 1000, 1.0), (4, 100, 2000, 1.0), (5, 200, 1000, 0.1)]
        {
            let s = try ClassResolvedSimulation(
                classes: classes, samples: samples, parameters: parameters, classVariance: variance,
                epsilon: 0.2, runs: 3, seed: seed)
            add(
                "confident C=\(classes) N=\(samples) D=\(parameters) σ_c²=\(NumberFormat.compact(variance)) ε=0.2",
                OutlierSimulation(confident: s))
        }
        return [
            (
                "outlier_checks.csv",
                csv(["point", "quantity", "closed_form", "simulated", "standard_error", "pass"], rows)
            )
        ]
    }
}
