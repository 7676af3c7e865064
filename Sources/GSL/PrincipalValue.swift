import CGSL

extension Quadrature {
    /// Cauchy principal value PV ∫_a^b f(x)/(x − pole) dx with GSL's QAWC (adaptive, Clenshaw–Curtis
    /// on the subinterval holding the pole), to |error| ≤ max(absoluteTolerance, relativeTolerance·|I|).
    public static func principalValue<E: GSLFailureConvertible>(
        from a: Double, to b: Double, pole: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000,
        _ f: @escaping (Double) throws(E) -> Double
    ) throws(E) -> Integral {
        try adaptive(f, limit: limit, routine: "gsl_integration_qawc", detail: "on [\(a), \(b)], pole \(pole)") {
            fn, workspace, value, error in
            gsl_integration_qawc(fn, a, b, pole, absoluteTolerance, relativeTolerance, limit, workspace, value, error)
        }
    }

    /// `principalValue` for a closure that cannot fail: only GSL's own failures are thrown.
    public static func principalValue(
        from a: Double, to b: Double, pole: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
        limit: Int = 1000,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Integral {
        try principalValue(
            from: a, to: b, pole: pole, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
            limit: limit
        ) { (x) throws(GSLError) in f(x) }
    }

    /// Nodes and weights of the n-point Gauss–Legendre rule on [−1, 1] (`gsl_integration_glfixed`),
    /// exact for polynomials of degree < 2n.
    public static func gaussLegendre(nodes n: Int) throws(GSLError) -> (nodes: [Double], weights: [Double]) {
        GSLRuntime.prepare()
        precondition(n >= 1)
        guard let table = gsl_integration_glfixed_table_alloc(n) else {
            throw GSLError(status: GSL_ENOMEM, function: "gsl_integration_glfixed_table_alloc", detail: "n = \(n)")
        }
        defer { gsl_integration_glfixed_table_free(table) }
        var nodes = [Double](repeating: 0, count: n), weights = nodes
        for i in 0..<n {
            var x = 0.0, w = 0.0
            try GSLRuntime.check(
                gsl_integration_glfixed_point(-1, 1, i, &x, &w, table), "gsl_integration_glfixed_point")
            nodes[i] = x
            weights[i] = w
        }
        return (nodes, weights)
    }
}
