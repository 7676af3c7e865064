import RibbonCore

/// `--shard k/n`: this run computes every n-th *run* of `run` consecutive grid points, starting with run k:
/// grid point i belongs to shard (i / run) mod n, 0 ≤ k < n.
///
/// Why runs: consecutive points share work a worker caches (the covariance's r-independent parts, the
/// closed forms' per-slope tables), and point-by-point round-robin threw that away (8 strided shards spent
/// 2.7× the CPU of one run). Dealing whole runs round-robin keeps the shards' costs balanced, since
/// neighbouring runs cost alike. `run` comes from the grid (`ScanGrid.shardRun`), so every task of a job
/// array and `merge` agree on it; run 1 is plain round-robin (index ≡ k mod n).
public struct Shard: Sendable, Equatable {
    /// This shard's index k, 0 ≤ k < n.
    public let k: Int
    /// Number of shards n.
    public let n: Int
    /// Consecutive grid points dealt together (≥ 1).
    public let run: Int

    /// The whole grid: shard 0/1.
    public static let whole = Shard(uncheckedK: 0, n: 1, run: 1)

    private init(uncheckedK k: Int, n: Int, run: Int) {
        self.k = k
        self.n = n
        self.run = run
    }

    /// Parses `k/n` with integers 0 ≤ k < n.
    public init(parsing text: String, run: Int = 1) throws(RibbonError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw .parameter(
                "--shard must be k/n with integers 0 ≤ k < n (got '\(text)'); e.g. --shard $SLURM_ARRAY_TASK_ID/64")
        }
        self.k = k
        self.n = n
        self.run = max(run, 1)
    }

    /// The same shard dealing runs of `run` points.
    public func with(run: Int) -> Shard { Shard(uncheckedK: k, n: n, run: n == 1 ? 1 : max(run, 1)) }

    /// Whether grid point `index` belongs to this shard.
    public func contains(_ index: Int) -> Bool { (index / run) % n == k }

    /// The grid index of this shard's `position`-th point.
    public func index(at position: Int) -> Int { (k + (position / run) * n) * run + position % run }

    /// This shard's position of grid point `index` (which it must contain).
    public func position(of index: Int) -> Int { ((index / run) / n) * run + index % run }

    /// This shard's indices among `count` grid points, in order.
    public func indices(count: Int) -> LazyMapSequence<Range<Int>, Int> {
        (0..<pointCount(of: count)).lazy.map(index(at:))
    }

    /// Number of this shard's points among `count` grid points (without listing them).
    public func pointCount(of count: Int) -> Int {
        let fullRuns = count / run, rest = count % run
        var points = (fullRuns > k ? (fullRuns - k + n - 1) / n : 0) * run
        if rest > 0 && fullRuns % n == k { points += rest }  // the last, partial run
        return points
    }

    /// The shard as written on the command line: `k/n`.
    public var description: String { "\(k)/\(n)" }
}
