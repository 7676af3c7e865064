import CGSL

/// GSL special functions used by the closed forms, each returning GSL's value and error estimate.
///
/// The error estimate is GSL's claim, not a guarantee: callers that matter are checked against
/// mpmath golden values in the tests.
public enum SpecialFunctions {
    /// A value with GSL's absolute error estimate.
    public struct Estimate: Sendable, Equatable {
        /// The function value.
        public let value: Double
        /// GSL's estimate of the absolute error of `value`.
        public let error: Double
    }

    /// Complete elliptic integral of the first kind K(k), with `modulus` k (not the parameter m = k²).
    public static func ellipticK(modulus k: Double) throws(GSLError) -> Estimate {
        GSLRuntime.prepare()
        var result = gsl_sf_result()
        try GSLRuntime.check(
            gsl_sf_ellint_Kcomp_e(k, gsl_mode_t(GSL_PREC_DOUBLE), &result),
            "gsl_sf_ellint_Kcomp_e", detail: "k = \(k)")
        return Estimate(value: result.val, error: result.err)
    }

    /// Jacobi elliptic functions sn, cn, dn at argument u with parameter m = k² (0 ≤ m ≤ 1).
    public static func jacobiElliptic(_ u: Double, parameter m: Double) throws(GSLError)
        -> (sn: Double, cn: Double, dn: Double)
    {
        GSLRuntime.prepare()
        var sn = 0.0, cn = 0.0, dn = 0.0
        try GSLRuntime.check(
            gsl_sf_elljac_e(u, m, &sn, &cn, &dn), "gsl_sf_elljac_e",
            detail: "u = \(u), m = \(m)")
        return (sn, cn, dn)
    }

    /// Hurwitz zeta ζ(s, q) = Σ_{k≥0} (k + q)^{−s}, for s > 1 and q > 0.
    public static func hurwitzZeta(_ s: Double, _ q: Double) throws(GSLError) -> Estimate {
        GSLRuntime.prepare()
        var result = gsl_sf_result()
        try GSLRuntime.check(gsl_sf_hzeta_e(s, q, &result), "gsl_sf_hzeta_e", detail: "s = \(s), q = \(q)")
        return Estimate(value: result.val, error: result.err)
    }

    /// ln Γ(x + iy) as (ln|Γ|, arg Γ) with `gsl_sf_lngamma_complex_e`. The argument is GSL's principal
    /// value in (−π, π]; callers that need the continuous branch add the right multiple of 2π.
    public static func logGamma(real x: Double, imaginary y: Double) throws(GSLError) -> (
        logModulus: Double, argument: Double
    ) {
        GSLRuntime.prepare()
        var modulus = gsl_sf_result(), argument = gsl_sf_result()
        try GSLRuntime.check(
            gsl_sf_lngamma_complex_e(x, y, &modulus, &argument), "gsl_sf_lngamma_complex_e",
            detail: "z = \(x) + \(y)i")
        return (modulus.val, argument.val)
    }
}
