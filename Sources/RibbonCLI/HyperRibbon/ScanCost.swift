import Foundation
import RibbonCore
import RibbonIO

/// What a scan will cost, from a few timed points: `--dry-run` prints it, `--slurm` sizes `--time` and `--mem`
/// from it. Points spread over the grid are timed one at a time (single thread) for at most about 3 s.
struct ScanCost {
    /// Mean single-thread seconds per point over the sample.
    let secondsPerPoint: Double
    /// Points timed.
    let sampled: Int
    /// The largest model dimension d in the grid (memory grows as d² per thread).
    let dimension: Int

    static func estimate(grid: ScanGrid, shard: Shard, evaluate: ScanRunner.Evaluate) -> ScanCost {
        let mine = shard.pointCount(of: grid.count)
        let budget = 3.0, maximum = min(12, mine)
        var spent = 0.0, timed = 0
        for i in 0..<maximum {
            let index = shard.index(at: i * mine / max(maximum, 1))
            let started = Date()
            _ = evaluate(index, EigenvalueSolvers())
            spent += Date().timeIntervalSince(started)
            timed += 1
            if spent > budget { break }
        }
        let dimension =
            grid.spectra.map { axis -> Int in
                switch axis.model {
                case .geometric(_, let d), .powerLaw(_, let d): return d
                case .fixed(let s): return s.dimension
                }
            }.max() ?? 1
        return ScanCost(secondsPerPoint: timed > 0 ? spent / Double(timed) : 0, sampled: timed, dimension: dimension)
    }

    /// Estimated wall time of `points` points on `threads` threads.
    func seconds(points: Int, threads: Int) -> Double { secondsPerPoint * Double(points) / Double(max(threads, 1)) }

    /// Twice the bounded-memory figure: about 48 MiB of process and buffers, plus a few d × d matrices
    /// (d² doubles, ×5) per thread; measured 36–39 MB at d ≤ 600 (README, "Scans").
    func memoryMiB(threads: Int) -> Int {
        let perThread = 5.0 * Double(dimension * dimension) * 8 / 1_048_576
        return Int((2 * (48 + Double(threads) * perThread)).rounded(.up))
    }

    /// "estimate: 0.8 ms per point (12 timed) → about 2.1 s on 2 threads; memory about 110 MiB".
    func summary(points: Int, threads: Int) -> String {
        let total = seconds(points: points, threads: threads)
        let time =
            total < 120
            ? String(format: "%.1f s", total)
            : total < 7200
                ? String(format: "%.1f min", total / 60)
                : String(format: "%.1f h", total / 3600)
        return
            "estimate: \(NumberFormat.short(secondsPerPoint * 1000, digits: 3)) ms per point (\(sampled) timed, single thread) → "
            + "about \(time) on \(threads) thread\(threads == 1 ? "" : "s"); memory about \(memoryMiB(threads: threads) / 2) MiB "
            + "(ask for \(memoryMiB(threads: threads)) MiB)"
    }

    /// The running binary's absolute path (what the job scripts call).
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
