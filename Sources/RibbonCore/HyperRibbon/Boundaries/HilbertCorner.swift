import GSL
import RealModule

/// The converged block of a geometric spectrum as a perturbed Hilbert matrix (BOUNDARIES.md §2.3,
/// tag: asymptotic, derived).
///
/// Why: the nonzero spectrum of the signal part B is that of P K P/(T+1) with the Hankel kernel
/// K_ts = k(t+s), k(n) = Σ_i λ_i q_iⁿ, and Poisson summation over the mode index gives
/// c·η·k(n) = 1/(n+1) + E_n: the Hilbert matrix plus a compact *corner* E at n ≲ 2π/c. The corner
/// scatters the Hilbert matrix's standing waves, and its phase shift δΦ(ω; c) = arg det(I_m + E G(σ(ω) + i0))
/// enters the quantisation of the levels. G is the m × m block of the Hilbert matrix's resolvent in the
/// basis of its orthonormal polynomials S_t (continuous dual Hahn).
///
/// Setting: ηλ₁ = 1 and d → ∞ (E_n is summed over modes until the terms vanish); the caller checks it.
struct HilbertCorner: Sendable {
    /// The slope c of the geometric spectrum.
    let slope: Double
    /// Order m = min(⌈4π/c⌉ + 2, 16) of the corner block.
    let order: Int
    /// E_n, n = 0 … 2m − 2.
    let corner: [Double]
    /// Upper end of the resolvent quadrature in ω′: S_t S_s ρ₀ < 1e-20 beyond it for t, s < 16.
    let cutoff: Double

    /// Gauss–Legendre nodes and weights on [−1, 1], shared by every panel.
    private let rule: (nodes: [Double], weights: [Double])

    /// Panel width of the composite Gauss–Legendre rule, in ω′ (S_t oscillates about twice per unit for t ≤ 15).
    static let panelWidth = 1.0
    /// Nodes per panel: exact for polynomials of degree < 48 in each panel.
    static let panelNodes = 24

    init(slope c: Double) throws(RibbonError) {
        slope = c
        order = min(Int((4 * Double.pi / c).rounded(.up)) + 2, 16)
        corner = Self.cornerTerms(slope: c, count: 2 * order - 1)
        cutoff = 20 + 3.5 * Double(order)
        do { rule = try Quadrature.gaussLegendre(nodes: Self.panelNodes) } catch {
            throw RibbonError(.numerical, "Gauss–Legendre rule: \(error)")
        }
    }

    /// E_n = c Σ_{i≥1} λ_i q_iⁿ − 1/(n+1) with λ_i = e^{−c(i−1)}, q_i = 1 − λ_i (ηλ₁ = 1, d → ∞), summed
    /// until the terms are below 1e-18 of the sum. Equal to the Beta series (c/2)δ_{n0} + 2 Re Σ_m
    /// B(n+1, 1 − 2πim/c) (checked against mpmath in the tests).
    static func cornerTerms(slope c: Double, count: Int) -> [Double] {
        (0..<count).map { n in
            if n == 0 { return c / -Double.expMinusOne(-c) - 1 }  // c Σ e^{−ci} − 1
            var sum = 0.0
            var i = 1
            while true {
                let lambda = Double.exp(-c * Double(i))
                let term = lambda * Double.exp(Double(n) * Double.log(onePlus: -lambda))
                sum += term
                if lambda < 1e-18 * max(sum, 1e-300) || i > 100_000 { break }
                i += 1
            }
            return c * sum - 1 / Double(n + 1)
        }
    }

    /// σ(ω) = π sech(πω): the Hilbert matrix's spectral parameter.
    @inline(__always) static func sigma(_ w: Double) -> Double { Double.pi / Double.cosh(Double.pi * w) }
    /// σ′(ω) = −π² sech(πω) tanh(πω).
    @inline(__always) static func sigmaPrime(_ w: Double) -> Double {
        -Double.pi * Double.pi * Double.tanh(Double.pi * w) / Double.cosh(Double.pi * w)
    }
    /// ρ₀(ω) = 2πω tanh(πω) sech(πω): the spectral density of the S_t.
    @inline(__always) static func density(_ w: Double) -> Double {
        2 * Double.pi * w * Double.tanh(Double.pi * w) / Double.cosh(Double.pi * w)
    }

    /// S_0(ω) … S_{m−1}(ω) by (t+1)²S_{t+1} = ((t+1)² + t² − ¼ − ω²)S_t − t²S_{t−1}.
    @inline(__always) static func polynomials(_ w: Double, into s: UnsafeMutablePointer<Double>, count m: Int) {
        var previous = 0.0, current = 1.0
        s[0] = 1
        let w2 = w * w
        for t in 0..<(m - 1) {
            let a = Double((t + 1) * (t + 1)), b = Double(t * t)
            let next = ((a + b - 0.25 - w2) * current - b * previous) / a
            previous = current
            current = next
            s[t + 1] = next
        }
    }

