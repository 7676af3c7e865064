import GSL
import RealModule

/// The derived P2 of BOUNDARIES.md §2.4 (tag: asymptotic): the steps boundary at r → ∞ is where the signal's
/// own top ratio s₂/s₁ = f(cω₂)/f(cω₁) reaches ρ*, with ω₁, ω₂ from the quantisation. Past it no r makes a
/// hyper-ribbon (the "never" region). The classic P2 is its limit Φ ≡ 0, k → k − 1.
public enum DerivedSignalRatio {
    /// s₂/s₁ of the derived levels at T (0 when fewer than two levels fit in the band).
    public static func topRatio(phase: StandingWavePhase, steps: Double) throws(RibbonError) -> Double {
        let levels = try SignalLevels.derived(phase: phase, steps: steps, eta: 1, sigma0: 1)
        guard levels.values.count >= 2, levels.values[0] > 0 else { return 0 }
        return levels.values[1] / levels.values[0]
    }

    /// T*_∞(c) (ηλ₁ = 1, so κ = T + 1): the smallest T ≥ 1 with s₂/s₁ ≥ ρ*, by a log-spaced scan of ln(T+1)
    /// and GSL's Brent solver; nil if the ratio stays below ρ* up to T = 1e15.
    public static func steps(slope c: Double, rho: Double) throws(RibbonError) -> Double? {
        let phase = try StandingWavePhase.shared(slope: c)
        func g(_ logLength: Double) throws(RibbonError) -> Double {
            try topRatio(phase: phase, steps: Double.expMinusOne(logLength)) - rho
        }
        let lo = Double.log(2.0), hi = Double.log(1e15 + 1)
        let n = 64
        var previous = (x: lo, y: try g(lo))
        if previous.y >= 0 { return 1 }
        for i in 1...n {
            let x = lo + (hi - lo) * Double(i) / Double(n)
            let y = try g(x)
            if y >= 0 {
                do {
                    let root = try RootFinding.brent(lower: previous.x, upper: x, relativeTolerance: 1e-12, g)
                    return Double.expMinusOne(root.value)
                } catch {
                    throw RibbonError(
                        .numerical, "derived P2: Brent on ln(T+1) failed in [\(previous.x), \(x)]: \(error)")
                }
            }
            previous = (x, y)
        }
        return nil
    }
}
