import Foundation
import GSL
import Testing
@testable import RibbonCore

@Suite("Against mpmath golden values (scripts/golden.py)")
struct GoldenValueTests {
    nonisolated(unsafe) static let e2Cases = (try! Fixtures.load("e2_golden.json"))["cases"] as! [[String: Any]]
    nonisolated(unsafe) static let special = try! Fixtures.load("special_golden.json")

    /// Issue #2 asks for 1e-9 relative for every μ_k ≥ 1e-8 μ₁. The covariance entries are accurate to
    /// ~1e-14 (pair covariances below), so what limits the variances is the eigensolver: a
    /// backward-stable solver errs by ~ε‖C‖ absolutely, i.e. up to 2e-8 relative at μ = 1e-8 μ₁.
    /// Measured over the 30 fixtures: ≤ 2e-10 for μ_k ≥ 1e-7 μ₁, ≤ 2.6e-9 in [1e-8, 1e-7) μ₁
    /// (signal-dominated cases), and |δμ| ≤ 2.4e-15 μ₁ everywhere. The tolerances below are
    /// those measurements with a 2× margin; the shortfall against 1e-9 in the last decade is
    /// reported in the issue note.
    @Test("E2/E3 variances match mpmath: 1e-9 relative for μ_k ≥ 1e-7 μ₁, 5e-9 down to 1e-8 μ₁")
    func variances() throws {
        var worst = (upper: 0.0, lower: 0.0, absolute: 0.0)
        for c in Self.e2Cases {
            let spec = c["spectrum"] as! [String: Any]
            let d = spec["dim"] as! Int
            let lambda1 = Fixtures.double(spec["lambda1"])
            let spectrum =
                spec["kind"] as! String == "geometric"
                ? try Spectrum.geometric(lambda1: lambda1, slope: Fixtures.double(spec["slope"]), dimension: d)
                : try Spectrum.powerLaw(lambda1: lambda1, alpha: Fixtures.double(spec["alpha"]), dimension: d)
            let knobs = try Knobs(
                eta: Fixtures.double(c["eta"]), steps: Fixtures.double(c["steps"]),
                ratio: Fixtures.double(c["ratio"]), sigma0: Fixtures.double(c["sigma0"]),
                target: TargetProfile(rawValue: c["target"] as! String)!,
                dynamics: (c["flow"] as! Bool) ? .flow : .discrete)
            let mu = try WidthSpectrum(covariance: TrajectoryCovariance(spectrum: spectrum, knobs: knobs)).variances
            let golden = (c["variances"] as! [Any]).map(Fixtures.double)
            for k in 0..<d {
                let error = abs(mu[k] - golden[k])
                if golden[k] >= WidthSpectrum.defaultRelativeFloor * golden[0] {
                    worst.absolute = max(worst.absolute, error / golden[0])
                }
                if golden[k] >= 1e-7 * golden[0] {
                    worst.upper = max(worst.upper, error / golden[k])
                    #expect(error / golden[k] < 1e-9, "\(c["name"]!) k=\(k + 1)")
                } else if golden[k] >= 1e-8 * golden[0] {
                    worst.lower = max(worst.lower, error / golden[k])
                    #expect(error / golden[k] < 5e-9, "\(c["name"]!) k=\(k + 1)")
                }
            }
        }
        print(
            "E2 vs mpmath over \(Self.e2Cases.count) cases: worst relative \(worst.upper) (μ ≥ 1e-7 μ₁), \(worst.lower) (1e-8..1e-7), absolute \(worst.absolute) μ₁"
        )
        #expect(worst.absolute < 5e-15)
    }

