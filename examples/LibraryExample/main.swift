// Using ribbon's library directly: exact widths at one point, then the ratio boundary.
import Foundation
// Run: swift run library-example
import RibbonCore

let spectrum = try Spectrum.geometric(slope: 1, dimension: 200)
let knobs = try Knobs(eta: 1, steps: 1000, ratio: 10)
let criterion = try HyperRibbonCriterion(rho: 0.5, epsilon: 1e-3)

// The exact covariance (E2), truncated with the proven bound, and its width spectrum.
let covariance = try TrajectoryCovariance(
    spectrum: spectrum, knobs: knobs, truncation: TrajectoryCovariance.defaultTruncation)
let widths = try WidthSpectrum(covariance: covariance)
let verdict = criterion.verdict(for: widths)
print("kept \(covariance.order) of \(spectrum.dimension) modes (proven bound \(covariance.truncationBound))")
print("top variances:", widths.variances.prefix(4).map { String(format: "%.4g", $0) }.joined(separator: ", "))
print("ratios μ_{k+1}/μ_k:", widths.ratios.prefix(4).map { String(format: "%.3f", $0) }.joined(separator: ", "))
print("HR(0.5, 1e-3): \(verdict.isHyperRibbon), K_ε = \(verdict.kEpsilon)")

// The smallest ratio r with HR at this slope and T, exact and closed form.
let base = PhasePoint(model: .geometric(lambda1: 1, dimension: 200), shape: 1, knobs: knobs, criterion: criterion)
let boundary = try BoundaryAnalysis(base: base, solver: BoundarySolver(axis: .ratio))
print(
    "ratio boundary: exact \(boundary.exact.value.map { String(format: "%.4g", $0) } ?? "none") (\(boundary.exact.status.rawValue))"
)
for form in boundary.closedForms {
    print("  \(form.name) [\(form.tag.rawValue)]: \(form.value.map { String(format: "%.4g", $0) } ?? "n/a")")
}
