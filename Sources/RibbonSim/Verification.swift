import GSL
import RealModule
import RibbonCore

/// Simulated regression widths against the exact covariance (E2 with the same checkpoints) and
/// the asymptotic laws, with bootstrap error bars over runs and a pass/fail per row.
///
/// Simulated estimate: eigenvalues of the unbiased ensemble covariance (`EnsembleMoments`);
/// standard error: standard deviation of the same statistic over `bootstrap` resamplings of the
/// runs. A row passes when |simulated − exact| ≤ `sigmas` · SE (+1e-12·|exact| for SE = 0).
public struct Verification: Sendable {
    /// One compared quantity.
    public struct Row: Sendable {
        /// `variance`, `ratio`, `explained_stress` or `hyper_ribbon`.
        public let quantity: String
        /// The index k of μ_k, μ_{k+1}/μ_k or χ_k; nil for the verdict.
        public let k: Int?
        /// The estimate from the simulated runs (1 or 0 for the verdict).
        public let simulated: Double
        /// Bootstrap standard error over runs (0 for the verdict).
        public let standardError: Double
        /// The exact value from E2 at the same checkpoints (1 or 0 for the verdict).
        public let exact: Double
        /// The asymptotic law's value where one applies (A4 and the sech law), else nil.
        public let asymptotic: Double?
        /// nil when the row is not judged (e.g. the exact criterion sits within 5% of its threshold).
        public let pass: Bool?
        /// Why the row is not judged, when it is not.
        public let note: String?

        /// (simulated − exact)/SE.
        public var deviation: Double { standardError > 0 ? (simulated - exact) / standardError : 0 }
    }

    /// Every compared quantity, the verdict last.
    public let rows: [Row]
    /// HR on the exact widths.
    public let exactVerdict: HyperRibbonCriterion.Verdict
    /// HR on the simulated widths.
    public let simulatedVerdict: HyperRibbonCriterion.Verdict
    /// Pass threshold, in standard errors.
    public let sigmas: Double
    /// Number of bootstrap replicates.
    public let bootstrap: Int

    /// Number of rows that fail (rows not judged do not count).
    public var failed: Int { rows.filter { $0.pass == false }.count }
    /// Whether no row fails.
    public var allPass: Bool { failed == 0 }

    /// Compares the leading `top` variances and ratios and χ₁…χ₃ of a regression simulation with E2; throws
    /// for classification.
    public init(simulation: Simulation, criterion: HyperRibbonCriterion, top: Int = 5, sigmas: Double = 3,
                bootstrap: Int = 200) throws(RibbonError) {
        guard let moments = simulation.moments else {
            throw .parameter("verify compares regression simulations with E2; classification has no closed form (use simulate)")
        }
        let s = simulation.settings
        let d = moments.dimension
        let exactMatrix = try TrajectoryCovariance.checkpointed(spectrum: s.spectrum, knobs: s.knobs,
                                                                 times: simulation.times, weights: simulation.weights)
        let solver: SymmetricEigensolver
        do { solver = try SymmetricEigensolver(order: d) } catch { throw RibbonError(.numerical, "\(error)") }
        func spectrum(_ c: [Double]) throws(RibbonError) -> WidthSpectrum {
            do { return WidthSpectrum(rawEigenvalues: try solver.eigenvalues(of: c)) } catch {
                throw RibbonError(.numerical, "eigenvalues failed: \(error)")
            }
        }
        let exact = try spectrum(exactMatrix)
        let simulated = try spectrum(moments.unbiasedCovariance())
        let k = min(top, d)
        func statistics(_ w: WidthSpectrum) -> [Double] {
            Array(w.variances.prefix(k)) + (0..<(k - 1)).map { w.variances[$0] > 0 ? w.variances[$0 + 1] / w.variances[$0] : 0 }
                + Array(w.explainedStress.prefix(3))
        }
        let rng = RandomGenerator(seed: s.seed).child(7)  // the bootstrap stream
        var replicates: [[Double]] = []
        for _ in 0..<bootstrap {
            let pick = (0..<moments.runs).map { _ in rng.integer(below: moments.runs) }
            replicates.append(statistics(try spectrum(moments.unbiasedCovariance(runs: pick))))
        }
        let sim = statistics(simulated), ex = statistics(exact)
        let se = sim.indices.map { i -> Double in
            let values = replicates.map { $0[i] }
            let mean = values.reduce(0, +) / Double(values.count)
            return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(values.count - 1, 1))).squareRoot()
        }
        // Asymptotic column: A4 top variance and the sech law (geometric spectra, weights target).
        let forms = ClosedForms(spectrum: s.spectrum, knobs: s.knobs)
        let top4 = ClosedForms.topVarianceA4(spectrum: s.spectrum, knobs: s.knobs)
        var rows: [Row] = []
        for i in sim.indices {
            let quantity: String, index: Int, asymptotic: Double?
            if i < k {
                quantity = "variance"; index = i + 1
                asymptotic = i == 0 ? top4 : top4.flatMap { t in forms.sechLaw(k: i).map { t * $0 } }
            } else if i < 2 * k - 1 {
                quantity = "ratio"; index = i - k + 1
                asymptotic = index == 1 ? forms.sechLaw(k: 1) : nil
            } else {
                quantity = "explained_stress"; index = i - (2 * k - 1) + 1; asymptotic = nil
            }
            let tolerance = sigmas * se[i] + 1e-12 * abs(ex[i])
            rows.append(Row(quantity: quantity, k: index, simulated: sim[i], standardError: se[i], exact: ex[i],
                            asymptotic: asymptotic, pass: abs(sim[i] - ex[i]) <= tolerance, note: nil))
        }
        exactVerdict = criterion.verdict(for: exact)
        simulatedVerdict = criterion.verdict(for: simulated)
        let nearThreshold = exactVerdict.worstRatio.map { abs($0 - criterion.rho) <= 0.05 * criterion.rho } ?? false
        rows.append(Row(quantity: "hyper_ribbon", k: nil, simulated: simulatedVerdict.isHyperRibbon ? 1 : 0, standardError: 0,
                        exact: exactVerdict.isHyperRibbon ? 1 : 0, asymptotic: nil,
                        pass: nearThreshold ? nil : simulatedVerdict.isHyperRibbon == exactVerdict.isHyperRibbon,
                        note: nearThreshold ? "exact worst ratio within 5% of ρ*: not judged" : nil))
        self.rows = rows
        self.sigmas = sigmas
        self.bootstrap = bootstrap
    }
}
