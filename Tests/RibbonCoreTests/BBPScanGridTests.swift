import Testing

@testable import RibbonCore

/// `scan bbp`'s grid: which index is which point (the contract shards, resume and merge rely on), and what a
/// point outside a model's domain gives.
@Suite("The BBP scan grid")
struct BBPScanGridTests {
    static let mixtureAxes: [BBPScanGrid.Axis] = [
        .init(knob: .lambda, values: [0.5, 20]), .init(knob: .dim, values: [600]),
        .init(knob: .testSamples, values: [150, 600, 2400, 9600]), .init(knob: .classes, values: [2, 4, 8]),
    ]

    @Test("Indices enumerate the product of the axes row-major, the last knob fastest")
    func enumeration() throws {
        let grid = try BBPScanGrid(model: .mixture, axes: Self.mixtureAxes, traced: nil, settings: .init(meanNorm: 1.3))
        // The oracle: nested loops in the axes' order.
        var expected: [[Double]] = []
        for l in Self.mixtureAxes[0].values {
            for d in Self.mixtureAxes[1].values {
                for m in Self.mixtureAxes[2].values {
                    for k in Self.mixtureAxes[3].values { expected.append([l, d, m, k]) }
                }
            }
        }
        #expect(grid.count == expected.count && grid.count == 24)
        for (index, values) in expected.enumerated() {
            #expect(grid.values(at: index) == values, "index \(index)")
            let p = grid.point(at: index)
            #expect(
                [p.lambda, p.dimension, p.samples, p.classes] == values && p.meanNorm == 1.3
                    && p.varianceRatio.isNaN)
        }
    }

    @Test("The axes are the model's knobs but the traced one, in order, none empty")
    func axesChecked() throws {
        #expect(throws: RibbonError.self) {
            try BBPScanGrid(model: .mixture, axes: Array(Self.mixtureAxes.reversed()), traced: nil, settings: .init())
        }
        #expect(throws: RibbonError.self) {
            try BBPScanGrid(model: .logit, axes: Self.mixtureAxes, traced: nil, settings: .init())
        }
        #expect(throws: RibbonError.self) {
            try BBPScanGrid(model: .mixture, axes: Self.mixtureAxes, traced: .lambda, settings: .init())
        }
        var empty = Self.mixtureAxes
        empty[1] = .init(knob: .dim, values: [])
        #expect(throws: RibbonError.self) {
            try BBPScanGrid(model: .mixture, axes: empty, traced: nil, settings: .init())
        }
        let traced = try BBPScanGrid(
            model: .mixture, axes: Array(Self.mixtureAxes.dropFirst()), traced: .lambda, settings: .init())
        #expect(traced.count == 12 && traced.point(at: 0).lambda.isNaN)
    }

    @Test("Outcomes: closed forms with the model's margin, thresholds as BBPBoundary gives them, errors thrown")
    func outcomes() throws {
        let grid = try BBPScanGrid(model: .mixture, axes: Self.mixtureAxes, traced: nil, settings: .init())
        for index in 0..<grid.count {
            guard case .closedForms(let margin, let forms) = try grid.evaluate(at: index) else {
                Issue.record("index \(index): not closed forms")
                continue
            }
            let p = grid.point(at: index)
            #expect(margin == BBPBoundary.Model.mixture.margin(at: p))
            #expect((margin > 0) == BBPBoundary.Model.mixture.hasOutliers(at: p))
            #expect(forms.contains { $0.name == "bulk_edge" && $0.value != nil })
        }
        let traced = try BBPScanGrid(
            model: .mixture, axes: Array(Self.mixtureAxes.dropFirst()), traced: .lambda, settings: .init())
        guard case .threshold(let b, let root) = try traced.evaluate(at: 5) else {
            Issue.record("not a threshold")
            return
        }
        let direct = try BBPBoundary(model: .mixture, knob: .lambda, base: traced.point(at: 5))
        #expect(b.closedForm == direct.closedForm && abs(root - direct.closedForm) <= 1e-11 * direct.closedForm)

        let bad = try BBPScanGrid(
            model: .logit,
            axes: [
                .init(knob: .varianceRatio, values: [0.01]), .init(knob: .samples, values: [300]),
                .init(knob: .parameters, values: [1000]), .init(knob: .classes, values: [1, 2]),
            ], traced: nil, settings: .init())
        #expect(throws: RibbonError.self) { try bad.evaluate(at: 0) }
        #expect(throws: Never.self) { try bad.evaluate(at: 1) }
    }

    @Test("Shards take whole blocks of inner knobs and still get at least 4n blocks")
    func shardRun() throws {
        let grid = try BBPScanGrid(model: .mixture, axes: Self.mixtureAxes, traced: nil, settings: .init())
        #expect(grid.shardRun(shards: 1) == 1)
        #expect(grid.shardRun(shards: 2) == 3)  // 24 / 3 = 8 blocks ≥ 8; 24 / 12 = 2 < 8
        #expect(grid.shardRun(shards: 7) == 1)
    }
}
