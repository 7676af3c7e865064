import Testing
@testable import RibbonCore
@testable import RibbonSim

@Suite("Two-layer XOR: second-layer outliers and width")
struct TwoLayerXORTests {
    /// Brute force: the share of the 4^K assignments of K units to 4 components that cover all four.
    @Test("Coupon-collector estimate equals brute-force enumeration for K = 1…8")
    func couponCollector() {
        for k in 1...8 {
            var covering = 0, total = 0
            for code in 0..<(1 << (2 * k)) {
                var seen = Set<Int>()
                for unit in 0..<k { seen.insert((code >> (2 * unit)) & 3) }
                if seen.count == 4 { covering += 1 }
                total += 1
            }
            #expect(abs(TwoLayerXOR.couponCollector(width: k) - Double(covering) / Double(total)) < 1e-14, "K = \(k)")
        }
    }

    @Test("Success coincides with exactly 4 second-layer outliers, and wide networks succeed more (20 seeds)")
    func successAndOutliers() throws {
        let study = try XORWidthStudy(widths: [2, 6, 12], runs: 20, seed: 1) { (k) throws(RibbonError) in
            try TwoLayerXOR(dimension: 200, width: k, lambda: 20)
        }
        let (two, six, twelve) = (study.rows[0], study.rows[1], study.rows[2])
        // Two units cannot cover four components: never success, never 4 outliers (at most 2 eigenvalues).
        #expect(two.successShare == 0 && two.fourOutlierShare == 0)
        #expect(two.outcomes.allSatisfy { $0.outliers <= 2 && $0.accuracy < 0.9 })
        #expect(twelve.successShare > six.successShare)
        #expect(twelve.successShare >= 0.7)
        // OUTLIERS.md: success ⇔ 4 outliers; we see it in ≥ 95% of runs at t = 40.
        for row in study.rows { #expect(row.agreement >= 0.9, "K = \(row.width): \(row.agreement)") }
    }

    @Test("Bad settings are refused")
    func badInput() {
        #expect(throws: RibbonError.self) { try TwoLayerXOR(dimension: 1, width: 4, lambda: 20) }
        #expect(throws: RibbonError.self) { try TwoLayerXOR(dimension: 20, width: 0, lambda: 20) }
        #expect(throws: RibbonError.self) { try TwoLayerXOR(dimension: 20, width: 4, lambda: 1, stepConstant: 4) }
        #expect(throws: RibbonError.self) { try TwoLayerXOR(dimension: 20, width: 4, lambda: 20, time: 0) }
    }
}
