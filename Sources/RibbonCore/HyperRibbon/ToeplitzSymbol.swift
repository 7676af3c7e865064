import GSL
import RealModule

/// The symbol of the Toeplitz matrix H_ij = 1/(2 cosh(c(i−j)/2)) that governs the converged block
/// (THEORY.md §3, A1):  f(θ) = (π/c) Σ_{k∈ℤ} sech(π(θ + 2πk)/c) = (K/π) dn(Kθ/π | m),
/// with nome e^{−c/2}. Its extreme values bound the spectrum of every finite section of H.
public struct ToeplitzSymbol: Sendable {
    /// The slope c of the geometric spectrum.
    public let slope: Double

    /// The symbol for slope c.
    public init(slope: Double) { self.slope = slope }

    /// f(θ) by the sech sum (exact identity; terms fall like e^{−2π²|k|/c}).
    public func value(at theta: Double) -> Double {
        let c = slope
        var sum = sech(Double.pi * theta / c)
        var k = 1
        while true {
            let plus = sech(Double.pi * (theta + 2 * Double.pi * Double(k)) / c)
            let minus = sech(Double.pi * (theta - 2 * Double.pi * Double(k)) / c)
            sum += plus + minus
            if plus + minus <= 1e-18 * sum || k > 10_000 { break }
            k += 1
        }
        return Double.pi / c * sum
    }

    /// f_max = f(0).
    public var maximum: Double { value(at: 0) }
    /// f_min = f(π) = (2π/c) Σ_{k≥0} sech((2k+1)π²/c) ≈ (4π/c) e^{−π²/c} for small c.
    public var minimum: Double { value(at: .pi) }
    /// The small-c asymptote of f_min.
    public var minimumAsymptote: Double { 4 * Double.pi / slope * Double.exp(-Double.pi * Double.pi / slope) }

    /// f(θ) through GSL's complete elliptic integral and Jacobi dn: K from the modulus
    /// k = θ₂²/θ₃² of the nome e^{−c/2}, then (K/π) dn(Kθ/π | k²). A cross-check of the sech sum;
    /// for small c, m = k² rounds to 1 and GSL loses accuracy near θ = π (expected, reported).
    public func ellipticValue(at theta: Double) throws(GSLError) -> Double {
        let q = Double.exp(-slope / 2)
        let t3 = Theta.theta3(nome: q)
        let k = Theta.theta2(nome: q) * Theta.theta2(nome: q) / (t3 * t3)
        let bigK = try SpecialFunctions.ellipticK(modulus: k).value
        let dn = try SpecialFunctions.jacobiElliptic(bigK * theta / .pi, parameter: k * k).dn
        return bigK / .pi * dn
    }

    /// The complementary modulus k′ = θ₄²/θ₃² of the nome e^{−c/2}. GSL receives k and forms
    /// 1 − k² itself, so its elliptic path carries a relative error of order ε/k′²
    /// (≈ 5e-9 at c = 1, order 1 at c = 0.5).
    public var complementaryModulus: Double {
        let q = Double.exp(-slope / 2)
        let t4 = Theta.theta4(nome: q), t3 = Theta.theta3(nome: q)
        return t4 * t4 / (t3 * t3)
    }

    /// Expected relative error of `ellipticValue`: 50 ε/k′² (conditioning of K(k) near k = 1).
    public var ellipticRelativeError: Double {
        50 * Double.ulpOfOne / (complementaryModulus * complementaryModulus) + 1e-14
    }

    private func sech(_ x: Double) -> Double {
        let a = abs(x)
        if a > 700 { return 0 }
        let e = Double.exp(-a)
        return 2 * e / (1 + e * e)
    }
}

/// Jacobi theta functions at z = 0 by their q-series (|q| < 1), summed until terms vanish.
public enum Theta {
    /// θ₂(0, q) = 2 q^{1/4} Σ_{n≥0} q^{n(n+1)}.
    public static func theta2(nome q: Double) -> Double {
        guard q > 0 else { return 0 }  // the nome underflowed: θ₂ → 0 (and pow(0, 0) would be NaN)
        var sum = 0.0
        var n = 0.0
        while n < 10_000 {
            let term = Double.pow(q, n * (n + 1))
            sum += term
            if !(term > 1e-18 * sum) { break }
            n += 1
        }
        return 2 * Double.pow(q, 0.25) * sum
    }

    /// θ₃(0, q) = 1 + 2 Σ_{n≥1} q^{n²}.
    public static func theta3(nome q: Double) -> Double { series(q, alternating: false) }

    /// θ₄(0, q) = 1 + 2 Σ_{n≥1} (−1)ⁿ q^{n²} = (q;q)_∞/(−q;q)_∞.
    ///
    /// For q near 1 the alternating sum cancels; there the product form is used instead.
    public static func theta4(nome q: Double) -> Double {
        if q > 0.5 {
            // Jacobi imaginary transformation: θ₄(q) = √(π/t) θ₂(e^{−π²/t}), q = e^{−t}.
            let t = -Double.log(q)
            return (Double.pi / t).squareRoot() * theta2(nome: Double.exp(-Double.pi * Double.pi / t))
        }
        return series(q, alternating: true)
    }

    private static func series(_ q: Double, alternating: Bool) -> Double {
        var sum = 0.0
        var n = 1.0
        while n < 10_000 {
            let term = Double.pow(q, n * n)
            sum += alternating && Int(n) % 2 == 1 ? -term : term
            if !(term > 1e-18) { break }
            n += 1
        }
        return 1 + 2 * sum
    }
}
