import CGSL

/// Bracketed root finding with GSL's Brent solver (`gsl_root_fsolver_brent`).
public enum RootFinding {
    /// A converged root with the bracket it was found in.
    public struct Root: Sendable, Equatable {
        /// The root estimate x (Brent's best point in the final bracket).
        public let value: Double
        /// Lower end of the final bracket.
        public let lower: Double
        /// Upper end of the final bracket.
        public let upper: Double
        /// Brent iterations used.
        public let iterations: Int
    }

    /// Finds x in [lower, upper] with f(x) = 0, given f(lower) and f(upper) of opposite sign.
    ///
    /// Stops when the bracket satisfies |upper − lower| < absoluteTolerance + relativeTolerance·|x|
    /// (`gsl_root_test_interval`). Errors thrown by `f` are rethrown unchanged; a GSL failure becomes an `E`.
    public static func brent<E: GSLFailureConvertible>(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12,
        maxIterations: Int = 200,
        _ f: @escaping (Double) throws(E) -> Double
    ) throws(E) -> Root {
        GSLRuntime.prepare()
        guard let solver = gsl_root_fsolver_alloc(cgsl_root_fsolver_brent()) else {
            throw E(gslFailure: GSLError(status: GSL_ENOMEM, function: "gsl_root_fsolver_alloc"))
        }
        defer { gsl_root_fsolver_free(solver) }
        let slot = ErrorSlot<E>()
        let box = ClosureBox(f, slot: slot)
        let outcome: Result<Root, GSLError> = box.withGSLFunction { fn in
            do throws(GSLError) {
                try GSLRuntime.check(
                    gsl_root_fsolver_set(solver, &fn, lower, upper),
                    "gsl_root_fsolver_set", detail: "bracket [\(lower), \(upper)]")
                for iteration in 1...maxIterations {
                    try GSLRuntime.check(gsl_root_fsolver_iterate(solver), "gsl_root_fsolver_iterate")
                    let lo = gsl_root_fsolver_x_lower(solver), hi = gsl_root_fsolver_x_upper(solver)
                    if gsl_root_test_interval(lo, hi, absoluteTolerance, relativeTolerance) == GSL_SUCCESS {
                        return .success(
                            Root(
                                value: gsl_root_fsolver_root(solver), lower: lo, upper: hi,
                                iterations: iteration))
                    }
                }
                throw GSLError(
                    status: GSL_EMAXITER, function: "RootFinding.brent",
                    detail: "no convergence in \(maxIterations) iterations")
            } catch { return .failure(error) }
        }
        if let error = slot.error { throw error }
        switch outcome {
        case .success(let root): return root
        case .failure(let failure): throw E(gslFailure: failure)
        }
    }

    /// `brent` for a closure that cannot fail: only GSL's own failures are thrown.
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-12,
        maxIterations: Int = 200,
        _ f: @escaping (Double) -> Double
    ) throws(GSLError) -> Root {
        try brent(
            lower: lower, upper: upper, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance,
            maxIterations: maxIterations
        ) { (x) throws(GSLError) in f(x) }
    }
}