    /// S_T(1 − h): one expm1 and one log1p, each ≤ 1 ulp, plus a division: 8 ulp allowed.
    @Test("Time averages S_T(1 − h) to 8 ulp")
    func timeAverages() throws {
        for e in Self.special["time_average"] as! [[String: Any]] {
            let h = Fixtures.double(e["h"]), steps = Fixtures.double(e["steps"]), value = Fixtures.double(e["value"])
            let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: steps, ratio: 0))
            let mean = averager.mode(lambda: h).mean
            #expect(abs(mean - value) <= 8 * value.ulp, "h=\(h) T=\(steps): \(mean) vs \(value)")
        }
    }

    /// The cancelling covariance S(q_iq_j) − S(q_i)S(q_j), down to 1e-161: the stable evaluation
    /// must keep ~13 digits everywhere (measured worst case is printed).
    @Test("Pair covariances Cov_t(q_i^t, q_j^t) to 1e-12 relative, including ηλT ≪ 1")
    func pairCovariances() throws {
        var worst = 0.0
        for e in Self.special["pair_covariance"] as! [[String: Any]] {
            let value = Fixtures.double(e["value"])
            let got: Double
            if e["flow"] as! Bool {
                let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: 1, ratio: 0, dynamics: .flow))
                got = averager.pairCovariance(
                    averager.mode(lambda: Fixtures.double(e["x_i"])),
                    averager.mode(lambda: Fixtures.double(e["x_j"])))
            } else {
                let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: Fixtures.double(e["steps"]), ratio: 0))
                got = averager.pairCovariance(
                    averager.mode(lambda: Fixtures.double(e["h_i"])),
                    averager.mode(lambda: Fixtures.double(e["h_j"])))
            }
            let error = abs(got - value) / abs(value)
            worst = max(worst, error)
            #expect(error < 1e-12, "\(e): got \(got)")
        }
        print("pair covariance vs mpmath: worst relative error \(worst)")
    }

    @Test("Toeplitz symbol f(θ) by the sech sum to 1e-14 relative")
    func toeplitzSymbol() {
        for e in Self.special["toeplitz_symbol"] as! [[String: Any]] {
            let symbol = ToeplitzSymbol(slope: Fixtures.double(e["c"]))
            let fMax = Fixtures.double(e["f_max"]), fMin = Fixtures.double(e["f_min"])
            #expect(abs(symbol.maximum - fMax) / fMax < 1e-14)
            #expect(abs(symbol.minimum - fMin) / fMin < 1e-13)
            for pair in e["f"] as! [[Any]] {
                let theta = Fixtures.double(pair[0]), f = Fixtures.double(pair[1])
                #expect(abs(symbol.value(at: theta) - f) / f < 1e-13)
            }
        }
    }

    @Test("Theta functions θ₂, θ₃, θ₄ at z = 0 to 1e-13 relative (θ₄ near q = 1 via the imaginary transform)")
    func theta() {
        for e in Self.special["theta"] as! [[String: Any]] {
            let q = Fixtures.double(e["q"])
            for (got, key) in [
                (Theta.theta2(nome: q), "theta2"), (Theta.theta3(nome: q), "theta3"), (Theta.theta4(nome: q), "theta4"),
            ] {
                let exact = Fixtures.double(e[key])
                #expect(abs(got - exact) / exact < 1e-13, "\(key)(\(q)): \(got) vs \(exact)")
            }
        }
    }

    @Test("GSL K(m) and dn(u|m) against mpmath; error grows like ε/(1−m) as m → 1")
    func elliptic() throws {
        for e in Self.special["elliptic"] as! [[String: Any]] {
            let m = Fixtures.double(e["m"])
            let tolerance = 20 * Double.ulpOfOne / (1 - m) + 1e-15
            let k = try SpecialFunctions.ellipticK(modulus: m.squareRoot()).value
            #expect(abs(k - Fixtures.double(e["K"])) / Fixtures.double(e["K"]) < tolerance, "K(m=\(m))")
            for pair in e["dn"] as! [[Any]] {
                let u = Fixtures.double(pair[0]), dn = Fixtures.double(pair[1])
                #expect(
                    abs(try SpecialFunctions.jacobiElliptic(u, parameter: m).dn - dn) / dn < tolerance, "dn(\(u)|\(m))")
            }
        }
    }

    @Test("B2 pivot products (q;q)_n/(−q;q)_n squared against mpmath to 1e-13")
    func qPochhammer() throws {
        for e in Self.special["q_pochhammer"] as! [[String: Any]] {
            let c = Fixtures.double(e["c"]), n = e["n"] as! Int
            let spectrum = try Spectrum.geometric(slope: c, dimension: n + 1)
            let bounds = Bounds(spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1))
            // With b_k² = 2λ_k the pivot d_{n+1} is exactly the product over m ≤ n.
            let b = spectrum.eigenvalues.map { (2 * $0).squareRoot() }
            let product = bounds.choleskyPivot(k: n + 1, amplitudes: b)!
            let exact = Fixtures.double(e["tanh_product"])
            #expect(abs(product - exact) / exact < 1e-13, "c=\(c) n=\(n)")
            let ratio = Fixtures.double(e["minus"]) / Fixtures.double(e["plus"])
            #expect(abs(ratio * ratio - exact) / exact < 1e-13)
        }
    }

    @Test("GSL Hurwitz zeta against mpmath to 1e-14")
    func hurwitz() throws {
        for e in Self.special["hurwitz_zeta"] as! [[String: Any]] {
            let exact = Fixtures.double(e["value"])
            let got = try SpecialFunctions.hurwitzZeta(Fixtures.double(e["s"]), Fixtures.double(e["a"])).value
            #expect(abs(got - exact) / exact < 1e-14)
        }
    }

    /// GSL's t quantile (used by the seed-averaged verifiers' pass rule) against mpmath (the root of the
    /// regularised incomplete beta CDF at 40 digits). Tolerance 1e-10 relative: gsl_cdf_tdist_Pinv refines
    /// by Newton steps to about 1e-12 in the tails of ν = 1 (measured max 3e-13 here); far below the
    /// Monte Carlo error of any test that uses it.
    @Test("GSL Student t and normal quantiles against mpmath to 1e-10")
    func studentQuantile() throws {
        let cases = Self.special["student_quantile"] as! [[String: Any]]
        #expect(cases.count == 42)
        var worst = 0.0
        for e in cases {
            let exact = Fixtures.double(e["value"])
            let got = try Distributions.studentQuantile(
                Fixtures.double(e["p"]), degreesOfFreedom: Fixtures.double(e["nu"]))
            worst = max(worst, abs(got - exact) / exact)
        }
        print("student quantile: max relative error \(worst)")
        #expect(worst < 1e-10)
        var worstNormal = 0.0
        for e in Self.special["normal_quantile"] as! [[String: Any]] {
            let exact = Fixtures.double(e["value"])
            let got = try Distributions.normalQuantile(Fixtures.double(e["p"]))
            worstNormal = max(worstNormal, abs(got - exact) / max(abs(exact), 1e-300))
        }
        print("normal quantile: max relative error \(worstNormal)")
        #expect(worstNormal < 1e-10)
        #expect(throws: GSLError.self) { try Distributions.normalQuantile(1) }
        #expect(throws: GSLError.self) { try Distributions.studentQuantile(1, degreesOfFreedom: 3) }
        #expect(throws: GSLError.self) { try Distributions.studentQuantile(0.9, degreesOfFreedom: 0) }
    }
}
