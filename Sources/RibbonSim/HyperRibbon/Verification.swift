import GSL
import Foundation
import RibbonCore

/// Predictions to check instead of E2 (`verify --against FILE`): leading variances, and optionally ratios,
/// explained stress and a verdict. E2 stays beside them for reference.
public struct TheoryPrediction: Sendable, Equatable {
    /// μ₁, μ₂, … (at least one; finite and ≥ 0).
    public let variances: [Double]
    /// μ_{k+1}/μ_k, k = 1…; derived from `variances` when absent.
    public let ratios: [Double]?
    /// χ₁, χ₂, …; nil: not compared (χ needs every variance).
    public let explainedStress: [Double]?
    /// The predicted HR verdict; nil: not compared.
    public let hyperRibbon: Bool?
    /// Where the predictions came from (a file path), for the report.
    public let source: String
    /// How far the file's predictions can be trusted (its `"tag"`; asymptotic when it names none: a law under test).
    public let tag: ResultTag

    /// Validated predictions: non-empty, finite, non-negative variances; ratios and χ finite and ≥ 0.
    public init(
        variances: [Double], ratios: [Double]? = nil, explainedStress: [Double]? = nil, hyperRibbon: Bool? = nil,
        source: String, tag: ResultTag = .asymptotic
    ) throws(RibbonError) {
        guard !variances.isEmpty else {
            throw RibbonError(.invalidInput, "\(source): no variances to compare (give \"variances\": [μ₁, μ₂, …])")
        }
        for (name, values) in [
            ("variance", variances), ("ratio", ratios ?? []), ("explained_stress", explainedStress ?? []),
        ] {
            if let bad = values.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw RibbonError(
                    .invalidInput, "\(source): \(name) \(bad + 1) is \(values[bad]); predictions must be finite and ≥ 0"
                )
            }
        }
        self.variances = variances
        self.ratios = ratios
        self.explainedStress = explainedStress
        self.hyperRibbon = hyperRibbon
        self.source = source
        self.tag = tag
    }
}

/// Simulated regression widths against the exact covariance (E2 with the same checkpoints), or against a
/// user's predictions, with a calibrated joint test and the deviation each row could detect.
///
/// Judged estimate of μ_k: the Rayleigh quotient v_kᵀ S v_k of the unbiased simulated covariance S
/// (`EnsembleMoments`) along the k-th exact eigenvector (no eigenvalue-repulsion bias); ratios and χ_K
/// (top m axes projected, the rest from E2) derive from these.
///
/// **The test.** For GD and flow regression the statistics' exact null law is sampled by
/// ``VerificationNull`` (Gaussian initialisations, `replicates` parametric replicates at the same R):
/// each row is standardised by its null mean and SD, and the call fails when max_i |z_i| exceeds the null
/// (1 − α) quantile of that maximum (family-wise size α over every judged row, the verdict row included
/// when its own null mismatch rate is below α/10). The row's `detectable` deviation is the relative shift
/// found with 90% power: (c + z₀.₉)·sd/|mean| (Gaussian approximation). SGD has no Gaussian null: its rows
/// use a studentised bootstrap over runs (``SGDBootstrap``: jackknife SEs, bootstrap-t max-|t| critical value,
/// bootstrap bias correction); approximate, named in the output.
public struct Verification: Sendable {
    /// Every compared quantity, the verdict last: `variance` k, `variance_ratio` k (μ_{k+1}/μ_k),
    /// `explained_stress` k, `hyper_ribbon` (1 = HR, 0 = not, so the columns stay numeric). `measured` is the
    /// judged estimate, `predicted` E2 or the file's value; references `exact` (E2 at the same checkpoints),
    /// `asymptotic` (A4 and the sech law, where they apply) and `sample_eigenvalue_estimate` (what inPCA shows).
    public let rows: [Check]
    /// HR on the exact widths.
    public let exactVerdict: HyperRibbonCriterion.Verdict
    /// HR on the simulated widths.
    public let simulatedVerdict: HyperRibbonCriterion.Verdict
    /// Family-wise false-fail probability at correct theory.
    public let alpha: Double
    /// Critical value of the joint test, in standard errors.
    public let criticalValue: Double
    /// The method, as printed.
    public let method: String
    /// Number of bootstrap replicates (SGD) or null replicates (GD/flow).
    public let replicates: Int
    /// What the rows were compared with: "E2" or the predictions' source.
    public let reference: String
    /// When the verdict row is not judged because the simulated verdict flips by chance (GD/flow): the R at
    /// which it would be, R·(z_{1−α/10}/z_m)², z_m = Φ⁻¹(1 − m) for the null mismatch rate m (a margin in SDs
    /// grows as √R; Gaussian approximation). nil otherwise.
    public let verdictRuns: Int?

