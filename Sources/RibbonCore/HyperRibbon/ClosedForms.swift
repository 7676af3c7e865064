import GSL
import RealModule

/// The asymptotic laws A1–A4 of THEORY.md §3 for a geometric spectrum, each beside its exact
/// counterpart from the width spectrum where one exists.
public struct ClosedForms: Sendable {
    /// The input spectrum (the laws need a geometric one).
    public let spectrum: Spectrum
    /// The training knobs.
    public let knobs: Knobs

    /// The laws for `spectrum` under `knobs`.
    public init(spectrum: Spectrum, knobs: Knobs) {
        self.spectrum = spectrum
        self.knobs = knobs
    }

    /// κ = ηλ₁(T+1) (discrete) or λ₁τ (flow): how far the top mode has converged.
    public var kappa: Double {
        knobs.dynamics == .flow ? spectrum.lambda1 * knobs.flowTime : knobs.eta * spectrum.lambda1 * (knobs.steps + 1)
    }

    /// ln κ, replaced by c(d−1) once every mode has converged (the block cannot exceed d modes).
    public var effectiveLogKappa: Double? {
        guard let c = spectrum.slope else { return nil }
        return min(Double.log(kappa), c * Double(spectrum.dimension - 1))
    }

    /// A1: number of converged modes N_f ≈ ⌊ln κ/c⌋ + 1, capped at d (0 when κ < 1).
    public var convergedBlockSize: Int? {
        guard let c = spectrum.slope else { return nil }
        let lk = Double.log(kappa)
        guard lk >= 0 else { return 0 }
        let blocks = (lk / c).rounded(.down) + 1
        return blocks.isFinite && blocks < Double(spectrum.dimension) ? Int(blocks) : spectrum.dimension
    }

    /// A2: the initialisation plateau ν = σ₀²/(2η(T+1)) (small-ηλ form; the mode-dependent factor
    /// 1/(1 − ηλ_i/2) is ≤ 2 and only named in the printed formula).
    public var plateau: Double {
        let s2 = knobs.sigma0 * knobs.sigma0
        return knobs.dynamics == .flow ? s2 / (2 * knobs.flowTime) : s2 / (2 * knobs.eta * (knobs.steps + 1))
    }

    /// A4 (BOUNDARIES.md §2.4, derived, no free prefactor): μ₁ ≈ ā² f(cω₁)/(η(T+1)), with ω₁ the first root of
    /// the standing-wave quantisation. THEORY.md §3's ā²/(2η(T+1))·π/c carried a wrong ½ (it is the Φ ≡ 0
    /// limit f(0) ≈ π/c without it). nil outside the derived setting (weights target, discrete GD, ηλ₁ = 1,
    /// 0.25 ≤ c ≤ 2.5), where `topVarianceA4Note` says why.
    public static func topVarianceA4(spectrum: Spectrum, knobs: Knobs) -> Double? {
        guard topVarianceA4Note(spectrum: spectrum, knobs: knobs) == nil, let c = spectrum.slope,
            let phase = try? StandingWavePhase.shared(slope: c),
            let levels = try? SignalLevels.derived(
                phase: phase, steps: knobs.steps, eta: knobs.eta, sigma0: knobs.sigma0),
            let top = levels.values.first
        else { return nil }
        return knobs.ratio * knobs.ratio * top
    }

    /// Why A4 has no value here (nil when it has one).
    public static func topVarianceA4Note(spectrum: Spectrum, knobs: Knobs) -> String? {
        guard let c = spectrum.slope else { return "A4 needs a geometric spectrum" }
        if knobs.target != .weights { return "A4 assumes equal a_i (weights target)" }
        if knobs.dynamics != .discrete { return "outside measured range: A4 is derived for discrete GD" }
        if abs(knobs.eta * spectrum.lambda1 - 1) > 1e-9 { return "outside measured range: A4 is derived at ηλ₁ = 1" }
        if !StandingWavePhase.isValid(slope: c) {
            return "outside measured range: the derived levels hold for 0.25 ≤ c ≤ 2.5"
        }
        return nil
    }

