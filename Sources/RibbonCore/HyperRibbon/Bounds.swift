import GSL
import RealModule

/// The bounds of THEORY.md §4 for a geometric spectrum.
public struct Bounds: Sendable {
    /// The input spectrum (B1 and B2 need a geometric one).
    public let spectrum: Spectrum
    /// The training knobs.
    public let knobs: Knobs

    /// The bounds for `spectrum` under `knobs`.
    public init(spectrum: Spectrum, knobs: Knobs) {
        self.spectrum = spectrum
        self.knobs = knobs
    }

    /// B1 (Beckermann–Townsend, displacement rank 2 plus rank-1 centring at finite T):
    /// μ_{k+1}/μ₁ ≤ 4 exp(−π² k′/ln(4κ_B)), k′ = ⌊(k−2)/2⌋, κ_B = λ₁/λ_{N_f} = e^{c(N_f−1)}.
    /// Trivial (≥ 1) for k′ ≤ 0; applies to the signal Gramian of the converged block.
    public func zolotarevRatioBound(k: Int, blockSize nf: Int) -> Double? {
        guard let c = spectrum.slope else { return nil }
        let shifted = (Double(k - 2) / 2).rounded(.down)
        let logCondition = Double.log(4) + c * Double(max(nf, 1) - 1)
        return 4 * Double.exp(-Double.pi * Double.pi * shifted / logCondition)
    }

    /// B2: Cholesky pivots of the Cauchy Gramian b_i b_j/(λ_i + λ_j) with q = e^{−c}:
    /// d_k = (b_k²/(2λ_k)) Π_{m=1}^{k−1} tanh²(cm/2) = (b_k²/(2λ_k)) [(q;q)_{k−1}/(−q;q)_{k−1}]².
    public func choleskyPivot(k: Int, amplitudes b: [Double]) -> Double? {
        guard let c = spectrum.slope, k >= 1, k <= b.count else { return nil }
        let lambda = spectrum.eigenvalues[k - 1]
        guard lambda > 0 else { return nil }
        let q = Double.exp(-c)
        var minus = 1.0, plus = 1.0
        if k >= 2 { for m in 1...(k - 1) { let qm = Double.pow(q, Double(m)); minus *= 1 - qm; plus *= 1 + qm } }
        let ratio = minus / plus
        return b[k - 1] * b[k - 1] / (2 * lambda) * ratio * ratio
    }

    /// The k → ∞ limit of the pivot product: θ₄(0, e^{−c})².
    public var pivotProductLimit: Double? {
        guard let c = spectrum.slope else { return nil }
        let t4 = Theta.theta4(nome: Double.exp(-c))
        return t4 * t4
    }

    /// Cholesky pivots of the leading n×n block of the Cauchy Gramian, computed numerically
    /// (GSL): the exact counterpart of `choleskyPivot`.
    public func numericalPivots(count n: Int, amplitudes b: [Double]) -> [Double]? {
        let lambda = spectrum.eigenvalues
        guard n >= 1, n <= lambda.count, lambda[n - 1] > 0 else { return nil }
        var g = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { g[i * n + j] = b[i] * b[j] / (lambda[i] + lambda[j]) } }
        return try? Cholesky.pivots(of: g, order: n)
    }

    /// B1 for the ratios k = 1…top−1 and B2 pivots for k = 1…min(top, d), each beside its exact counterpart;
    /// `nf` is the converged block size N_f, `b` the amplitudes b_i.
    public func predictions(widths: WidthSpectrum, blockSize nf: Int, amplitudes b: [Double], top: Int) -> [Prediction]
    {
        guard spectrum.slope != nil else {
            return [
                Prediction(
                    name: "bounds", tag: .bound, value: nil, formula: "B1–B2",
                    note: "needs a geometric spectrum (slope c)")
            ]
        }
        let mu = widths.variances
        var out: [Prediction] = []
        let count = min(top, mu.count) - 1
        if count >= 1 {
            for k in 1...count {
                out.append(
                    Prediction(
                        name: "zolotarev_ratio_bound[\(k)]", tag: .bound,
                        value: zolotarevRatioBound(k: k, blockSize: nf),
                        exact: mu[0] > 0 ? mu[k] / mu[0] : nil,
                        formula: "μ_{k+1}/μ₁ ≤ 4 exp(−π²⌊(k−2)/2⌋/ln(4κ_B)), k = \(k) (B1; signal block)"))
            }
        }
        let pivotCount = min(top, b.count)
        let numeric = b.allSatisfy({ $0 == 0 }) ? nil : numericalPivots(count: pivotCount, amplitudes: b)
        for k in 1...max(pivotCount, 1) where pivotCount >= 1 {
            out.append(
                Prediction(
                    name: "cholesky_pivot[\(k)]", tag: .exact,
                    value: choleskyPivot(k: k, amplitudes: b), exact: numeric?[k - 1],
                    formula: "d_k = (b_k²/2λ_k) Π_{m<k} tanh²(cm/2) (B2); exact column: GSL Cholesky",
                    note: numeric == nil ? "no numerical pivots (zero amplitudes or not positive definite)" : nil))
        }
        if let c = spectrum.slope, let limit = pivotProductLimit {
            out.append(
                Prediction(
                    name: "pivot_product_limit", tag: .exact, value: limit,
                    formula: "Π_{m≥1} tanh²(cm/2) = θ₄(0, e^{−c})² (B2)"))
            out.append(
                Prediction(
                    name: "pivot_product_asymptote", tag: .asymptotic,
                    value: 4 * Double.pi / c * Double.exp(-Double.pi * Double.pi / (2 * c)), exact: limit,
                    formula: "θ₄² ≈ (4π/c) e^{−π²/(2c)} (small c)"))
        }
        return out
    }
}
