import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

extension Outliers {
    /// `ribbon outliers zone`: the Goldilocks zone of a small ReLU network along the weight scale.
    struct Zone: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "zone",
            abstract: "Goldilocks zone of a small ReLU network: ρ_D = Tr H/‖H‖_F vs weight scale, random sections vs the section formulas, subspace training.",
            discussion: """
            Network: z = V ReLU(W x) (no biases), W: K × p, V: C × K, weights α·(W₀, V₀) with W₀ ~ N(0, 1/p), V₀ ~ N(0, 1/K); \
            N training samples x = s·e_y + N(0, I_p). Exact Hessian H = G + H′ (H′: V–W cross terms, Tr H′ = 0). For each \
            scale α and section dimension d: Tr(PᵀHP)/‖PᵀHP‖_F and the positive-eigenvalue fraction over Haar-random \
            sections (mean ± SE) beside the section formulas at the measured ρ_D (asymptotic). --train adds full-batch GD in \
            random affine subspaces θ = αθ₀ + Pφ (η = 1/‖H(αθ₀)‖₂; success = training accuracy ≥ \(GoldilocksSweep.successAccuracy)).

            Example: ribbon outliers zone --scales log:0.3:3:5 --section-dims 10,50 --train
            """)
        @Option(help: ArgumentHelp("Weight scales α (grid: a:b:n, log:a:b:n or a list).", valueName: "GRID")) var scales: String = "log:0.25:4:9"
        @Option(help: ArgumentHelp("Section dimensions d, a comma list (each ≤ D).", valueName: "d1,d2,…")) var sectionDims: String = "10,50,200"
        @Option(help: "Random sections per (α, d) (≥ 2).") var sections: Int = 10
        @Option(help: "Classes C.") var classes: Int = 4
        @Option(help: "Input dimension p.") var inputDim: Int = 20
        @Option(help: "Hidden units K.") var hidden: Int = 20
        @Option(help: "Training samples N.") var samples: Int = 200
        @Option(parsing: .unconditional, help: "Class-mean separation s.") var separation: Double = 3
        @Flag(help: "Also train in random affine subspaces.") var train = false
        @Option(help: "GD steps per subspace training.") var steps: Int = 300
        @Option(help: "Subspace trainings (random P) per (α, d).") var trainRuns: Int = 3
        @Option(help: "Seed (data, θ₀ and sections).") var seed: UInt64 = 1
        @OptionGroup var destination: OutputOptions

        func run() throws {
            guard destination.format != .json else {
                throw RibbonError.parameter("outliers zone writes table or csv (two long tables); use --format csv")
            }
            let network = try GoldilocksNetwork(classes: classes, inputDimension: inputDim, hidden: hidden, samples: samples,
                                                separation: separation, seed: seed)
            let scaleGrid = try GridAxis.parse(scales, name: "scales").values
            let dims = try CommaList.parse(sectionDims, option: "section-dims") { Int($0) }
            let sweep = try GoldilocksSweep(network: network, scales: scaleGrid, dimensions: dims, sections: sections, seed: seed,
                                            training: train ? (steps, trainRuns) : nil)
            let parameters: [(String, JSONValue)] = [
                ("classes", .integer(classes)), ("input_dim", .integer(inputDim)), ("hidden", .integer(hidden)), ("samples", .integer(samples)),
                ("separation", .number(separation)), ("parameters_D", .integer(network.parameterCount)), ("sections", .integer(sections)),
                ("seed", .integer(Int(seed))), ("train_steps", train ? .integer(steps) : .null), ("train_runs", train ? .integer(trainRuns) : .null)]
            try destination.write(metadata: RunMetadata(), sidecar: [("model", .string("zone")), ("parameters", .object(parameters))],
                                  table: { Self.table(sweep, parameters: parameters) }, csv: { Self.csv(sweep) }, json: nil)
        }

        static func table(_ s: GoldilocksSweep, parameters: [(String, JSONValue)]) -> String {
            var lines = ["ribbon \(RunMetadata.version) · outliers zone: Goldilocks zone of a ReLU network (OUTLIERS.md §1)",
                         "parameters " + parameters.map { "\($0.0)=\(OutlierReport.text($0.1))" }.joined(separator: "  "), ""]
            var t = TextTable(headers: ["α", "d", "ρ_D", "1 − E‖p‖²", "‖H′‖/‖H‖", "trace ratio (asymptotic)", "measured ± SE",
                                        "positive fraction (asymptotic)", "measured ± SE"],
                              alignments: [.right, .right, .right, .right, .right, .right, .right, .right, .right])
            for r in s.sectionRows {
                t.append([NumberFormat.short(r.scale, digits: 3), String(r.dimension), NumberFormat.short(r.rho, digits: 4),
                          NumberFormat.short(r.curvatureFactor, digits: 3), NumberFormat.short(r.crossShare, digits: 3),
                          NumberFormat.short(r.traceRatioPredicted, digits: 4),
                          NumberFormat.short(r.traceRatio, digits: 4) + " ± " + NumberFormat.short(r.traceRatioSE, digits: 2),
                          NumberFormat.short(r.positivePredicted, digits: 3),
                          NumberFormat.short(r.positiveFraction, digits: 3) + " ± " + NumberFormat.short(r.positiveSE, digits: 2)])
            }
            lines.append(t.render())
            if !s.trainingRows.isEmpty {
                var u = TextTable(headers: ["α", "d", "runs", "success", "mean accuracy", "η"], alignments: [.right, .right, .right, .right, .right, .right])
                for r in s.trainingRows {
                    u.append([NumberFormat.short(r.scale, digits: 3), String(r.dimension), String(r.runs), NumberFormat.short(r.successShare, digits: 3),
                              NumberFormat.short(r.meanAccuracy, digits: 3), NumberFormat.short(r.rate, digits: 3)])
                }
                lines += ["", "training in random affine subspaces (success: training accuracy ≥ \(GoldilocksSweep.successAccuracy))", u.render()]
            }
            return lines.joined(separator: "\n") + "\n"
        }

        static func csv(_ s: GoldilocksSweep) -> String {
            var table = CSVTable(header: ["kind", "scale", "dimension", "quantity", "tag", "predicted", "measured", "standard_error"])
            for r in s.sectionRows {
                let base: [TableCell] = [.text("section"), .number(r.scale), .integer(r.dimension)]
                table.append(base + [.text("rho_D"), .text("exact"), .number(nil), .number(r.rho), .number(nil)])
                table.append(base + [.text("curvature_factor"), .text("exact"), .number(nil), .number(r.curvatureFactor), .number(nil)])
                table.append(base + [.text("cross_share"), .text("exact"), .number(nil), .number(r.crossShare), .number(nil)])
                table.append(base + [.text("trace_ratio"), .text("asymptotic"), .number(r.traceRatioPredicted), .number(r.traceRatio), .number(r.traceRatioSE)])
                table.append(base + [.text("positive_fraction"), .text("asymptotic"), .number(r.positivePredicted), .number(r.positiveFraction), .number(r.positiveSE)])
            }
            for r in s.trainingRows {
                let base: [TableCell] = [.text("training"), .number(r.scale), .integer(r.dimension)]
                table.append(base + [.text("success_share"), .text("measured"), .number(nil), .number(r.successShare), .number(nil)])
                table.append(base + [.text("mean_accuracy"), .text("measured"), .number(nil), .number(r.meanAccuracy), .number(nil)])
            }
            return table.render()
        }
    }
}
