import CGSL

/// Integrates y′ = f(t, y) with GSL's adaptive embedded Runge–Kutta Prince–Dormand (8, 9)
/// stepper (`gsl_odeiv2_step_rk8pd`), error per step ≤ absoluteTolerance + relativeTolerance·|y|.
///
/// The right-hand side is a Swift closure; it writes f(t, y) into its third argument. An error it
/// throws stops the integration and is rethrown.
public enum ODEIntegrator {
    /// The state at each of `times` (ascending, the first ≥ `start`), starting from y(`start`) = `initial`.
    public static func solve(
        initial: [Double], from start: Double, at times: [Double],
        absoluteTolerance: Double = 1e-10, relativeTolerance: Double = 1e-10,
        rightHandSide:
            @escaping (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void
    ) throws -> [[Double]] {
        GSLRuntime.prepare()
        precondition(!initial.isEmpty)
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 } && (times.first ?? start) >= start)
        let box = SystemBox(rightHandSide, dimension: initial.count)
        return try withExtendedLifetime(box) { () throws -> [[Double]] in
            var system = gsl_odeiv2_system(
                function: { t, y, dydt, params in
                    let box = Unmanaged<SystemBox>.fromOpaque(params!).takeUnretainedValue()
                    if box.error != nil { return Int32(GSL_EBADFUNC) }
                    do {
                        try box.body(
                            t, UnsafeBufferPointer(start: y!, count: box.dimension),
                            UnsafeMutableBufferPointer(start: dydt!, count: box.dimension))
                        for i in 0..<box.dimension where !dydt![i].isFinite { return Int32(GSL_EBADFUNC) }
                        return Int32(GSL_SUCCESS)
                    } catch {
                        box.error = error
                        return Int32(GSL_EBADFUNC)
                    }
                },
                jacobian: nil, dimension: initial.count,
                params: Unmanaged.passUnretained(box).toOpaque())
            let firstStep = max(1e-6, 1e-3 * ((times.last ?? start) - start))
            guard
                let driver = gsl_odeiv2_driver_alloc_y_new(
                    &system, cgsl_odeiv2_step_rk8pd(), firstStep,
                    absoluteTolerance, relativeTolerance)
            else {
                throw GSLError(status: GSL_ENOMEM, function: "gsl_odeiv2_driver_alloc_y_new")
            }
            defer { gsl_odeiv2_driver_free(driver) }
            var t = start
            var y = initial
            var states: [[Double]] = []
            for target in times {
                if target > t {
                    let status = gsl_odeiv2_driver_apply(driver, &t, target, &y)
                    if let thrown = box.error { throw thrown }
                    try GSLRuntime.check(
                        status, "gsl_odeiv2_driver_apply",
                        detail: "at t = \(t) (the right-hand side was not finite or the step underflowed)")
                }
                states.append(y)
            }
            return states
        }
    }
}

/// Carries the right-hand side closure through GSL's `void *params` slot.
private final class SystemBox {
    let body: (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void
    let dimension: Int
    var error: (any Error)?
    init(
        _ body: @escaping (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void,
        dimension: Int
    ) {
        self.body = body
        self.dimension = dimension
    }
}
