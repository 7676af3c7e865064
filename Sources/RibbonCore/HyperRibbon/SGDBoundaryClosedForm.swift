import GSL
import RealModule

extension TrajectoryCovariance {
    /// tr C of full-batch GD (E2/E3, exact): the total variance Σ_i C_ii, O(d).
    public static func trace(spectrum: Spectrum, knobs: Knobs) -> Double {
        let entries = CovarianceEntries(spectrum: spectrum, knobs: knobs)
        return (0..<spectrum.dimension).reduce(0) { $0 + entries.diagonal($1) }
    }
}

extension SGDNoise {
    /// The first-order SGD noise trace per unit noise scale: N₁ = d tr⟨ΔC⟩/ds at s = 0 (discrete GD,
    /// every step uniformly weighted, Gaussian inputs). To first order the diagonal of ΔV closes on
    /// itself: v_i(t+1) = q_i² v_i(t) + η²[λ_i² p_i q_i^{2t} + λ_i(L(t) + σ_ε²)], p_i = σ₀² + w*_i²,
    /// L(t) = Σ_j λ_j p_j q_j^{2t} (twice the GD loss); N₁ = Σ_i λ_i ⟨v_i⟩_t. O(dT).
    public static func firstOrderNoiseTrace(spectrum: Spectrum, knobs: Knobs, labelNoise: Double) -> Double {
        let lambda = spectrum.eigenvalues, d = lambda.count
        let eta = knobs.eta
        let x = lambda.map { (1 - eta * $0) * (1 - eta * $0) }
        let w = knobs.target.teacher(eigenvalues: lambda, ratio: knobs.ratio, sigma0: knobs.sigma0)
        var decay = (0..<d).map { lambda[$0] * (knobs.sigma0 * knobs.sigma0 + w[$0] * w[$0]) }  // λ_j p_j x_j^t
        var v = [Double](repeating: 0, count: d), average = v
        let steps = Int(knobs.steps), label = labelNoise * labelNoise
        for t in 0...steps {
            for i in 0..<d { average[i] += v[i] }
            if t == steps { break }
            let loss = decay.reduce(0, +)
            for i in 0..<d {
                v[i] = x[i] * v[i] + eta * eta * (lambda[i] * decay[i] + lambda[i] * (loss + label))
                decay[i] *= x[i]
            }
        }
        var trace = 0.0
        for i in 0..<d { trace += lambda[i] * average[i] }
        return trace / Double(steps + 1)
    }

    /// The smallest noise scale s = 1/B (with replacement) at which the mean SGD covariance stops
    /// converging (ρ₂ = 1), exact: s_c = 1/(η²θ), θ the largest root of Σ_i e_i/(θ − e_i) = 1 with
    /// e_i = λ_i/(η(2 − ηλ_i)). Why: ρ₂ = 1 ⇔ sM − G is singular, G = diag(ηλ(2 − ηλ)),
    /// M = η²(Λ² + λλᵀ), and G^{−1/2}MG^{−1/2} = η²(diag e + uuᵀ) with u_i² = e_i (a secular equation).
    /// Batches B ≤ 1/s_c (with replacement) give a heavy-tailed ensemble whose mean covariance diverges.
    public static func heavyTailBatch(spectrum: Spectrum, eta: Double) throws(RibbonError) -> Double {
        let e = spectrum.eigenvalues.map { $0 / (eta * (2 - eta * $0)) }
        guard let top = e.max(), top > 0 else { return 0 }
        // f(θ) = Σ e_i/(θ − e_i) − 1 decreases from +∞ (θ → e_max⁺) to −1; the root lies below e_max + Σe.
        func f(_ theta: Double) throws(RibbonError) -> Double { e.reduce(0) { $0 + $1 / (theta - $1) } - 1 }
        let lo = top * (1 + 1e-12) + Double.leastNormalMagnitude, hi = top + e.reduce(0, +) + 1e-300
        do {
            let theta = try RootFinding.brent(lower: lo, upper: hi, relativeTolerance: 1e-13, f).value
            return eta * eta * theta
        } catch { throw RibbonError(.numerical, "the SGD stability threshold failed: \(error)") }
    }
}

extension BoundaryClosedForms {
    /// S1 (asymptotic): the batch size below which SGD noise breaks HR.
    ///
    /// Why: SGD adds ΔC to the GD covariance, to first order s·ΔC₁ (s = 1/B with replacement), with
    /// the label-noise part D_i = ησ_ε²λ_i(1 − S_T(q_i²))/(2 − ηλ_i) decaying like e^{−c} along
    /// converged modes (THEORY.md §6) and the multiplicative part following the loss. When e^{−c} > ρ*
    /// (c below P1's c*) any width the noise dominates fails the ratio test, so HR survives only while
    /// the noise stays inside the ε tail: s·N₁ ≤ ε (W + s·N₁), W = tr C_GD, N₁ the first-order noise
    /// trace. Hence s* = εW/((1 − ε)N₁), B* = 1/s* (without replacement B* = n/(1 + s*(n − 1))), noise
    /// scale η/B* = η s*. GD's own tail share is ignored, so S1 overestimates B* where GD is itself near
    /// a boundary. For e^{−c} ≤ ρ* noise cannot break HR; a flip there is noise curing a GD failure.
    public static func batch(spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion, noise: SGDNoise?)
        -> [Prediction]
    {
        let formula =
            "s·N₁ = ε(W + s·N₁), N₁ = first-order SGD noise trace (label + multiplicative), W = tr C_GD, B* = 1/s* (S1)"
        var out: [Prediction] = []
        var note: String? = nil
        var value: Double? = nil
        if let c = spectrum.slope, Double.exp(-c) <= criterion.rho {
            note = "e^{−c} ≤ ρ*: SGD noise alone cannot break HR; a flip here is noise curing a GD failure"
        } else if spectrum.slope == nil {
            note = "S1 is derived for a geometric spectrum (noise ratio e^{−c})"
        } else {
            let n1 = SGDNoise.firstOrderNoiseTrace(spectrum: spectrum, knobs: knobs, labelNoise: noise?.labelNoise ?? 0)
            let w = TrajectoryCovariance.trace(spectrum: spectrum, knobs: knobs)
            if n1 > 0, w > 0 {
                let eps = criterion.epsilon
                let s = eps * w / ((1 - eps) * n1)
                var b = 1 / s
                if let noise, noise.sampling == .withoutReplacement, noise.samples != .max {
                    let n = Double(noise.samples)
                    b = n / (1 + s * (n - 1))
                }
                value = b
                note = "critical noise scale η/B* = \(knobs.eta * s)"
            } else {
                note = "zero total variance"
            }
        }
        out.append(Prediction(name: "S1", tag: .asymptotic, value: value, formula: formula, note: note))
        if let heavy = try? SGDNoise.heavyTailBatch(spectrum: spectrum, eta: knobs.eta) {
            out.append(
                Prediction(
                    name: "sgd_heavy_tail_batch", tag: .exact, value: heavy,
                    formula:
                        "B ≤ η²θ, Σ e_i/(θ − e_i) = 1, e_i = λ_i/(η(2 − ηλ_i)): ρ₂ ≥ 1, the mean SGD covariance diverges (flips below it describe a heavy-tailed ensemble)"
                ))
        }
        return out
    }
}
