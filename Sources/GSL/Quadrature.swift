import CGSL

/// Adaptive quadrature with GSL's QAGS (21-point Gauss–Kronrod with extrapolation), which
/// copes with integrable end-point singularities.
public enum Quadrature {
    /// An integral with GSL's absolute error estimate.
    public struct Integral: Sendable, Equatable {
        /// The integral's value.
        public let value: Double
        /// GSL's estimate of the absolute error of `value`.
        public let error: Double
    }

    /// ∫_a^b f(x) dx to |error| ≤ max(absoluteTolerance, relativeTolerance·|I|).
    public static func integrate<E: GSLFailureConvertible>(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000,
        _ f: @escaping (Double) throws(E) -> Double
    ) throws(E) -> Integral {
        try adaptive(f, limit: limit, routine: "gsl_integration_qags", detail: "on [\(a), \(b)]") {
            fn, workspace, value, error in
            gsl_integration_qags(fn, a, b, absoluteTolerance, relativeTolerance, limit, workspace, value, error)
        }
    }

    /// `integrate` for a closure that cannot fail: only GSL's own failures are thrown.
    public static func integrate(
        from a: Double, to b: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Integral {
        try integrate(
            from: a, to: b, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, limit: limit
        ) { (x) throws(GSLError) in f(x) }
    }

    /// Runs one adaptive GSL routine on `f`: allocates its workspace, passes the closure as a
    /// `gsl_function`, rethrows what `f` threw, and turns a GSL status into the caller's error type.
    static func adaptive<E: GSLFailureConvertible>(
        _ f: @escaping (Double) throws(E) -> Double, limit: Int, routine: String, detail: String,
        _ call: (
            UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
            UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>
        ) -> Int32
    ) throws(E) -> Integral {
        GSLRuntime.prepare()
        guard let workspace = gsl_integration_workspace_alloc(limit) else {
            throw E(gslFailure: GSLError(status: GSL_ENOMEM, function: "gsl_integration_workspace_alloc"))
        }
        defer { gsl_integration_workspace_free(workspace) }
        let slot = ErrorSlot<E>()
        let box = ClosureBox(f, slot: slot)
        var value = 0.0, error = 0.0
        let status = box.withGSLFunction { fn in call(&fn, workspace, &value, &error) }
        if let thrown = slot.error { throw thrown }
        do throws(GSLError) { try GSLRuntime.check(status, routine, detail: detail) } catch {
            throw E(gslFailure: error)
        }
        return Integral(value: value, error: error)
    }
}

extension Quadrature {
    /// Nodes and weights of the n-point Gauss–Hermite rule for the standard normal weight:
    /// Σ w_i f(x_i) ≈ E f(Z), Z ~ N(0, 1), exact for polynomials of degree < 2n
    /// (GSL's `gsl_integration_fixed_hermite`, rescaled from the weight e^{−x²}).
    public static func gaussHermite(nodes n: Int) throws(GSLError) -> (nodes: [Double], weights: [Double]) {
        GSLRuntime.prepare()
        precondition(n >= 1)
        guard let workspace = gsl_integration_fixed_alloc(cgsl_integration_fixed_hermite(), n, 0, 1, 0, 0) else {
            throw GSLError(status: GSL_ENOMEM, function: "gsl_integration_fixed_alloc", detail: "Hermite, n = \(n)")
        }
        defer { gsl_integration_fixed_free(workspace) }
        let x = gsl_integration_fixed_nodes(workspace)!, w = gsl_integration_fixed_weights(workspace)!
        let root2 = 2.0.squareRoot(), rootPi = Double.pi.squareRoot()
        return ((0..<n).map { x[$0] * root2 }, (0..<n).map { w[$0] / rootPi })
    }
}
