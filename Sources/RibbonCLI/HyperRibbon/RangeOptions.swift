import ArgumentParser
import RibbonCore
import RibbonIO

/// The search range of a boundary along its axis (`boundary`, `scan --boundaries`).
struct RangeOptions: ParsableArguments {
    @Option(
        name: .customLong("from"), parsing: .unconditional,
        help: "Low end of the boundary search range (default: ratio 1e-3, steps 1, slope 0.01).")
    var low: Double?

    @Option(
        name: .customLong("to"), parsing: .unconditional,
        help: "High end of the boundary search range (default: ratio 1e4, steps 1e12, slope 10).")
    var high: Double?

    @Option(help: "Points of the boundary solver's initial log scan (flips closer than one step can be missed).")
    var scanPoints: Int = 57

    var isSet: Bool { low != nil || high != nil }

    func solver(axis: BoundaryAxis) throws -> BoundarySolver {
        let low = self.low ?? axis.defaultRange.lowerBound, high = self.high ?? axis.defaultRange.upperBound
        guard low < high else {
            throw RibbonError(
                .invalidParameter,
                "boundary range must satisfy 0 < --from < --to (got \(low)..\(high)); the axis is log-scaled")
        }
        return try BoundarySolver(axis: axis, range: low...high, scanPoints: scanPoints)
    }
}