    /// The sech width law μ_{k+1}/μ₁ ≈ sech(π² k / ln κ) (A1, Szegő).
    public func sechLaw(k: Int) -> Double? {
        guard let lk = effectiveLogKappa, lk > 0 else { return nil }
        return 1 / Double.cosh(Double.pi * Double.pi * Double(k) / lk)
    }

    /// All predictions, with exact counterparts taken from `widths` (the E2 spectrum).
    public func predictions(widths: WidthSpectrum, top: Int) -> [Prediction] {
        let formulaNote = "needs a geometric spectrum (slope c)"
        if case .powerLaw(_, let alpha) = spectrum.source { return powerLawPredictions(alpha: alpha) }
        guard let c = spectrum.slope, let nf = convergedBlockSize, let lk = effectiveLogKappa else {
            return [Prediction(name: "closed_forms", tag: .asymptotic, value: nil, formula: "A1–A4", note: formulaNote)]
        }
        let mu = widths.variances
        var out: [Prediction] = []
        out.append(
            Prediction(
                name: "kappa", tag: .exact, value: kappa,
                formula: knobs.dynamics == .flow ? "κ = λ₁τ, τ = ηT" : "κ = ηλ₁(T+1)"))
        out.append(
            Prediction(
                name: "converged_block_size", tag: .asymptotic, value: Double(nf),
                formula: "N_f = ⌊ln κ/c⌋ + 1, capped at d (A1)"))
        let symbol = ToeplitzSymbol(slope: c)
        let elliptic0 = try? symbol.ellipticValue(at: 0)
        let ellipticPi = try? symbol.ellipticValue(at: .pi)
        let ellipticNote: String? =
            symbol.ellipticRelativeError > 1e-6
            ? "GSL elliptic cross-check ill-conditioned here (k′ = \(symbol.complementaryModulus); expected error ~\(symbol.ellipticRelativeError)); trust the sech sum"
            : nil
        out.append(
            Prediction(
                name: "symbol_f_max", tag: .exact, value: symbol.maximum, exact: elliptic0,
                formula: "f(0) = (π/c) Σ sech(2π²k/c); exact column: (K/π) dn(0|m) via GSL", note: ellipticNote))
        out.append(
            Prediction(
                name: "symbol_f_min", tag: .exact, value: symbol.minimum, exact: ellipticPi,
                formula: "f(π) = (2π/c) Σ_{k≥0} sech((2k+1)π²/c); exact column: (K/π) dn(K|m) via GSL",
                note: ellipticNote))
        out.append(
            Prediction(
                name: "symbol_f_min_asymptote", tag: .asymptotic, value: symbol.minimumAsymptote,
                exact: symbol.minimum, formula: "f_min ≈ (4π/c) e^{−π²/c} (small c)"))
        let ratioCount = min(top, mu.count) - 1
        if ratioCount >= 1 {
            for k in 1...ratioCount {
                out.append(
                    Prediction(
                        name: "sech_law[\(k)]", tag: .asymptotic, value: sechLaw(k: k),
                        exact: mu[0] > 0 ? mu[k] / mu[0] : nil,
                        formula: "μ_{k+1}/μ₁ ≈ sech(π²k/ln κ), k = \(k) (A1)"))
            }
        }
        out.append(
            Prediction(
                name: "block_ratio_limit", tag: .asymptotic,
                value: Double.exp(-Double.pi * Double.pi / lk),
                formula: "successive ratio in the block → e^{−π²/ln κ} (A1)"))
        out.append(
            Prediction(
                name: "plateau_nu", tag: .asymptotic, value: plateau,
                formula: "ν = σ₀²/(2η(T+1)) (A2; ×1/(1−ηλ_i/2) per mode)"))
        out.append(
            Prediction(
                name: "tail_ratio", tag: .asymptotic, value: Double.exp(-c),
                exact: tailRatio(mu, blockSize: nf),
                formula: "μ_{k+1}/μ_k → e^{−c} in the unconverged tail (A3); exact column: deepest resolved ratio"))
        let topNote = Self.topVarianceA4Note(spectrum: spectrum, knobs: knobs)
        let topValue = Self.topVarianceA4(spectrum: spectrum, knobs: knobs)
        out.append(
            Prediction(
                name: "top_variance", tag: .asymptotic, value: topValue, exact: mu.first,
                formula:
                    "μ₁ ≈ ā² f(cω₁)/(η(T+1)), ω₁ ln(T+1) + Φ(ω₁; c) = π (A4 derived, BOUNDARIES.md §2.4; THEORY.md's ½ was wrong)",
                note: topNote))
        return out
    }