    /// Number of rows that fail (rows not judged do not count).
    public var failed: Int { rows.filter { $0.verdict == .fail }.count }
    /// Whether no row fails.
    public var allPass: Bool { failed == 0 }
    /// The largest `detectable` over judged rows: the summary's "could detect deviations ≥ X".
    public var detectable: Double? { rows.compactMap(\.detectable).max() }

    /// Power quantile z₀.₉ for the detectable deviation.
    public static let powerQuantile = 1.2815515655446004
    /// Default family-wise false-fail probability.
    public static let defaultAlpha = 0.01

    /// Compares the leading `top` variances and ratios and χ₁…χ₃ of a regression simulation with E2 (or with
    /// `against`); throws for classification.
    public init(
        simulation: Simulation, criterion: HyperRibbonCriterion, top: Int = 5, alpha: Double = defaultAlpha,
        bootstrap: Int = 2000, nullReplicates: Int = 4000, against: TheoryPrediction? = nil
    ) throws(RibbonError) {
        guard simulation.settings.runs >= 10 else {
            throw .parameter(
                "verify needs at least 10 runs (got R = \(simulation.settings.runs)); 40 or more recommended")
        }
        guard alpha > 0, alpha < 0.5 else {
            throw .parameter("alpha must lie in (0, 0.5) (got \(alpha)); it is the family-wise false-fail probability")
        }
        guard let moments = simulation.moments else {
            throw .parameter(
                "verify compares regression simulations with E2; classification has no closed form (use simulate)")
        }
        let s = simulation.settings
        let d = moments.dimension
        if let against, against.variances.count > d {
            throw RibbonError(
                .invalidInput,
                "\(against.source): \(against.variances.count) variances, more than the model's dimension d = \(d)")
        }
        let e2 = try Statistic.exactReference(
            settings: s, times: simulation.times, weights: simulation.weights,
            top: top, criterion: criterion)
        let exact = e2.exact, exactAxes = e2.axes, statistic = e2.statistic
        let solver = SymmetricEigenvalueSolver(order: d)
        // E2's axes are in z coordinates (z_i = u_i · y); rotate them into the simulation's coordinates y.
        guard let basis = simulation.eigenbasis, basis.count == d else {
            throw RibbonError(.numerical, "the simulation did not record its eigenbasis")
        }
        let axes = exactAxes.map { v in (0..<d).map { a in (0..<d).reduce(0.0) { $0 + basis[$1][a] * v[$1] } } }
        let k = statistic.top
        let exactVariances = exact.variances
        let full = try statistic.evaluate(moments.unbiasedCovariance(), axes: axes, dimension: d, sampleSolver: solver)
        let sim = full.judged
        let ex = statistic.values(exactVariances)
        exactVerdict = criterion.verdict(for: exact)
        simulatedVerdict = criterion.verdict(for: full.projected)

        // Null means, spreads and the critical value.
        var nullMean = ex, spread = [Double](repeating: 0, count: ex.count)
        var critical: Double
        var verdictJudgeable: Bool
        var verdictRuns: Int? = nil
        var unjudgeable: String? = nil
        let method: String
        if let noise = s.sgd {
            // Heavy-tailed SGD: the exact mean covariance diverges (ρ₂ ≥ 1); nothing finite estimates it.
            let growth = try noise.secondMomentGrowth(spectrum: s.spectrum, eta: s.knobs.eta)
            if growth >= 1 {
                unjudgeable =
                    "SGD second-moment growth ρ₂ = \(String(format: "%.4f", growth)) ≥ 1: the mean covariance diverges while typical runs converge; not judged"
            }
            let boot = try SGDBootstrap(
                moments: moments, statistic: statistic, axes: axes, replicates: bootstrap,
                rng: RandomGenerator(seed: s.seed).child(7))
            for i in ex.indices { spread[i] = boot.standardErrors[i]; nullMean[i] = ex[i] + boot.bias[i] }
            critical = VerificationNull.conservativeUpperQuantile(boot.maxima, alpha: alpha, total: boot.maxima.count)
            if !critical.isFinite && unjudgeable == nil {
                let needed = Int((2.71 / alpha).rounded(.up))
                throw .parameter(
                    "\(bootstrap) bootstrap replicates cannot resolve a family-wise α = \(alpha) (needs at least \(needed))",
                    topic: .bootstrap)
            }
            let margin = exactVerdict.worstRatio.map { abs($0 - criterion.rho) } ?? .infinity
            verdictJudgeable = margin > max(0.05 * criterion.rho, critical * (spread.last ?? 0))
            method =
                "studentised bootstrap over runs (\(bootstrap) replicates, jackknife SEs inside each): max-|t| joint test over all rows, critical value \(String(format: "%.2f", critical)) for family-wise size α = \(alpha) (bias-corrected; approximate: SGD has no Gaussian null)"
        } else {
            let exactHR = exactVerdict.isHyperRibbon
            let axesZ = exactAxes
            let null = try VerificationNull(
                spectrum: s.spectrum, knobs: s.knobs, times: simulation.times, weights: simulation.weights,
                runs: moments.runs, replicates: nullReplicates, seed: s.seed &+ 0x5eed,
                statistics: { c throws(RibbonError) in
                    let out = try statistic.evaluate(c, axes: axesZ, dimension: d, sampleSolver: nil)
                    return (out.judged, criterion.verdict(for: out.projected).isHyperRibbon)
                }, exactHyperRibbon: exactHR)
            for i in ex.indices { nullMean[i] = null.mean(i); spread[i] = null.standardDeviation(i) }
            verdictJudgeable = null.verdictMismatchRate <= alpha / 10
            if !verdictJudgeable {
                // The margin in SDs grows as √R: from the observed mismatch rate m (z = Φ⁻¹(1 − m)) when it is
                // below ½, else from the worst ratio's distance to ρ* in null SDs.
                let m = null.verdictMismatchRate
                var now: Double? = m < 0.5 ? try? Distributions.normalQuantile(1 - m) : nil
                if now == nil, let w = ex.last, let sd = spread.last, sd > 0, abs(w - criterion.rho) > 0 {
                    now = abs(w - criterion.rho) / sd
                }
                if let now, now > 0, let target = try? Distributions.normalQuantile(1 - alpha / 10) {
                    verdictRuns = max(
                        moments.runs + 1, Int((Double(moments.runs) * (target / now) * (target / now)).rounded(.up)))
                }
            }
            critical = null.criticalValue(
                alpha: alpha, means: Array(nullMean.dropLast()), deviations: Array(spread.dropLast()),
                judgeVerdict: verdictJudgeable)
            method =
                "exact null law (Gaussian initialisations, \(nullReplicates) parametric replicates at R = \(moments.runs)): max-|z| joint test over all rows, critical value \(String(format: "%.2f", critical)) for family-wise size α = \(alpha)"
        }
        self.method = method
        self.verdictRuns = verdictRuns
        self.replicates = s.sgd == nil ? nullReplicates : bootstrap
        self.reference = against?.source ?? "E2"

        // Predictions: E2, or the file's (ratios and χ derived or given; missing ones not judged).
        var predicted: [Double?] = ex.map { Optional($0) }
        if let against {
            predicted = (0..<k).map { $0 < against.variances.count ? against.variances[$0] : nil }
            predicted += (0..<(k - 1)).map { j in
                if let r = against.ratios, j < r.count { return r[j] }
                guard j + 1 < against.variances.count, against.variances[j] > 0 else { return nil }
                return against.variances[j + 1] / against.variances[j]
            }
            predicted += (0..<3).map { j in against.explainedStress.flatMap { j < $0.count ? $0[j] : nil } }
            predicted.append(nil)
        }
        let forms = ClosedForms(spectrum: s.spectrum, knobs: s.knobs)
        let top4 = ClosedForms.topVarianceA4(spectrum: s.spectrum, knobs: s.knobs)
        let tag: ResultTag = against?.tag ?? .exact
        var rows: [Check] = []
        for i in sim.indices.dropLast() {
            let quantity: Quantity, asymptotic: Double?
            if i < k {
                quantity = .variance(i + 1)
                asymptotic = i == 0 ? top4 : top4.flatMap { t in forms.sechLaw(k: i).map { t * $0 } }
            } else if i < 2 * k - 1 {
                quantity = .ratio(i - k + 1)
                asymptotic = i - k + 1 == 1 ? forms.sechLaw(k: 1) : nil
            } else {
                quantity = .explainedStress(i - (2 * k - 1) + 1); asymptotic = nil
            }
            var note = unjudgeable
            var pass: Bool? = nil, deviation: Double? = nil, detectable: Double? = nil
            if note == nil, let p = predicted[i] {
                // Expected value of the estimator under the prediction: the prediction plus the estimator's
                // own null bias (known from E2; 0 for E2 itself up to Monte Carlo error).
                let expected = p + (nullMean[i] - ex[i])
                if spread[i] > 0 {
                    deviation = (sim[i] - expected) / spread[i]
                    pass = abs(deviation!) <= critical
                    detectable = abs(expected) > 0 ? (critical + Self.powerQuantile) * spread[i] / abs(expected) : nil
                } else {
                    pass = abs(sim[i] - expected) <= 1e-12 * max(abs(expected), 1e-300)
                }
            } else if note == nil {
                note = "\(self.reference) gives no \(quantity)"
            }
            rows.append(
                Check(
                    quantity, tag: tag, predicted: predicted[i], measured: sim[i], standardError: spread[i],
                    z: deviation, detectable: detectable, verdict: .init(pass, reason: note),
                    references: [
                        Field("exact", .number(ex[i])), Field("asymptotic", .number(asymptotic)),
                        Field("sample_eigenvalue_estimate", .number(full.sample[i])),
                    ]))
        }
        let predictedHR = against == nil ? exactVerdict.isHyperRibbon : against?.hyperRibbon
        var verdictNote: String? = unjudgeable
        if verdictNote == nil && predictedHR == nil { verdictNote = "\(self.reference) gives no verdict" }
        if verdictNote == nil && !verdictJudgeable {
            verdictNote =
                s.sgd == nil
                ? "the simulated verdict flips by chance at this R (null mismatch rate above α/10): not judged; "
                    + (verdictRuns.map { "R ≈ \($0) runs would judge it" } ?? "more runs would judge it")
                : "exact worst ratio within max(5% of ρ*, \(String(format: "%.2f", critical)) SE) of ρ*: not judged"
        }
        rows.append(
            Check(
                .hyperRibbon, tag: against == nil ? .criterion : tag, predicted: predictedHR.map { $0 ? 1 : 0 },
                measured: simulatedVerdict.isHyperRibbon ? 1 : 0, standardError: nil,
                verdict: .init(
                    verdictNote == nil ? simulatedVerdict.isHyperRibbon == predictedHR : nil, reason: verdictNote),
                references: [
                    Field("exact", .number(exactVerdict.isHyperRibbon ? 1 : 0)), Field("asymptotic", .missing),
                    Field("sample_eigenvalue_estimate", .missing),
                ]))
        self.rows = rows
        self.alpha = alpha
        self.criticalValue = critical
    }
}

