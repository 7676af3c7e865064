import Foundation
import RibbonCore

/// A point of a `ribbon scan` CSV to simulate (`verify --from-scan`): the model the scan fixed, and where
/// the point came from.
public struct ScanVerificationPoint: Sendable {
    /// The scan row's index.
    public let scanIndex: Int
    /// "point" (a dense row), or "below"/"above" (boundary ÷/× the side factor).
    public let side: String
    /// The boundary axis and value, for boundary rows.
    public let axis: String?
    public let boundary: Double?
    public let spectrum: Spectrum
    public let knobs: Knobs
    public let criterion: HyperRibbonCriterion
    /// Minibatch size and label noise when the scan was an SGD scan.
    public let batch: Int?
    public let labelNoise: Double
    /// The scan's own HR verdict at the point (dense rows; nil for boundary sides, whose phase the
    /// verifier's exact E2 decides).
    public let scanHyperRibbon: Bool?

    /// A one-line label for tables.
    public var label: String {
        guard let axis, let boundary else { return "point \(scanIndex)" }
        return "row \(scanIndex): \(axis) \(side) boundary \(NumberFormat.short(boundary, digits: 4))"
    }
}

/// Reads the points of a scan CSV and picks a sample spread over the grid and both phases.
public enum ScanVerificationPoints {
    /// Every verifiable point of the scan at `path`, and why the other ok rows were skipped (reason → count).
    /// Dense rows give one point; boundary rows (`scan --boundaries`) give two, at boundary ÷ and × `side`.
    public static func read(path: String, side: Double) throws(RibbonError) -> (
        points: [ScanVerificationPoint], skipped: [String: Int]
    ) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw RibbonError(.invalidInput, "cannot read scan file '\(path)'")
        }
        let lines = text.split(whereSeparator: \.isNewline)
        guard let header = lines.first.map(CSVTable.fields), header.first == "index", header.contains("status") else {
            throw RibbonError(
                .invalidInput,
                "'\(path)' is not a ribbon scan CSV (its header does not start with index and has no status column); give the CSV that `ribbon scan --output FILE` wrote"
            )
        }
        var points: [ScanVerificationPoint] = []
        var skipped: [String: Int] = [:]
        for line in lines.dropFirst() {
            let row = CSVTable.fields(line)
            func cell(_ name: String) -> String? {
                header.firstIndex(of: name).flatMap { $0 < row.count ? row[$0] : nil }.flatMap { $0.isEmpty ? nil : $0 }
            }
            func number(_ name: String) -> Double? { cell(name).flatMap(Double.init) }
            guard row.count == header.count, let index = cell("index").flatMap(Int.init) else {
                skipped["malformed row", default: 0] += 1
                continue
            }
            guard cell("status") == "ok" else { skipped["status not ok", default: 0] += 1; continue }
            do {
                let criterion = try HyperRibbonCriterion(
                    rho: number("rho") ?? HyperRibbonCriterion.defaultRho,
                    epsilon: number("epsilon") ?? HyperRibbonCriterion.defaultEpsilon)
                guard let dim = cell("dim").flatMap(Int.init) else { skipped["no dim", default: 0] += 1; continue }
                let kind = cell("spectrum") ?? "geometric"
                guard kind == "geometric" || kind == "power" else {
                    skipped["spectrum '\(kind)' (only geometric and power scans are re-simulated)", default: 0] += 1
                    continue
                }
                let lambda1 = number("lambda1") ?? 1
                let target = cell("target").flatMap(TargetProfile.init(rawValue:)) ?? .weights
                let dynamics: Dynamics = cell("dynamics") == "flow" ? .flow : .discrete
                let batch = cell("batch").flatMap(Double.init).map { Int($0) }
                func point(
                    _ side: String, axis: String?, boundary: Double?, shape: Double, steps: Double, ratio: Double
                ) throws(RibbonError) -> ScanVerificationPoint {
                    let spectrum =
                        kind == "power"
                        ? try Spectrum.powerLaw(lambda1: lambda1, alpha: shape, dimension: dim)
                        : try Spectrum.geometric(lambda1: lambda1, slope: shape, dimension: dim)
                    let knobs = try Knobs(
                        eta: number("eta") ?? 1, steps: max(1, steps.rounded()), ratio: ratio,
                        sigma0: number("sigma0") ?? 1,
                        target: target, dynamics: dynamics)
                    return ScanVerificationPoint(
                        scanIndex: index, side: side, axis: axis, boundary: boundary, spectrum: spectrum,
                        knobs: knobs, criterion: criterion, batch: batch, labelNoise: number("label_noise") ?? 0,
                        scanHyperRibbon: side == "point" ? cell("hyper_ribbon").map { $0 == "true" } : nil)
                }
                let shapeName = kind == "power" ? "alpha" : "slope"
                if let axis = cell("axis") {
                    guard let b = number("exact") ?? number("boundary") else {
                        skipped["no boundary in range", default: 0] += 1; continue
                    }
                    for (tag, x) in [("below", b / side), ("above", b * side)] {
                        guard let shape = axis == "slope" ? x : number(shapeName) else { continue }
                        points.append(
                            try point(
                                tag, axis: axis, boundary: b, shape: shape,
                                steps: axis == "steps" ? x : number("steps") ?? 1,
                                ratio: axis == "ratio" ? x : number("ratio") ?? 1))
                    }
                } else {
                    guard let shape = number(shapeName), let steps = number("steps"), let ratio = number("ratio") else {
                        skipped["missing slope, steps or ratio", default: 0] += 1
                        continue
                    }
                    points.append(
                        try point("point", axis: nil, boundary: nil, shape: shape, steps: steps, ratio: ratio))
                }
            } catch {
                skipped["invalid parameters (\(error.message))", default: 0] += 1
            }
        }
        return (points, skipped)
    }

    /// At most `count` points spread over the grid: boundary pairs evenly over the boundary rows (both sides
    /// kept together), dense points evenly over each phase with the phases sharing `count` as equally as their
    /// sizes allow. Grid order is kept.
    public static func spread(_ points: [ScanVerificationPoint], count: Int) -> [ScanVerificationPoint] {
        guard points.count > count else { return points }
        func even<T>(_ items: [T], _ m: Int) -> [T] {
            guard m < items.count else { return items }
            guard m > 0 else { return [] }
            return (0..<m).map { items[Int((Double($0) + 0.5) * Double(items.count) / Double(m))] }
        }
        if points.contains(where: { $0.axis != nil }) {
            let groups = Dictionary(grouping: points, by: \.scanIndex).sorted { $0.key < $1.key }.map(\.value)
            return even(groups, max(1, count / 2)).flatMap { $0 }
        }
        let inside = points.filter { $0.scanHyperRibbon == true },
            outside = points.filter { $0.scanHyperRibbon != true }
        let fromInside = min(inside.count, max(count / 2, count - outside.count))
        let chosen = even(inside, fromInside) + even(outside, count - fromInside)
        return chosen.sorted { $0.scanIndex < $1.scanIndex }
    }
}
