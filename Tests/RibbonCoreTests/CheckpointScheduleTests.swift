import Testing
@testable import RibbonCore

@Suite("Checkpoint schedules and the checkpointed exact covariance")
struct CheckpointScheduleTests {
    @Test("Log-spaced checkpoints start at 0, end at T, and their weights count every step once")
    func logSchedule() {
        let (times, weights) = CheckpointSchedule.logSpaced(30).checkpoints(steps: 1000)
        #expect(times.first == 0 && times.last == 1000)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(weights.reduce(0, +) - 1) < 1e-14)
        #expect(weights.allSatisfy { $0 > 0 })
    }

    @Test(
        "The every-step schedule reproduces the closed-form E2 and E3 to 1e-12",
        arguments: [
            (1.0, 30, Dynamics.discrete), (0.3, 200, .discrete), (1.5, 12, .discrete),
        ])
    func everyStepMatchesClosedForm(eta: Double, steps: Int, dynamics: Dynamics) throws {
        let spectrum = try Spectrum.geometric(slope: 0.6, dimension: 10)
        let knobs = try Knobs(eta: eta, steps: Double(steps), ratio: 3, dynamics: dynamics)
        let (times, weights) = CheckpointSchedule.everyStep.checkpoints(steps: steps)
        let summed = try TrajectoryCovariance.checkpointed(
            spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let closed = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs).matrix
        #expect(TrajectoryCovarianceTests.maxScaledError(summed, closed, d: 10) < 1e-12)
    }

    /// Flow sampled at τ_t = ηt is a Riemann sum of E3's continuous average: O(ηλ₁) apart.
    @Test("Flow sampled every step approaches E3 as η → 0 (relative gap < ηλ₁)")
    func sampledFlowApproachesE3() throws {
        let spectrum = try Spectrum.geometric(slope: 0.6, dimension: 10)
        let knobs = try Knobs(eta: 0.01, steps: 5000, ratio: 3, dynamics: .flow)
        let (times, weights) = CheckpointSchedule.everyStep.checkpoints(steps: 5000)
        let sampled = try TrajectoryCovariance.checkpointed(
            spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        let continuous = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs).matrix
        #expect(TrajectoryCovarianceTests.maxScaledError(sampled, continuous, d: 10) < 0.01)
    }

    @Test("Weighted log checkpoints: the exact covariance of the weighted brute-force cloud")
    func logMatchesBruteForce() throws {
        let spectrum = try Spectrum.geometric(slope: 0.8, dimension: 6)
        let knobs = try Knobs(eta: 0.7, steps: 300, ratio: 2)
        let (times, weights) = CheckpointSchedule.logSpaced(12).checkpoints(steps: 300)
        let summed = try TrajectoryCovariance.checkpointed(
            spectrum: spectrum, knobs: knobs, times: times, weights: weights)
        // Brute force: mean path and init variance by explicit iteration, weighted two-pass sums.
        let lambda = spectrum.eigenvalues, d = 6
        var w = [Double](repeating: 0, count: d), v = [Double](repeating: 1, count: d)
        var path: [[Double]] = [], noise: [[Double]] = []
        for t in 0...300 {
            if times.contains(t) {
                path.append((0..<d).map { lambda[$0].squareRoot() * w[$0] });
                noise.append((0..<d).map { lambda[$0] * v[$0] })
            }
            for i in 0..<d {
                w[i] -= 0.7 * lambda[i] * (w[i] - 2); v[i] *= (1 - 0.7 * lambda[i]) * (1 - 0.7 * lambda[i])
            }
        }
        let mean = (0..<d).map { i in zip(weights, path).reduce(0) { $0 + $1.0 * $1.1[i] } }
        var brute = [Double](repeating: 0, count: d * d)
        for (m, p) in path.enumerated() {
            for i in 0..<d { for j in 0..<d { brute[i * d + j] += weights[m] * (p[i] - mean[i]) * (p[j] - mean[j]) } }
        }
        for (m, n) in noise.enumerated() { for i in 0..<d { brute[i * d + i] += weights[m] * n[i] } }
        #expect(TrajectoryCovarianceTests.maxScaledError(summed, brute, d: d) < 1e-13)
    }
}