    /// The resolvent block G(σ(ω) + i0) (m × m, row-major, real and imaginary parts).
    ///
    /// Im G_ts = π S_t S_s ρ₀/|σ′| = 2ω S_t(ω)S_s(ω). Re G is the principal value
    /// PV ∫₀^L h(ω′)/(σ(ω′) − σ(ω)) dω′, h = S_tS_sρ₀, by singularity subtraction: with F = h/σ′ at ω,
    /// ∫₀^L [h(ω′)/(σ(ω′) − σ(ω)) − F/(ω′ − ω)] dω′ + F ln((L − ω)/ω); the bracket is smooth, and the
    /// composite Gauss–Legendre panels end at ω so no node comes closer to it than 0.2% of a panel.
    ///
    /// Why it is written this way: a δΦ table evaluates this at 64–460 values of ω, each over about 1 500 nodes,
    /// and it was 58% of a d = 200 scan's time. Per node it takes one `exp` (σ and ρ₀ from e^{−πω′}); the
    /// recurrence runs on four nodes at once, and the weighted Gram sum Σ f S_t S_s runs as SIMD dot products
    /// over blocks of nodes instead of an m²/2 read–modify–write per node.
    func resolvent(at w: Double) -> (re: [Double], im: [Double]) {
        let m = order
        let sigmaW = Self.sigma(w), slope = Self.sigmaPrime(w), hw = Self.density(w)
        var sw = [Double](repeating: 0, count: m)
        sw.withUnsafeMutableBufferPointer { Self.polynomials(w, into: $0.baseAddress!, count: m) }
        // The nodes of both sides of ω and their weights, padded with weight-0 nodes to whole SIMD lanes.
        var xs: [Double] = [], weights: [Double] = []
        var pole = 0.0  // Σ weight/(ω′ − ω), times F_ts at the end
        for (a, b) in [(0.0, w), (w, cutoff)] {
            let panels = max(1, Int(((b - a) / Self.panelWidth).rounded(.up)))
            let width = (b - a) / Double(panels)
            for p in 0..<panels {
                let left = a + Double(p) * width
                for q in 0..<rule.nodes.count {
                    let x = left + 0.5 * width * (rule.nodes[q] + 1), weight = 0.5 * width * rule.weights[q]
                    xs.append(x)
                    weights.append(weight)
                    pole += weight / (x - w)
                }
            }
        }
        while xs.count % 4 != 0 {
            xs.append(cutoff)
            weights.append(0)
        }
        // The recurrence (t+1)²S_{t+1} = ((t+1)² + t² − ¼ − ω²)S_t − t²S_{t−1} as S_{t+1} = (α_t − β_tω²)S_t − γ_tS_{t−1},
        // run on four nodes at once (it is a serial chain in t). Nodes go through in blocks of `lanes` × 4: S_t and
        // f·S_t stored by t (row t holds the block's nodes), then every Σ f S_t S_s of the block as SIMD dot products.
        let lanes = 64
        let storage = UnsafeMutablePointer<SIMD4<Double>>.allocate(capacity: 2 * m * lanes)
        defer { storage.deallocate() }
        let plain = storage, weighted = storage + m * lanes
        var alpha = [Double](repeating: 0, count: m), beta = alpha, gamma = alpha
        for t in 0..<m {
            let a = Double((t + 1) * (t + 1)), b = Double(t * t)
            alpha[t] = (a + b - 0.25) / a
            beta[t] = 1 / a
            gamma[t] = b / a
        }
        var gram = [Double](repeating: 0, count: m * m)
        // Σ weight·h_ts(ω′)/(σ(ω′) − σ(ω)) over every node; the pole term is subtracted at the end.
        gram.withUnsafeMutableBufferPointer { out in
            for start in stride(from: 0, to: xs.count, by: 4 * lanes) {
                let count = min(lanes, (xs.count - start) / 4)
                for g in 0..<count {
                    let i = start + 4 * g
                    let x = SIMD4(xs[i], xs[i + 1], xs[i + 2], xs[i + 3])
                    let weight = SIMD4(weights[i], weights[i + 1], weights[i + 2], weights[i + 3])
                    // e = e^{−πx}: sech πx = 2e/(1 + e²), tanh πx = (1 − e²)/(1 + e²); 1 − e² by expm1 near 0,
                    // where it cancels.
                    var e = SIMD4<Double>(), oneMinusE2 = SIMD4<Double>()
                    for k in 0..<4 {
                        e[k] = Double.exp(-Double.pi * x[k])
                        oneMinusE2[k] = x[k] < 0.25 ? -Double.expMinusOne(-2 * Double.pi * x[k]) : 1 - e[k] * e[k]
                    }
                    let norm = 1 + e * e
                    let sech = 2 * e / norm, tanh = oneMinusE2 / norm
                    let density = 2 * Double.pi * x * tanh * sech
                    let factor = weight * density / (Double.pi * sech - sigmaW)
                    let x2 = x * x
                    var previous = SIMD4<Double>(), current = SIMD4<Double>(repeating: 1)
                    for t in 0..<m {
                        plain[t * lanes + g] = current
                        weighted[t * lanes + g] = factor * current
                        let next = (alpha[t] - beta[t] * x2) * current - gamma[t] * previous
                        previous = current
                        current = next
                    }
                }
                for t in 0..<m {
                    let ft = weighted + t * lanes
                    var u = t
                    while u + 1 < m {
                        let s0 = plain + u * lanes, s1 = s0 + lanes
                        var a0 = SIMD4<Double>(), a1 = SIMD4<Double>()
                        for j in 0..<count {
                            a0.addProduct(ft[j], s0[j])
                            a1.addProduct(ft[j], s1[j])
                        }
                        out[t * m + u] += a0.sum()
                        out[t * m + u + 1] += a1.sum()
                        u += 2
                    }
                    if u < m {
                        let s0 = plain + u * lanes
                        var a0 = SIMD4<Double>()
                        for j in 0..<count { a0.addProduct(ft[j], s0[j]) }
                        out[t * m + u] += a0.sum()
                    }
                }
            }
        }
        var re = [Double](repeating: 0, count: m * m), im = re
        let logTerm = Double.log((cutoff - w) / w)
        for t in 0..<m {
            for u in t..<m {
                let f = sw[t] * sw[u] * hw / slope
                let value = gram[t * m + u] - f * pole + f * logTerm
                re[t * m + u] = value
                re[u * m + t] = value
                let imaginary = 2 * w * sw[t] * sw[u]
                im[t * m + u] = imaginary
                im[u * m + t] = imaginary
            }
        }
        return (re, im)
    }