/// The statistics every verifier row judges, computed the same way for the simulation, its bootstrap and
/// the exact null: the top-k Rayleigh quotients along the exact axes, their ratios, χ₁..χ₃ (top m axes
/// projected, the rest E2's) and the worst tested ratio.
struct Statistic: Sendable {
    let top: Int
    let axes: Int
    let exactVariances: [Double]
    let testedRatios: Int

    /// E2 at the given checkpoints (the exact SGD covariance with `settings.sgd`): its widths, its eigenvectors
    /// in z coordinates, and the statistic judged along them (top k ≤ d rows, min(d, max(2k, 20)) projected axes,
    /// ratios tested below the exact K_ε).
    static func exactReference(
        settings s: SimulationSettings, times: [Int], weights: [Double], top: Int,
        criterion: HyperRibbonCriterion
    ) throws(RibbonError) -> (exact: WidthSpectrum, axes: [[Double]], statistic: Statistic) {
        let d = s.spectrum.dimension
        let matrix: [Double]
        if let noise = s.sgd {
            matrix = try TrajectoryCovariance.sgd(
                spectrum: s.spectrum, knobs: s.knobs, noise: noise, times: times, weights: weights)
        } else {
            matrix = try TrajectoryCovariance.checkpointed(
                spectrum: s.spectrum, knobs: s.knobs, times: times, weights: weights)
        }
        let exact = WidthSpectrum(
            rawEigenvalues: try WidthSpectrum.eigenvalues(
                ofCovariance: matrix, order: d, solver: SymmetricEigenvalueSolver(order: d)))
        let axes: [[Double]]
        do { axes = try SymmetricEigensystem.decompose(matrix, order: d).vectors } catch {
            throw RibbonError(.numerical, "eigenvectors of the exact covariance failed: \(error)")
        }
        let k = min(top, d)
        let statistic = Statistic(
            top: k, axes: min(d, max(2 * k, 20)), exactVariances: exact.variances,
            testedRatios: max(criterion.verdict(for: exact).kEpsilon - 1, 0))
        return (exact, axes, statistic)
    }

