import Dispatch
import GSL
import RibbonCore

/// The seeded generator of every simulation (GSL's mt19937 behind the GSL wall), named here so that front ends
/// (the CLI's benchmarks) seed the same streams without importing GSL.
public typealias SeededRandomGenerator = RandomGenerator

/// What the simulation verifiers share: runs over seeds on all cores, mean ± standard error over
/// seeds, and the split of a descending eigenvalue list into groups at its largest gap.
public enum SeedStatistics {
    /// Standard error of a share p of `runs` independent runs (binomial): √(p(1 − p)/runs).
    public static func binomialStandardError(share p: Double, runs: Int) -> Double {
        (p * (1 - p) / Double(runs)).squareRoot()
    }

    /// Mean and standard error of the mean (sample variance, n − 1).
    public static func meanAndStandardError(_ xs: [Double]) -> (Double, Double) {
        let n = Double(xs.count), mean = xs.reduce(0, +) / n
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)
        return (mean, (variance / n).squareRoot())
    }

    /// Runs `body(0..<count)` on all cores (runs are independent: each owns its generator); results in run order.
    public static func parallelRuns<T>(_ count: Int, _ body: @Sendable (Int) throws(RibbonError) -> T) -> [Result<
        T, RibbonError
    >] {
        let slots = UnsafeMutableBufferPointer<Result<T, RibbonError>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer { slots.deallocate() }
        nonisolated(unsafe) let shared = slots
        DispatchQueue.concurrentPerform(iterations: count) { run in
            do throws(RibbonError) { shared[run] = .success(try body(run)) } catch { shared[run] = .failure(error) }
        }
        return slots.map { $0! }
    }

    /// Splits descending eigenvalues at their largest ratio λ_i/λ_{i+1} when it exceeds `gap`:
    /// (size of the top group, size of the rest); one group when no ratio exceeds `gap`.
    public static func splitAtLargestGap(_ values: [Double], gap: Double) -> (Int, Int) {
        guard values.count >= 2 else { return (values.count, 0) }
        var best = 1.0, at = values.count
        for i in 0..<(values.count - 1) where values[i] / values[i + 1] > best {
            best = values[i] / values[i + 1]; at = i + 1
        }
        return best > gap ? (at, values.count - at) : (values.count, 0)
    }
}
