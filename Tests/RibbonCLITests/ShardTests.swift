import Testing

@testable import RibbonIO

@Suite("Shards deal runs of consecutive points")
struct ShardTests {
    /// Every grid point belongs to exactly one shard, at the position `position(of:)` says, and the shards'
    /// point counts add up: checked by brute force over small grids, partial last runs included.
    @Test("Shards partition the grid", arguments: [(1, 1), (3, 1), (3, 7), (8, 7), (5, 4), (64, 3)])
    func partition(n: Int, run: Int) throws {
        for count in [0, 1, 5, 21, 56, 100] {
            var owner = [Int](repeating: -1, count: count)
            for k in 0..<n {
                let shard = try Shard(parsing: "\(k)/\(n)").with(run: run)
                let mine = Array(shard.indices(count: count))
                #expect(mine.count == shard.pointCount(of: count))
                #expect(mine == mine.sorted())
                for (position, index) in mine.enumerated() {
                    #expect(index < count && owner[index] == -1, "index \(index) twice")
                    owner[index] = k
                    #expect(shard.contains(index) && shard.position(of: index) == position)
                }
            }
            #expect(!owner.contains(-1), "count \(count): a point in no shard")
            // Whole runs stay together.
            for i in 0..<count where i % run != 0 { #expect(owner[i] == owner[i - 1]) }
        }
    }

    @Test("Run 1 is plain round-robin, and the whole grid ignores runs")
    func roundRobin() throws {
        let shard = try Shard(parsing: "2/5")
        #expect(Array(shard.indices(count: 20)) == [2, 7, 12, 17])
        #expect(Shard.whole.with(run: 9) == Shard.whole)
    }
}
