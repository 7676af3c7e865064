/// The checkpoints of an ensemble of training runs: `points[r][j]` is the parameter vector of run
/// r at checkpoint `times[j]`, weighted by `weights[j]` (Σ = 1 over j).
public struct Trajectories: Sendable {
    /// Checkpoint steps t, ascending.
    public let times: [Int]
    /// Checkpoint weights ω_t.
    public let weights: [Double]
    /// `points[r][j]`: the parameters of run r at checkpoint j (only runs that stayed finite).
    public var points: [[[Double]]]
    /// Runs stopped because a value became non-finite: (run, step).
    public var failures: [(run: Int, step: Int)]

    /// Number of runs kept.
    public var runs: Int { points.count }
    /// Number of checkpoints per run.
    public var checkpoints: Int { times.count }
}
