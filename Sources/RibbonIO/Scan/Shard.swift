import RibbonCore

/// `--shard k/n`: this run computes grid points with index ≡ k (mod n), 0 ≤ k < n.
/// Round-robin keeps the shards' costs balanced, since neighbouring points cost alike.
public struct Shard: Sendable, Equatable {
    /// This shard's index k, 0 ≤ k < n.
    public let k: Int
    /// Number of shards n.
    public let n: Int

    /// The whole grid: shard 0/1.
    public static let whole = Shard(uncheckedK: 0, n: 1)

    private init(uncheckedK k: Int, n: Int) {
        self.k = k
        self.n = n
    }

    /// Parses `k/n` with integers 0 ≤ k < n.
    public init(parsing text: String) throws(RibbonError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 0, k < n else {
            throw .parameter(
                "--shard must be k/n with integers 0 ≤ k < n (got '\(text)'); e.g. --shard $SLURM_ARRAY_TASK_ID/64")
        }
        self.k = k
        self.n = n
    }

    /// Whether grid point `index` belongs to this shard (index ≡ k mod n).
    public func contains(_ index: Int) -> Bool { index % n == k }

    /// This shard's indices among `count` grid points, in order.
    public func indices(count: Int) -> StrideTo<Int> { stride(from: k, to: count, by: n) }

    /// Number of this shard's points among `count` grid points (without listing them).
    public func pointCount(of count: Int) -> Int { count > k ? (count - k + n - 1) / n : 0 }

    /// The shard as written on the command line: `k/n`.
    public var description: String { "\(k)/\(n)" }
}
