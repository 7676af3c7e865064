import ArgumentParser
import Foundation
import RibbonCore
import RibbonSim

extension Bhattacharyya.Reduction: ExpressibleByArgument {}
extension SimulationSettings.Embedding: ExpressibleByArgument {}

enum LikelihoodName: String, ExpressibleByArgument { case regression, classification }

/// How the verifier simulates and embeds training (shared by `simulate` and `verify`).
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of samples n in the data set (n ≥ d).")
    var samples: Int = 500
    @Option(help: "Ensemble size R: initialisations w₀ ~ N(0, σ₀² I) trained from the same data.")
    var runs: Int = 40
    @Option(help: ArgumentHelp("Checkpoints: every (t = 0…T) or log:K (≈K log-spaced, each weighted by the steps nearest it).", valueName: "every|log:K"))
    var checkpoints: String = "every"
    @Option(help: "Likelihood: regression N(wᵀx, σ_n²) or classification (softmax, cross-entropy).")
    var likelihood: LikelihoodName = .regression
    @Option(help: "Classes C of the classification model.")
    var classes: Int = 3
    @Option(parsing: .unconditional, help: "Noise standard deviation σ_n of the regression likelihood.")
    var noiseSd: Double = 1
    @Option(help: "Bhattacharyya distance over samples: sum or mean.")
    var reduction: Bhattacharyya.Reduction = .sum
    @Option(help: "inPCA components to compute.")
    var components: Int = 10
    @Option(help: "Random seed (data, teacher, initialisations, labels; recorded in outputs).")
    var seed: UInt64 = 1
    @Option(help: "Regression embedding: covariance (exact shortcut, the distance is Euclidean) or distances (N × N Bhattacharyya matrix).")
    var embedding: SimulationSettings.Embedding = .covariance
    @Option(help: "Threads for the distance matrix (default: all cores).")
    var jobs: Int?

    func settings(spectrum: Spectrum, knobs: Knobs) throws -> SimulationSettings {
        let likelihood: SimulationSettings.Likelihood = self.likelihood == .regression
            ? .regression(noise: noiseSd) : .classification(classes: classes)
        return try SimulationSettings(spectrum: spectrum, knobs: knobs, samples: samples, runs: runs,
                                      schedule: try CheckpointSchedule(parsing: checkpoints), likelihood: likelihood,
                                      reduction: reduction, components: components, seed: seed,
                                      embedding: likelihood == .regression(noise: noiseSd) ? embedding : .distances,
                                      jobs: max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount))
    }
}
