import CGSL

/// A natural cubic spline through (x_i, y_i) (`gsl_spline` with `gsl_interp_cspline`).
///
/// Immutable after construction, and evaluated without an accelerator, so one spline can be read from
/// any number of threads at once.
public final class CubicSpline: @unchecked Sendable {
    private let spline: OpaquePointer
    /// The interpolation nodes (strictly increasing).
    public let nodes: [Double]

    /// A spline through at least 3 points with strictly increasing, finite `x`.
    public init(x: [Double], y: [Double]) throws(GSLError) {
        GSLRuntime.prepare()
        guard x.count == y.count, x.count >= 3, zip(x, x.dropFirst()).allSatisfy({ $0 < $1 }),
            x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite)
        else {
            throw GSLError(
                status: GSL_EINVAL, function: "gsl_spline_init",
                detail: "needs ≥ 3 finite points with increasing x (got \(x.count))")
        }
        guard let s = gsl_spline_alloc(cgsl_interp_cspline(), x.count) else {
            throw GSLError(status: GSL_ENOMEM, function: "gsl_spline_alloc")
        }
        try GSLRuntime.check(gsl_spline_init(s, x, y, x.count), "gsl_spline_init")
        spline = OpaquePointer(s)
        nodes = x
    }

    deinit { gsl_spline_free(UnsafeMutablePointer(spline)) }

    /// The spline at `x`, which must lie within the nodes (GSL refuses to extrapolate).
    public func callAsFunction(_ x: Double) throws(GSLError) -> Double {
        var y = 0.0
        try GSLRuntime.check(
            gsl_spline_eval_e(UnsafeMutablePointer(spline), x, nil, &y), "gsl_spline_eval_e",
            detail: "x = \(x) outside [\(nodes.first!), \(nodes.last!)]")
        return y
    }
}