    /// The statistic vector from a full variance list.
    func values(_ variances: [Double]) -> [Double] {
        let k = top
        let head = Array(variances.prefix(k))
        let ratios = (0..<(k - 1)).map { head[$0] > 0 ? head[$0 + 1] / head[$0] : 0 }
        let stress = Array(WidthSpectrum(rawEigenvalues: variances).explainedStress.prefix(3))
        var worst = 0.0
        for j in 0..<min(testedRatios, variances.count - 1) where variances[j] > 0 {
            worst = max(worst, variances[j + 1] / variances[j])
        }
        return head + ratios + stress + [worst]
    }

    /// (judged statistics, the same from sample eigenvalues, the projected widths) of a covariance estimate
    /// `c` (d × d) along `axes` (exact eigenvectors in c's coordinates).
    func evaluate(_ c: [Double], axes vectors: [[Double]], dimension d: Int, sampleSolver: SymmetricEigenvalueSolver?)
        throws(RibbonError)
        -> (judged: [Double], sample: [Double], projected: WidthSpectrum)
    {
        var projected = exactVariances
        c.withUnsafeBufferPointer { cp in
            for j in 0..<axes {
                let v = vectors[j]
                var q = 0.0
                for a in 0..<d {
                    var row = 0.0
                    let base = a * d
                    for b in 0..<d { row += cp[base + b] * v[b] }
                    q += v[a] * row
                }
                projected[j] = q
            }
        }
        let widths = WidthSpectrum(rawEigenvalues: projected)
        // Keep the projected order (E2's axes), not re-sorted: the k-th row is the k-th exact axis.
        let judged = values(projected)
        var sample = judged
        if let sampleSolver {
            let w = WidthSpectrum(
                rawEigenvalues: try WidthSpectrum.eigenvalues(ofCovariance: c, order: d, solver: sampleSolver))
            sample = values(w.variances)
        }
        return (judged, sample, widths)
    }
}