    /// Power-law spectra λ_i = λ₁ i^{−α} (THEORY.md §6): N_f ≈ κ^{1/α}, the local slope α ln(1 + 1/i)
    /// there, and the share of Σλ_i beyond N_f as a Hurwitz-zeta difference (GSL), beside the
    /// direct sum.
    func powerLawPredictions(alpha: Double) -> [Prediction] {
        let d = spectrum.dimension
        let nf = min(Double.pow(kappa, 1 / alpha), Double(d))
        let block = max(1, Int(nf.rounded(.down)))
        var out = [
            Prediction(
                name: "kappa", tag: .exact, value: kappa,
                formula: knobs.dynamics == .flow ? "κ = λ₁τ, τ = ηT" : "κ = ηλ₁(T+1)"),
            Prediction(
                name: "converged_block_size", tag: .asymptotic, value: nf,
                formula: "N_f ≈ κ^{1/α}, capped at d (power law)"),
            Prediction(
                name: "local_slope_at_block_edge", tag: .asymptotic, value: alpha * Double.log(onePlus: 1 / nf),
                exact: block < d ? Double.log(spectrum.eigenvalues[block - 1] / spectrum.eigenvalues[block]) : nil,
                formula: "c_i = α ln(1 + 1/i) at i = N_f (→ 0 in the tail)"),
        ]
        // Σ_{i>m} i^{−α} over i ≤ d = ζ(α, m+1) − ζ(α, d+1) (needs α > 1 for GSL's hzeta).
        let direct = spectrum.eigenvalues[block...].reduce(0, +) / spectrum.eigenvalues.reduce(0, +)
        let formula =
            "Σ_{i>N_f} λ_i / Σ λ_i = [ζ(α, N_f+1) − ζ(α, d+1)] / [ζ(α, 1) − ζ(α, d+1)] (Hurwitz ζ, GSL); exact column: direct sum"
        if alpha > 1, let tail = try? SpecialFunctions.hurwitzZeta(alpha, Double(block + 1)).value,
            let all = try? SpecialFunctions.hurwitzZeta(alpha, 1).value,
            let beyond = try? SpecialFunctions.hurwitzZeta(alpha, Double(d + 1)).value
        {
            out.append(
                Prediction(
                    name: "tail_share_beyond_block", tag: .exact, value: (tail - beyond) / (all - beyond),
                    exact: direct, formula: formula))
        } else {
            out.append(
                Prediction(
                    name: "tail_share_beyond_block", tag: .exact, value: nil, exact: direct, formula: formula,
                    note: "GSL's Hurwitz zeta needs α > 1"))
        }
        return out
    }

    /// The exact ratio μ_{k+1}/μ_k at the deepest k beyond the converged block whose μ_{k+1} is
    /// still resolved (≥ 1e-10 μ₁, far above eigensolver noise), or nil if there is none.
    private func tailRatio(_ mu: [Double], blockSize nf: Int) -> Double? {
        guard let top = mu.first, top > 0 else { return nil }
        var k = mu.count - 1
        while k > nf && !(mu[k] >= 1e-10 * top) { k -= 1 }
        guard k > nf, k >= 1 else { return nil }
        return mu[k] / mu[k - 1]
    }
}