    /// det(I_m + E G(σ(ω) + i0)) as a complex number (LU with partial pivoting; m ≤ 16).
    func scatteringDeterminant(at w: Double) -> (re: Double, im: Double) {
        let m = order
        let g = resolvent(at: w)
        // A = I + E G, E_ts = E_{t+s}.
        var ar = [Double](repeating: 0, count: m * m), ai = ar
        for t in 0..<m {
            for u in 0..<m {
                var sr = t == u ? 1.0 : 0.0, si = 0.0
                for k in 0..<m {
                    let e = corner[t + k]
                    sr += e * g.re[k * m + u]
                    si += e * g.im[k * m + u]
                }
                ar[t * m + u] = sr
                ai[t * m + u] = si
            }
        }
        return Self.determinant(re: &ar, im: &ai, order: m)
    }

    /// The complex determinant by Gaussian elimination with partial pivoting (destroys its input).
    static func determinant(re ar: inout [Double], im ai: inout [Double], order m: Int) -> (re: Double, im: Double) {
        var dr = 1.0, di = 0.0
        for col in 0..<m {
            var pivot = col, best = -1.0
            for row in col..<m {
                let size = ar[row * m + col] * ar[row * m + col] + ai[row * m + col] * ai[row * m + col]
                if size > best { best = size; pivot = row }
            }
            if best == 0 { return (0, 0) }
            if pivot != col {
                for k in 0..<m {
                    ar.swapAt(col * m + k, pivot * m + k)
                    ai.swapAt(col * m + k, pivot * m + k)
                }
                dr = -dr; di = -di
            }
            let pr = ar[col * m + col], pi = ai[col * m + col]
            (dr, di) = (dr * pr - di * pi, dr * pi + di * pr)
            let norm = pr * pr + pi * pi
            for row in (col + 1)..<m {
                // factor = A[row][col] / pivot
                let xr = ar[row * m + col], xi = ai[row * m + col]
                let fr = (xr * pr + xi * pi) / norm, fi = (xi * pr - xr * pi) / norm
                for k in col..<m {
                    let yr = ar[col * m + k], yi = ai[col * m + k]
                    ar[row * m + k] -= fr * yr - fi * yi
                    ai[row * m + k] -= fr * yi + fi * yr
                }
            }
        }
        return (dr, di)
    }
}