extension Verification {
    /// `verify --detect δ`: the number of runs R at which every judged row's detectable deviation is ≤ δ.
    /// The exact null is computed at `settings.runs` (no training needed); a statistic's spread scales as
    /// 1/√R, so R = ⌈R₀ (max_i δ_i(R₀)/δ)²⌉ (at least 10). GD and flow regression only (SGD has no exact null).
    public static func plannedRuns(
        settings s: SimulationSettings, criterion: HyperRibbonCriterion, top: Int, alpha: Double,
        detect: Double, replicates: Int = 1000
    ) throws(RibbonError) -> (runs: Int, pilot: Double) {
        guard detect > 0, detect < 10 else {
            throw .parameter(
                "the detectable deviation must lie in (0, 10) (a relative deviation; got \(detect))", topic: .detect)
        }
        guard s.sgd == nil else {
            throw .parameter(
                "planning runs for a detectable deviation needs GD or flow regression (SGD has no exact null law); give the runs instead",
                topic: .detect)
        }
        guard case .regression = s.likelihood else {
            throw .parameter(
                "planning runs for a detectable deviation needs regression (classification has no closed form)",
                topic: .detect)
        }
        let (times, weights) = s.schedule.checkpoints(steps: Int(s.knobs.steps))
        let d = s.spectrum.dimension
        let reference = try Statistic.exactReference(
            settings: s, times: times, weights: weights, top: top, criterion: criterion)
        let exact = reference.exact, axes = reference.axes, statistic = reference.statistic
        let pilot = max(s.runs, 10)
        let null = try VerificationNull(
            spectrum: s.spectrum, knobs: s.knobs, times: times, weights: weights, runs: pilot,
            replicates: replicates, seed: s.seed &+ 0x5eed,
            statistics: { c throws(RibbonError) in
                let out = try statistic.evaluate(c, axes: axes, dimension: d, sampleSolver: nil)
                return (out.judged, true)
            }, exactHyperRibbon: true)
        let count = statistic.values(exact.variances).count - 1
        let means = (0..<count).map(null.mean), spreads = (0..<count).map(null.standardDeviation)
        let critical = null.criticalValue(alpha: alpha, means: means, deviations: spreads, judgeVerdict: false)
        var worst = 0.0
        for i in 0..<count where abs(means[i]) > 0 {
            worst = max(worst, (critical + powerQuantile) * spreads[i] / abs(means[i]))
        }
        let runs = max(10, Int((Double(pilot) * (worst / detect) * (worst / detect)).rounded(.up)))
        return (runs, worst)
    }
}
