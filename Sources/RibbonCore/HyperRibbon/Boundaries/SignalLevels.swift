import GSL
import RealModule

/// The levels s₁ ≥ s₂ ≥ … of B, the signal part of the covariance at r = 1 (C = r²B + D, BOUNDARIES.md §1).
/// They do not depend on r, ρ* or ε, so one set serves a whole ratio axis.
public struct SignalLevels: Sendable, Equatable {
    /// Where the levels come from.
    public enum Source: String, Sendable, Codable {
        /// The standing-wave quantisation with the derived phase Φ = Φ₀ + δΦ (§2.3, asymptotic).
        case derived
        /// Eigenvalues of the leading N_f × N_f block of B (§2.5, R1, reduced).
        case reduced
    }

    /// Where the levels come from.
    public let source: Source
    /// s_k, descending, in the units of the covariance (σ₀² included, r = 1).
    public let values: [Double]
    /// ω_k of the quantisation (derived levels only).
    public let frequencies: [Double]

    /// Σ_k s_k.
    public var total: Double { values.reduce(0, +) }

    /// s_k for k = 1, 2, … (0-based index), and 0 past the last level (below the band).
    @inline(__always) public func level(_ index: Int) -> Double { index < values.count ? values[index] : 0 }
}

extension SignalLevels {
    /// Derived levels (tag: asymptotic): the roots of ω_k ln(T+1) + Φ(ω_k; c) = πk with ω_k ≤ 0.99π/c, and
    /// s_k = σ₀² f(cω_k)/(η(T+1)) with the lattice symbol f of THEORY.md §3. Measured setting only:
    /// ηλ₁ = 1, discrete GD, weights target, uniform time weights (the caller checks it).
    public static func derived(phase: StandingWavePhase, steps: Double, eta: Double, sigma0: Double) throws(RibbonError)
        -> SignalLevels
    {
        let logLength = Double.log(steps + 1)
        let symbol = ToeplitzSymbol(slope: phase.slope)
        // g(ω) = ω ln(T+1) + Φ(ω) at the table nodes (Φ exact there), ω = 0 first.
        var ws = [0.0], gs = [try phase.cornerPhase(at: 0)]
        for i in phase.nodes.indices {
            ws.append(phase.nodes[i])
            gs.append(phase.nodes[i] * logLength + phase.endPhase[i] + phase.cornerPhase[i])
        }
        func g(_ w: Double) throws(RibbonError) -> Double { w * logLength + (try phase.phase(at: w)) }
        var frequencies: [Double] = []
        var j = 1  // the first upward crossing of πk is searched from the interval of the previous root on
        var k = 1
        while true {
            let target = Double.pi * Double(k)
            // An upward crossing g(ω_{j−1}) < πk ≤ g(ω_j). When the corner binds a level (δΦ(0) = π), g starts at
            // π, dips below it and crosses again: that crossing is the top level, at finite T still inside the band.
            while j < ws.count && !(gs[j - 1] < target && gs[j] >= target) { j += 1 }
            guard j < ws.count else {
                if k == 1 && gs[0] >= target - 1e-12 {
                    // No dip: the level is bound above the band; the band top f(0) stands in for it (a lower bound).
                    frequencies.append(0); k += 1; j = 1; continue
                }
                break
            }
            let (lo, hi) = (ws[j - 1], ws[j])
            do {
                let root = try RootFinding.brent(
                    lower: lo, upper: hi, absoluteTolerance: 1e-14, relativeTolerance: 1e-13
                ) { (w) throws(RibbonError) in
                    try g(w) - target
                }
                frequencies.append(root.value)
            } catch {
                throw RibbonError(
                    .numerical, "signal level \(k): root of ω ln(T+1) + Φ(ω) = πk failed in [\(lo), \(hi)]: \(error)")
            }
            k += 1
        }
        let scale = sigma0 * sigma0 / (eta * (steps + 1))
        let values = frequencies.map { scale * symbol.value(at: phase.slope * $0) }
        return SignalLevels(source: .derived, values: values, frequencies: frequencies)
    }

    /// R1 (tag: reduced): the eigenvalues of the leading m × m block of B, m = N_f = ⌊ln κ/c⌋ + 1 for a
    /// geometric spectrum (the number of modes with ηλ_i(T+1) ≥ 1 otherwise), at least 2 and at most d.
    /// The entries are the exact E2 expressions b_ib_j Cov_t(q_iᵗ, q_jᵗ) at r = 1.
    public static func reduced(spectrum: Spectrum, knobs: Knobs) throws(RibbonError) -> SignalLevels {
        let unit = try knobs.with(ratio: 1)
        let m = min(max(reducedOrder(spectrum: spectrum, knobs: knobs), 2), spectrum.dimension)
        // Only the leading m modes are evaluated: the cost does not grow with d.
        let entries = CovarianceEntries(
            spectrum: Spectrum(source: spectrum.source, eigenvalues: Array(spectrum.eigenvalues.prefix(m))), knobs: unit
        )
        let block = entries.signalBlock(order: m)
        let raw = try SymmetricEigenvalueSolver(order: m).eigenvalues(of: block)
        let top = raw.max() ?? 0
        // Rounding noise below 1e-15 of the top level is not a level.
        let values = raw.filter { $0 > 1e-15 * top }.sorted(by: >)
        return SignalLevels(source: .reduced, values: values, frequencies: [])
    }

    /// The order m of R1's block: N_f converged modes.
    static func reducedOrder(spectrum: Spectrum, knobs: Knobs) -> Int {
        if let n = ClosedForms(spectrum: spectrum, knobs: knobs).convergedBlockSize, spectrum.slope != nil { return n }
        let time = knobs.dynamics == .flow ? knobs.flowTime : knobs.eta * (knobs.steps + 1)
        return spectrum.eigenvalues.filter { $0 * time >= 1 }.count
    }
}
