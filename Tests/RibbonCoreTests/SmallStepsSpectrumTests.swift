import Foundation
import Testing
@testable import RibbonCore

/// The exact small-T method (BOUNDARIES.md §2.6) against the d × d engine (E2), an independent
/// secular-equation solve at T = 1, and mpmath eigenvalues.
///
/// Tolerance for variances against E2: |Δμ_k| ≤ 1e-11·μ_k + 8ε·μ₁. Both computations are backward
/// stable, but E2's is in the d × d matrix, so its variances carry an *absolute* error of a few ε·μ₁:
/// measured against mpmath (40 digits) it is off by 2.4e-11 relative at μ = 1.4e-5·μ₁ (c = 0.5, T = 64,
/// r = 30, ηλ₁ = 1.5, outputs), i.e. 3e-16·μ₁, where this method is within 4e-12. The additive 8ε·μ₁
/// covers that; the relative 1e-11 term is the agreement required wherever both are relatively
/// accurate (the graded tail, where the variances are ≈ D_k). The search itself stops at 2⁻⁴⁷
/// relative width. Measured worst over the grid: 2.4e-11 relative, 3.6e-15·μ₁ absolute.
@Suite("Exact small-T method: C = D + VᵀV counted by Haynsworth inertia")
struct SmallStepsSpectrumTests {
    static let criterion = try! HyperRibbonCriterion()

    static func agrees(_ value: Double, _ reference: Double, top: Double) -> Bool {
        abs(value - reference) <= 1e-11 * abs(reference) + 8 * Double.ulpOfOne * top
    }

