import ArgumentParser
import RibbonCore

/// `--batch` and `--label-noise` of `widths` and `boundary`: the exact SGD covariance of THEORY.md §6
/// (Gaussian inputs drawn afresh, minibatches with replacement).
struct SGDOptions: ParsableArguments {
    @Option(
        help:
            "Minibatch SGD with batch size B (Gaussian inputs, with replacement): widths of the exact SGD covariance (iterates every step, T ≤ 2e5)."
    )
    var batch: Int?

    @Option(parsing: .unconditional, help: "SGD label-noise standard deviation σ_ε (needs --batch, or --axis batch).")
    var labelNoise: Double = 0

    /// The noise, or nil for full-batch GD. With `free == .batch` the batch is traced, so only the
    /// label noise is taken (B = 1 is a placeholder the boundary search overrides).
    func makeNoise(free: BoundaryAxis? = nil) throws -> SGDNoise? {
        if free == .batch {
            if batch != nil {
                throw RibbonError(
                    .invalidParameter, "--axis batch traces the batch size; remove --batch (its range is --from/--to)")
            }
            return try SGDNoise(batch: 1, labelNoise: labelNoise)
        }
        if batch == nil && labelNoise != 0 {
            throw RibbonError(.invalidParameter, "--label-noise applies to SGD: add --batch B")
        }
        return try batch.map { b throws(RibbonError) in try SGDNoise(batch: b, labelNoise: labelNoise) }
    }
}
