import GSL
import RealModule

/// Closed-form phase boundaries of THEORY.md §5 (P1–P3, P3′), printed beside the exact boundary.
public enum BoundaryClosedForms {
    /// arcsech ρ = ln((1 + √(1−ρ²))/ρ).
    static func arcsech(_ rho: Double) -> Double { Double.log((1 + (1 - rho * rho).squareRoot()) / rho) }

    /// P1 (asymptotic): HR ⇔ c ≥ c* = ln(1/ρ*) in early training or the tail.
    public static func slope(criterion: HyperRibbonCriterion) -> Prediction {
        Prediction(
            name: "P1", tag: .asymptotic, value: Double.log(1 / criterion.rho),
            formula: "c* = ln(1/ρ*) (P1: early training / unconverged tail)")
    }

    /// κ* = exp(π²/arcsech ρ*): the top ratio sech(π²/ln κ) reaches ρ* at κ = κ*.
    public static func criticalKappa(rho: Double) -> Double { Double.exp(Double.pi * Double.pi / arcsech(rho)) }

    /// P2 (asymptotic): ηλ₁(T+1) = κ* (flow: λ₁τ = κ*), so T* = κ*/(ηλ₁) − 1; nil when
    /// c(d−1) < ln κ* (every mode converges before the boundary: T never breaks HR).
    public static func steps(spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion) -> [Prediction] {
        let kappaStar = criticalKappa(rho: criterion.rho)
        // B1's rigorous sufficient condition: ln(4κ) ≤ π²/ln(4/ρ*).
        let kappaB1 = Double.exp(Double.pi * Double.pi / Double.log(4 / criterion.rho)) / 4
        let etaLambda = knobs.eta * spectrum.lambda1
        func steps(_ kappa: Double) -> Double { knobs.dynamics == .flow ? kappa / etaLambda : kappa / etaLambda - 1 }
        var note: String? = nil
        var value: Double? = steps(kappaStar)
        if let c = spectrum.slope, c * Double(spectrum.dimension - 1) < Double.log(kappaStar) {
            note = "c(d−1) < ln κ*: every mode converges before the boundary, so T never breaks HR"
            value = nil
        }
        if spectrum.slope == nil { note = "P2 is derived for a geometric spectrum"; value = nil }
        return [
            Prediction(
                name: "P2", tag: .asymptotic, value: value,
                formula: "ηλ₁(T+1) = κ* = exp(π²/arcsech ρ*) = \(kappaStar) (P2, sech law)", note: note),
            Prediction(
                name: "P2_B1", tag: .bound, value: spectrum.slope == nil ? nil : steps(kappaB1),
                formula: "HR guaranteed while ln(4κ) ≤ π²/ln(4/ρ*) (P2 from B1, sufficient): a lower bound on T*",
                isLowerBound: true),
        ]
    }

    /// P3 (asymptotic, whole block plateau-free): r* ≈ √(c/8π) e^{π²/2c} √((1−ρ*)/(ρ*−ρ_s)),
    /// ρ_s = e^{−π²/ln κ}; and P3′: the r where the plateau's share (N_f − k*(r))/(N_f(r²+1))
    /// equals ε, k*(r) = 1 + (ln κ/π²) arccosh(π r²/c).
    public static func ratio(spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion) -> [Prediction] {
        guard let c = spectrum.slope else {
            return [
                Prediction(
                    name: "P3", tag: .asymptotic, value: nil, formula: "P3",
                    note: "P3 is derived for a geometric spectrum")
            ]
        }
        let forms = ClosedForms(spectrum: spectrum, knobs: knobs)
        let logKappa = forms.effectiveLogKappa ?? 0
        let rho = criterion.rho
        var p3: Double? = nil
        var note: String? = nil
        if logKappa > 0 {
            let rhoS = Double.exp(-Double.pi * Double.pi / logKappa)
            if rhoS < rho {
                p3 =
                    (c / (8 * Double.pi)).squareRoot() * Double.exp(Double.pi * Double.pi / (2 * c))
                    * ((1 - rho) / (rho - rhoS)).squareRoot()
            } else {
                note = "block ratio ρ_s = e^{−π²/ln κ} ≥ ρ*: no r makes the block a ribbon (P2 violated)"
            }
        } else {
            note = "κ < 1: no converged block"
        }
        return [
            Prediction(
                name: "P3", tag: .asymptotic, value: p3,
                formula: "r* ≈ √(c/8π) e^{π²/2c} √((1−ρ*)/(ρ*−ρ_s)) (P3, whole block plateau-free; prefactor ±√2)",
                note: note),
            plateauShare(c: c, logKappa: logKappa, epsilon: criterion.epsilon),
        ]
    }

    /// P3′ (asymptotic): solve (N_f − k*(r)) / (N_f (r² + 1)) = ε for r with GSL's Brent solver.
    /// N_f is taken continuous, ln κ/c + 1 (not floored): that is the form whose values THEORY.md
    /// §5 quotes (e.g. 15.1 at c = 1, T = 1e3; the floored N_f = 7 would give 12.8).
    static func plateauShare(c: Double, logKappa: Double, epsilon: Double) -> Prediction {
        let formula = "(N_f − k*(r))/(N_f(r²+1)) = ε, N_f = ln κ/c + 1, k* = 1 + (ln κ/π²) arccosh(πr²/c) (P3′)"
        let n = logKappa / c + 1
        guard n >= 2, logKappa > 0 else {
            return Prediction(name: "P3_prime", tag: .asymptotic, value: nil, formula: formula, note: "needs N_f ≥ 2")
        }
        func share(_ r: Double) -> Double {
            let x = Double.pi * r * r / c
            let kStar = x >= 1 ? 1 + logKappa / (Double.pi * Double.pi) * Double.acosh(x) : 1
            return max(n - kStar, 0) / (n * (r * r + 1)) - epsilon
        }
        do {
            let lo = -10.0, hi = 15.0
            guard share(Double.exp(lo)) > 0, share(Double.exp(hi)) < 0 else {
                return Prediction(
                    name: "P3_prime", tag: .asymptotic, value: nil, formula: formula,
                    note: "the plateau share never crosses ε for r in [e^-10, e^15]")
            }
            let root = try RootFinding.brent(lower: lo, upper: hi, relativeTolerance: 1e-12) {
                (u) throws(RibbonError) in share(Double.exp(u))
            }
            return Prediction(name: "P3_prime", tag: .asymptotic, value: Double.exp(root.value), formula: formula)
        } catch {
            return Prediction(
                name: "P3_prime", tag: .asymptotic, value: nil, formula: formula, note: "root finding failed: \(error)")
        }
    }
}