    /// Every variance ≥ 1e-10·μ₁ (at most `compared` of them), the verdict, K_ε and the trace against E2.
    static func checkAgainstE2(
        _ spectrum: Spectrum, _ knobs: Knobs, criterion: HyperRibbonCriterion = criterion,
        compared: Int = .max, label: String
    ) throws {
        let e2 = try WidthSpectrum(spectrum: spectrum, knobs: knobs, solvers: EigenvalueSolvers())
        let small = try SmallStepsSpectrum(spectrum: spectrum, knobs: knobs)
        let top = e2.variances[0]
        let n = min(e2.variances.prefix { $0 >= 1e-10 * top }.count, compared)
        let mine = try small.variances(top: n)
        for k in 0..<n {
            #expect(
                agrees(mine[k], e2.variances[k], top: top),
                "\(label) k=\(k + 1): \(mine[k]) vs E2 \(e2.variances[k])")
        }
        #expect(abs(small.trace - e2.total) <= 1e-12 * small.trace, "\(label): trace \(small.trace) vs Σμ \(e2.total)")
        let (a, b) = (try small.verdict(criterion), criterion.verdict(for: e2))
        #expect(a.kEpsilon == b.kEpsilon && a.isHyperRibbon == b.isHyperRibbon, "\(label): \(a) vs E2 \(b)")
        #expect(abs(a.margin - b.margin) <= 1e-11, "\(label): margin \(a.margin) vs \(b.margin)")
        // The worst index is the same, unless several ratios tie (equal λ give ratios of exactly 1):
        // then E2's ratio at our index must equal its worst one.
        if a.worstIndex != b.worstIndex, let i = a.worstIndex, let worst = b.worstRatio {
            #expect(
                abs(e2.variances[i] / e2.variances[i - 1] - worst) <= 1e-11,
                "\(label): worst index \(i) vs E2 \(b.worstIndex ?? 0)")
        }
    }

    @Test(
        "Variances ≥ 1e-10·μ₁, K_ε and verdicts equal E2 on the geometric grid (d = 200)",
        arguments: [0.5, 1, 1.25, 2, 3], [1.0, 3, 10, 30, 64])
    func geometricGrid(c: Double, steps: Double) throws {
        let spectrum = try Spectrum.geometric(slope: c, dimension: 200)
        for target in TargetProfile.allCases {
            for eta in [1.0, 0.5, 1.5] {  // ηλ₁ = 1, 0.5 (all q > 0), 1.5 (q₁ < 0)
                for r in [0.3, 3, 30] {
                    let knobs = try Knobs(eta: eta, steps: steps, ratio: r, target: target)
                    try Self.checkAgainstE2(spectrum, knobs, label: "c=\(c) T=\(steps) r=\(r) η=\(eta) \(target)")
                }
            }
        }
    }

    /// Slow spectra have K_ε up to d (every variance is computed for the verdict), so T = 64 runs only
    /// where K_ε is small (a verdict with K_ε ≈ 200 takes ≈ 0.5 s there); the top 60 variances are compared.
    @Test(
        "Power-law spectra (no spectral gap; K_ε up to d) agree with E2",
        arguments: [0.5, 1, 2], [3.0, 10, 30])
    func powerLaw(alpha: Double, steps: Double) throws {
        let spectrum = try Spectrum.powerLaw(alpha: alpha, dimension: 200)
        for target in TargetProfile.allCases {
            for r in [0.3, 30] {
                let knobs = try Knobs(eta: 1, steps: steps, ratio: r, target: target)
                try Self.checkAgainstE2(spectrum, knobs, compared: 60, label: "α=\(alpha) T=\(steps) r=\(r) \(target)")
            }
        }
        if steps == 30 {
            let knobs = try Knobs(eta: 1, steps: 64, ratio: 30, target: .outputs)
            try Self.checkAgainstE2(spectrum, knobs, compared: 60, label: "α=\(alpha) T=64 r=30 outputs")
        }
    }

    @Test("Other criteria (ρ* = 0.3 and 0.7, ε = 1e-6 and 0.05) give E2's verdicts")
    func otherCriteria() throws {
        for (rho, epsilon) in [(0.3, 1e-6), (0.7, 0.05), (0.5, 1e-8)] {
            let criterion = try HyperRibbonCriterion(rho: rho, epsilon: epsilon)
            for (c, steps, r) in [(0.5, 10.0, 3.0), (1, 64, 30), (2, 3, 0.3), (1.25, 30, 3)] {
                try Self.checkAgainstE2(
                    try Spectrum.geometric(slope: c, dimension: 200),
                    try Knobs(steps: steps, ratio: r), criterion: criterion,
                    label: "HR(\(rho), \(epsilon)) c=\(c) T=\(steps) r=\(r)")
            }
        }
    }

    /// At T = 1 the trajectory is two points, V = −(r/2)u with u_i = √λ_i·ηλ_i (weights, σ₀ = 1), and
    /// the variances are the roots of 1 = (r²/4) Σ_i u_i²/(μ − D_i), D_i = λ_i(1 + q_i²)/2: one in each
    /// interval (D_(k), D_(k−1)) and the top one in (D_(1), D_(1) + (r²/4)Σu²). Solved here by plain
    /// bisection on the secular function (increasing on each interval), independently of the engine.
    @Test(
        "T = 1 is the rank-one secular equation 1 = (r²/4) Σ u_i²/(μ − D_i)",
        arguments: [0.5, 1, 2], [0.3, 3, 30])
    func secularEquation(c: Double, r: Double) throws {
        let d = 200
        for eta in [1.0, 0.5, 1.5] {
            let lambda = (0..<d).map { exp(-c * Double($0)) }
            let modes = lambda.map { l -> (noise: Double, weight: Double) in
                let q = 1 - eta * l, u = l.squareRoot() * eta * l
                return (l * (1 + q * q) / 2, r * r / 4 * u * u)
            }.sorted { $0.noise > $1.noise }
            let totalWeight = modes.reduce(0) { $0 + $1.weight }
            func secular(_ mu: Double) -> Double { 1 - modes.reduce(0) { $0 + $1.weight / (mu - $1.noise) } }
            func root(_ k: Int) -> Double {
                var lo = modes[k].noise, hi = k == 0 ? modes[0].noise + totalWeight : modes[k - 1].noise
                while true {
                    let mid = lo + (hi - lo) / 2
                    if mid <= lo || mid >= hi { return mid }
                    if secular(mid) < 0 { lo = mid } else { hi = mid }
                }
            }
            let roots = (0..<40).map(root)
            let n = roots.prefix { $0 >= 1e-10 * roots[0] }.count
            let small = try SmallStepsSpectrum(
                spectrum: try Spectrum.geometric(slope: c, dimension: d),
                knobs: try Knobs(eta: eta, steps: 1, ratio: r))
            let mine = try small.variances(top: n)
            for k in 0..<n {
                #expect(
                    Self.agrees(mine[k], roots[k], top: roots[0]),
                    "c=\(c) r=\(r) η=\(eta) k=\(k + 1): \(mine[k]) vs secular root \(roots[k])")
            }
        }
    }

    /// mpmath, 40 digits: the full E2 matrix built from its definition (direct sums over t = 0…T of the
    /// centred z_t and of σ₀²λq^{2t}), eigenvalues by `mp.eigsy`. The first point has μ₃ 1% below the
    /// pole D₁ = 1/4; at the second E2 itself is off by 2.4e-11 relative in μ₁₁-like levels.
    @Test(
        "Variances and trace match mpmath to 1e-11 relative",
        arguments: [
            (
                0.5, 3.0, 30.0, 1.0, TargetProfile.weights, 70, 279.86234924908532,
                [
                    267.67084336476632, 11.527427305318159, 0.24755090786322423, 0.13516800527378319,
                    0.098001868612532204,
                    0.066818722268164122, 0.043675819429505271, 0.027798886976972222, 0.017391412563421941,
                    0.010758165039893218, 0.0066062304253545253, 0.0040376884889995775,
                ]
            ),
            (
                0.5, 64.0, 30.0, 1.5, TargetProfile.outputs, 70, 386.81487004015072,
                [
                    313.5008674409518, 51.814976763193821, 16.112849646319861, 4.2780747246397652, 0.89551143365844604,
                    0.15570491056502614, 0.025425500966133029, 0.0074355221559972114, 0.0054503998375164409,
                    0.0050853609949704472, 0.0043442923959725819, 0.0032420017801864318,
                ]
            ),
            (
                1.25, 10.0, 3.0, 0.5, TargetProfile.outputs, 40, 1.7648309606616441,
                [
                    1.4722124877741592, 0.19729415636747138, 0.063859859838136497, 0.022134712389935263,
                    0.0066330871884730051,
                    0.0019222051642120145, 0.00055241934821199986, 0.00015840710544259441, 4.5395489747447135e-5,
                    1.3006933489840304e-5, 3.7266232876326994e-6, 1.0677015571822468e-6,
                ]
            ),
        ])
    func mpmath(_ point: (Double, Double, Double, Double, TargetProfile, Int, Double, [Double])) throws {
        let (c, steps, r, eta, target, d, trace, reference) = point
        let small = try SmallStepsSpectrum(
            spectrum: try Spectrum.geometric(slope: c, dimension: d),
            knobs: try Knobs(eta: eta, steps: steps, ratio: r, target: target))
        #expect(abs(small.trace - trace) <= 1e-14 * trace)
        let mine = try small.variances(top: reference.count)
        for k in reference.indices {
            #expect(
                abs(mine[k] - reference[k]) <= 1e-11 * reference[k],
                "c=\(c) T=\(steps) k=\(k + 1): \(mine[k]) vs \(reference[k])")
        }
    }

    @Test("The count is exact between variances, at a pole D_j, and at the ends")
    func counts() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 200)
        let knobs = try Knobs(steps: 10, ratio: 3)
        let e2 = try WidthSpectrum(spectrum: spectrum, knobs: knobs, solvers: EigenvalueSolvers())
        let small = try SmallStepsSpectrum(spectrum: spectrum, knobs: knobs)
        for k in 1..<25 {
            let between = (e2.variances[k - 1] * e2.variances[k]).squareRoot()
            #expect(try small.count(above: between) == k, "between μ_\(k) and μ_\(k + 1)")
        }
        #expect(try small.count(above: -1) == 200)
        #expect(try small.count(above: 0) == 200)
        #expect(try small.count(above: 2 * small.trace) == 0)
        // Exactly at a pole μ = D_j the count is taken one ulp up (normalised units: D_j/tr C).
        let scratch = SmallStepsSpectrum.Scratch(small)
        for j in [0, 3, 8, 12] {  // deeper, μ_j − D_j falls below E2's absolute error ε·μ₁
            let pole = small.noise[j]
            let e = try small.evaluate(pole, scratch)
            #expect(e.threshold > pole && e.threshold == pole.nextUp)
            let expected = e2.variances.filter { $0 > pole * small.trace }.count
            #expect(e.count == expected, "at D_\(j + 1)")
        }
        #expect(throws: RibbonError.self) { try small.count(above: .nan) }
    }

    @Test("Modes with λ = 0 have variance exactly 0; verdicts still match E2")
    func zeroModes() throws {
        let spectrum = Spectrum(source: .file(path: "zeros"), eigenvalues: [1, 0.4, 0.1, 0.03, 0.01, 0, 0])
        for (steps, r) in [(1.0, 0.3), (3, 3), (10, 30)] {
            let knobs = try Knobs(steps: steps, ratio: r)
            let small = try SmallStepsSpectrum(spectrum: spectrum, knobs: knobs)
            let mine = try small.variances(top: 7)
            #expect(mine[5] == 0 && mine[6] == 0)
            try Self.checkAgainstE2(spectrum, knobs, label: "zeros T=\(steps) r=\(r)")
        }
    }

    /// Exact ties of λ give exactly equal D and (per profile) parallel V columns: a tie of m > T modes is
    /// compressed to T coupled modes at construction, and the other m − T variances equal D exactly.
    /// Near ties (relative 1e-12) are not compressed; there the near-pole modes are bordered.
    @Test("Exact and near ties of λ (multiplicity > T) agree with E2", arguments: [0.0, 1e-12])
    func ties(jitter: Double) throws {
        let values: [(Double, Int)] = [(1, 5), (0.3, 8), (0.05, 3), (0.01, 10), (0.001, 4), (1e-4, 12)]
        var lambda: [Double] = []
        for (value, count) in values {
            for i in 0..<count { lambda.append(value * (1 + jitter * Double(i % 3 - 1))) }
        }
        let spectrum = Spectrum(source: .file(path: "ties"), eigenvalues: lambda.sorted(by: >))
        for steps in [1.0, 3, 10] {
            for target in TargetProfile.allCases {
                for (eta, r) in [(1.0, 0.5), (1.8, 20), (0.3, 3)] {
                    let knobs = try Knobs(eta: eta, steps: steps, ratio: r, target: target)
                    try Self.checkAgainstE2(
                        spectrum, knobs, label: "ties(\(jitter)) T=\(steps) η=\(eta) r=\(r) \(target)")
                }
            }
        }
    }

    @Test("Bad input throws RibbonError with the allowed range: flow, T > 1024, ηλ₁ ≥ 2, k > d")
    func badInput() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 50)
        do {
            _ = try SmallStepsSpectrum(spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1, dynamics: .flow))
            Issue.record("gradient flow was accepted")
        } catch {
            #expect(error.kind == .invalidParameter && error.message.contains("gradient flow"))
        }
        do {
            _ = try SmallStepsSpectrum(spectrum: spectrum, knobs: try Knobs(steps: 2000, ratio: 1))
            Issue.record("T = 2000 was accepted")
        } catch {
            #expect(error.kind == .invalidParameter && error.message.contains("1024"))
        }
        #expect(throws: RibbonError.self) {
            try SmallStepsSpectrum(spectrum: spectrum, knobs: try Knobs(eta: 2.5, steps: 10, ratio: 1))
        }
        let small = try SmallStepsSpectrum(spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1))
        #expect(throws: RibbonError.self) { try small.variances(top: 51) }
        #expect(throws: RibbonError.self) { try small.variances(top: -1) }
        #expect(try small.variances(top: 0).isEmpty)
    }

    @Test("Extreme scales: huge r·σ₀ throws (overflow), a steep spectrum (c = 5, λ underflows) stays finite")
    func extremes() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 50)
        #expect(throws: RibbonError.self) {
            try SmallStepsSpectrum(spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1e200, sigma0: 1e200))
        }
        let steep = try Spectrum.geometric(slope: 5, dimension: 200)  // λ₂₀₀ = e^{−995} = 0 in double
        let knobs = try Knobs(steps: 64, ratio: 3)
        let small = try SmallStepsSpectrum(spectrum: steep, knobs: knobs)
        let all = try small.variances(top: 200)
        #expect(all.allSatisfy { $0.isFinite && $0 >= 0 })
        try Self.checkAgainstE2(steep, knobs, label: "c=5")
    }
}
