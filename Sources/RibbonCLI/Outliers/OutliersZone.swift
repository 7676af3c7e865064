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
            abstract:
                "Goldilocks zone of a small ReLU network: ρ_D = Tr H/‖H‖_F vs weight scale, random sections vs the section formulas, subspace training.",
            discussion: """
                Network: z = V ReLU(W x) (no biases), W: K × p, V: C × K, weights α·(W₀, V₀) with W₀ ~ N(0, 1/p), V₀ ~ N(0, 1/K); \
                N training samples x = s·e_y + N(0, I_p). Exact Hessian H = G + H′ (H′: V–W cross terms, Tr H′ = 0). For each \
                scale α and section dimension d: Tr(PᵀHP)/‖PᵀHP‖_F and the positive-eigenvalue fraction over Haar-random \
                sections (mean ± SE) beside the section formulas at the measured ρ_D (asymptotic). --train adds full-batch GD in \
                random affine subspaces θ = αθ₀ + Pφ (η = 1/‖H(αθ₀)‖₂; success = training accuracy ≥ \(GoldilocksSweep.successAccuracy)).

                Example: ribbon outliers zone --scales log:0.3:3:5 --section-dims 10,50 --train
                """)
        @Option(help: ArgumentHelp("Weight scales α (grid: a:b:n, log:a:b:n or a list).", valueName: "GRID"))
        var scales: String = "log:0.25:4:9"
        @Option(help: ArgumentHelp("Section dimensions d, a comma list (each ≤ D).", valueName: "d1,d2,…"))
        var sectionDims: String = "10,50,200"
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
        @OptionGroup var destination: ReportOptions

        func run() throws {
            let network = try GoldilocksNetwork(
                classes: classes, inputDimension: inputDim, hidden: hidden, samples: samples,
                separation: separation, seed: seed)
            let scaleGrid = try GridAxis.parse(scales, name: "--scales").values
            let dims = try CommaList.parse(sectionDims, option: "section-dims") { Int($0) }
            let sweep = try GoldilocksSweep(
                network: network, scales: scaleGrid, dimensions: dims, sections: sections, seed: seed,
                training: train ? (steps, trainRuns) : nil)
            let parameters = [
                Field("classes", .integer(classes)), Field("input_dim", .integer(inputDim)),
                Field("hidden", .integer(hidden)),
                Field("samples", .integer(samples)), Field("separation", .number(separation)),
                Field("parameters_D", .integer(network.parameterCount)), Field("sections", .integer(sections)),
                Field("seed", .integer(Int(seed))), Field("train_steps", train ? .integer(steps) : .missing),
                Field("train_runs", train ? .integer(trainRuns) : .missing),
            ]
            try destination.write([sweep.report(parameters: parameters)], metadata: RunMetadata())
        }
    }
}
