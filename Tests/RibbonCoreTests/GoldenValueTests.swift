import Foundation
import GSL
import RibbonTestSupport
import Testing
@testable import RibbonCore

@Suite("Against mpmath golden values (scripts/golden.py)")
struct GoldenValueTests {
    static let e2Cases = try! Fixtures.decode(E2Golden.self, from: "e2_golden.json").cases
    static let special = try! Fixtures.decode(SpecialGolden.self, from: "special_golden.json")

    /// A loop over an empty table passes vacuously: every table must hold what scripts/golden.py wrote.
    @Test("The golden files decode with every table filled")
    func tablesPresent() {
        let s = Self.special
        let counts: [Int] = [
            s.timeAverage.count, s.pairCovariance.count, s.toeplitzSymbol.count, s.theta.count, s.elliptic.count,
            s.qPochhammer.count, s.hurwitzZeta.count, s.studentQuantile.count, s.normalQuantile.count,
        ]
        #expect(Self.e2Cases.count == 31)
        #expect(counts == [48, 306, 6, 6, 5, 20, 9, 42, 10])
    }

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
            let spec = c.spectrum, d = spec.dim
            let spectrum =
                spec.kind == "geometric"
                ? try Spectrum.geometric(lambda1: spec.lambda1, slope: try #require(spec.slope), dimension: d)
                : try Spectrum.powerLaw(lambda1: spec.lambda1, alpha: try #require(spec.alpha), dimension: d)
            let knobs = try Knobs(
                eta: c.eta, steps: c.steps, ratio: c.ratio, sigma0: c.sigma0,
                target: try #require(TargetProfile(rawValue: c.target)), dynamics: c.flow ? .flow : .discrete)
            let mu = try WidthSpectrum(covariance: TrajectoryCovariance(spectrum: spectrum, knobs: knobs)).variances
            let golden = c.variances
            for k in 0..<d {
                let error = abs(mu[k] - golden[k])
                if golden[k] >= WidthSpectrum.defaultRelativeFloor * golden[0] {
                    worst.absolute = max(worst.absolute, error / golden[0])
                }
                if golden[k] >= 1e-7 * golden[0] {
                    worst.upper = max(worst.upper, error / golden[k])
                    expectClose(mu[k], golden[k], relative: 1e-9, "\(c.name) k=\(k + 1)")
                } else if golden[k] >= 1e-8 * golden[0] {
                    worst.lower = max(worst.lower, error / golden[k])
                    expectClose(mu[k], golden[k], relative: 5e-9, "\(c.name) k=\(k + 1)")
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
        for e in Self.special.timeAverage {
            let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: e.steps, ratio: 0))
            expectClose(averager.mode(lambda: e.h).mean, e.value, ulps: 8, "h=\(e.h) T=\(e.steps)")
        }
    }

    /// The cancelling covariance S(q_iq_j) − S(q_i)S(q_j), down to 1e-161: the stable evaluation
    /// must keep ~13 digits everywhere (measured worst case is printed).
    @Test("Pair covariances Cov_t(q_i^t, q_j^t) to 1e-12 relative, including ηλT ≪ 1")
    func pairCovariances() throws {
        var worst = 0.0
        for e in Self.special.pairCovariance {
            let got: Double
            if e.flow {
                let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: 1, ratio: 0, dynamics: .flow))
                got = averager.pairCovariance(
                    averager.mode(lambda: try #require(e.xI)), averager.mode(lambda: try #require(e.xJ)))
            } else {
                let averager = TimeAverager(knobs: try Knobs(eta: 1, steps: try #require(e.steps), ratio: 0))
                got = averager.pairCovariance(
                    averager.mode(lambda: try #require(e.hI)), averager.mode(lambda: try #require(e.hJ)))
            }
            worst = max(worst, Closeness.relativeError(got, e.value))
            expectClose(got, e.value, relative: 1e-12, "\(e)")
        }
        print("pair covariance vs mpmath: worst relative error \(worst)")
    }

    @Test("Toeplitz symbol f(θ) by the sech sum to 1e-14 relative")
    func toeplitzSymbol() {
        for e in Self.special.toeplitzSymbol {
            let symbol = ToeplitzSymbol(slope: e.c)
            expectClose(symbol.maximum, e.fMax, relative: 1e-14, "f_max(c=\(e.c))")
            expectClose(symbol.minimum, e.fMin, relative: 1e-13, "f_min(c=\(e.c))")
            for pair in e.f { expectClose(symbol.value(at: pair[0]), pair[1], relative: 1e-13, "f(\(pair[0]))") }
        }
    }

    @Test("Theta functions θ₂, θ₃, θ₄ at z = 0 to 1e-13 relative (θ₄ near q = 1 via the imaginary transform)")
    func theta() {
        for e in Self.special.theta {
            let q = e.q
            expectClose(Theta.theta2(nome: q), e.theta2, relative: 1e-13, "θ₂(\(q))")
            expectClose(Theta.theta3(nome: q), e.theta3, relative: 1e-13, "θ₃(\(q))")
            expectClose(Theta.theta4(nome: q), e.theta4, relative: 1e-13, "θ₄(\(q))")
        }
    }

    @Test("GSL K(m) and dn(u|m) against mpmath; error grows like ε/(1−m) as m → 1")
    func elliptic() throws {
        for e in Self.special.elliptic {
            let m = e.m
            let tolerance = 20 * Double.ulpOfOne / (1 - m) + 1e-15
            expectClose(
                try SpecialFunctions.ellipticK(modulus: m.squareRoot()).value, e.K, relative: tolerance, "K(m=\(m))")
            for pair in e.dn {
                expectClose(
                    try SpecialFunctions.jacobiElliptic(pair[0], parameter: m).dn, pair[1], relative: tolerance,
                    "dn(\(pair[0])|\(m))")
            }
        }
    }

    @Test("B2 pivot products (q;q)_n/(−q;q)_n squared against mpmath to 1e-13")
    func qPochhammer() throws {
        for e in Self.special.qPochhammer {
            let c = e.c, n = e.n
            let spectrum = try Spectrum.geometric(slope: c, dimension: n + 1)
            let bounds = Bounds(spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1))
            // With b_k² = 2λ_k the pivot d_{n+1} is exactly the product over m ≤ n.
            let b = spectrum.eigenvalues.map { (2 * $0).squareRoot() }
            let product = bounds.choleskyPivot(k: n + 1, amplitudes: b)!
            expectClose(product, e.tanhProduct, relative: 1e-13, "c=\(c) n=\(n)")
            let ratio = e.minus / e.plus
            expectClose(ratio * ratio, e.tanhProduct, relative: 1e-13, "c=\(c) n=\(n), from (q;q)_n/(−q;q)_n")
        }
    }

    @Test("GSL Hurwitz zeta against mpmath to 1e-14")
    func hurwitz() throws {
        for e in Self.special.hurwitzZeta {
            expectClose(
                try SpecialFunctions.hurwitzZeta(e.s, e.a).value, e.value, relative: 1e-14, "ζ(\(e.s), \(e.a))")
        }
    }

    /// GSL's t quantile (used by the seed-averaged verifiers' pass rule) against mpmath (the root of the
    /// regularised incomplete beta CDF at 40 digits). Tolerance 1e-10 relative: gsl_cdf_tdist_Pinv refines
    /// by Newton steps to about 1e-12 in the tails of ν = 1 (measured max 3e-13 here); far below the
    /// Monte Carlo error of any test that uses it.
    @Test("GSL Student t and normal quantiles against mpmath to 1e-10")
    func studentQuantile() throws {
        let cases = Self.special.studentQuantile
        #expect(cases.count == 42)
        var worst = 0.0
        for e in cases {
            let got = try Distributions.studentQuantile(e.p, degreesOfFreedom: e.nu)
            worst = max(worst, Closeness.relativeError(got, e.value))
        }
        print("student quantile: max relative error \(worst)")
        #expect(worst < 1e-10)
        var worstNormal = 0.0
        for e in Self.special.normalQuantile {
            let got = try Distributions.normalQuantile(e.p)
            worstNormal = max(worstNormal, Closeness.relativeError(got, e.value))
        }
        print("normal quantile: max relative error \(worstNormal)")
        #expect(worstNormal < 1e-10)
        #expect(throws: GSLError.self) { try Distributions.normalQuantile(1) }
        #expect(throws: GSLError.self) { try Distributions.studentQuantile(1, degreesOfFreedom: 3) }
        #expect(throws: GSLError.self) { try Distributions.studentQuantile(0.9, degreesOfFreedom: 0) }
    }
}
