import ArgumentParser
import Foundation
import RibbonCore
import RibbonSim

extension Bhattacharyya.Reduction: ExpressibleByArgument {}
extension SimulationSettings.Embedding: ExpressibleByArgument {}

enum LikelihoodName: String, ExpressibleByArgument { case regression, classification }
extension SGDNoise.Sampling: ExpressibleByArgument {}

/// How the verifier simulates and embeds training (shared by `simulate` and `verify`).
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of samples n in the data set (n ≥ d).")
    var samples: Int = 500
    @Option(help: "Ensemble size R: initialisations w₀ ~ N(0, σ₀² I) trained from the same data.")
    var runs: Int = 40
    @Option(
        help: ArgumentHelp(
            "Checkpoints: every (t = 0…T) or log:K (≈K log-spaced, each weighted by the steps nearest it).",
            valueName: "every|log:K"))
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
    @Option(
        help:
            "Regression embedding: covariance (exact shortcut, the distance is Euclidean) or distances (N × N Bhattacharyya matrix)."
    )
    var embedding: SimulationSettings.Embedding = .covariance
    @Option(help: "Threads for the distance matrix (default: all cores).")
    var jobs: Int?
    @Option(help: "Minibatch SGD with batch size B instead of full-batch GD (regression, linear model).")
    var batch: Int?
    @Option(
        parsing: .unconditional,
        help: "SGD label-noise standard deviation σ_ε (labels y = Xw* + ε, ε projected off the columns of X).")
    var labelNoise: Double = 0
    @Option(
        help: "SGD minibatches: with-replacement (B independent draws) or without-replacement (B distinct samples).")
    var sampling: SGDNoise.Sampling = .withReplacement

    /// The settings at a model point; `scanBatch` (with its label noise) replaces --batch for points a scan
    /// file fixes.
    func settings(spectrum: Spectrum, knobs: Knobs, scanBatch: (batch: Int, labelNoise: Double)? = nil) throws
        -> SimulationSettings
    {
        let batch = scanBatch?.batch ?? self.batch, labelNoise = scanBatch?.labelNoise ?? self.labelNoise
        let likelihood: SimulationSettings.Likelihood =
            self.likelihood == .regression
            ? .regression(noise: noiseSd) : .classification(classes: classes)
        if batch == nil && labelNoise != 0 {
            throw RibbonError(.invalidParameter, "--label-noise applies to SGD: add --batch B")
        }
        let sgd = try batch.map { b throws(RibbonError) in
            try SGDNoise(batch: b, labelNoise: labelNoise, sampling: sampling, samples: samples)
        }
        return try SimulationSettings(
            spectrum: spectrum, knobs: knobs, samples: samples, runs: runs,
            schedule: try CheckpointSchedule(parsing: checkpoints), likelihood: likelihood,
            reduction: reduction, components: components, seed: seed,
            embedding: likelihood == .regression(noise: noiseSd) ? embedding : .distances,
            jobs: max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount), sgd: sgd)
    }
}
