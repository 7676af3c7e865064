/// The checkpoints of an ensemble of training runs: `points[r][j]` is the parameter vector of run
/// r at checkpoint `times[j]`, weighted by `weights[j]` (Σ = 1 over j).
public struct Trajectories: Sendable {
    public let times: [Int]
    public let weights: [Double]
    public var points: [[[Double]]]
    /// Runs stopped because a value became non-finite: (run, step).
    public var failures: [(run: Int, step: Int)]

    public var runs: Int { points.count }
    public var checkpoints: Int { times.count }
}
