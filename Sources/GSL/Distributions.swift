import CGSL

/// Quantiles of the distributions the verifiers' pass rules use.
///
/// GSL's `gsl_cdf_*` functions return a value and no status: outside their domain they call the
/// (switched-off) error handler and return NaN, so a non-finite result is turned into an error here.
public enum Distributions {
    /// The p-quantile of Student's t with ν degrees of freedom (0 < p < 1, ν > 0): `gsl_cdf_tdist_Pinv`.
    public static func studentQuantile(_ p: Double, degreesOfFreedom nu: Double) throws(GSLError) -> Double {
        try quantile(p, nu, "gsl_cdf_tdist_Pinv", gsl_cdf_tdist_Pinv)
    }

    /// The p-quantile of the χ² distribution with ν degrees of freedom: `gsl_cdf_chisq_Pinv`.
    public static func chiSquaredQuantile(_ p: Double, degreesOfFreedom nu: Double) throws(GSLError) -> Double {
        try quantile(p, nu, "gsl_cdf_chisq_Pinv", gsl_cdf_chisq_Pinv)
    }

    /// The p-quantile Φ⁻¹(p) of the standard normal (0 < p < 1): `gsl_cdf_ugaussian_Pinv`.
    public static func normalQuantile(_ p: Double) throws(GSLError) -> Double {
        try quantile(p, 1, "gsl_cdf_ugaussian_Pinv") { p, _ in gsl_cdf_ugaussian_Pinv(p) }
    }

    /// The standard normal CDF Φ(x): `gsl_cdf_ugaussian_P` (total, no domain errors).
    public static func normalCDF(_ x: Double) -> Double {
        GSLRuntime.prepare()
        return gsl_cdf_ugaussian_P(x)
    }

    /// Checks 0 < p < 1 and ν > 0, evaluates `inverse(p, ν)` and refuses a non-finite result.
    private static func quantile(
        _ p: Double, _ nu: Double, _ function: String,
        _ inverse: (Double, Double) -> Double
    ) throws(GSLError) -> Double {
        GSLRuntime.prepare()
        guard p > 0, p < 1, nu > 0, nu.isFinite else {
            throw GSLError(
                status: GSL_EDOM, function: function, detail: "p = \(p), ν = \(nu); needs 0 < p < 1 and ν > 0")
        }
        let x = inverse(p, nu)
        guard x.isFinite else {
            throw GSLError(status: GSL_EDOM, function: function, detail: "p = \(p), ν = \(nu): no finite quantile")
        }
        return x
    }
}
