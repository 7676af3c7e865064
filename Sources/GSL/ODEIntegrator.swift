import CGSL

/// Integrates y′ = f(t, y) with GSL's adaptive embedded Runge–Kutta Prince–Dormand (8, 9)
/// stepper (`gsl_odeiv2_step_rk8pd`), error per step ≤ absoluteTolerance + relativeTolerance·|y|.
///
/// The right-hand side is a Swift closure; it writes f(t, y) into its third argument. An error it
/// throws stops the integration and is rethrown.
public enum ODEIntegrator {
    /// The state at each of `times` (ascending, the first ≥ `start`), starting from y(`start`) = `initial`.
    public static func solve<E: GSLFailureConvertible>(
        initial: [Double], from start: Double, at times: [Double],
        absoluteTolerance: Double = 1e-10, relativeTolerance: Double = 1e-10,
        rightHandSide:
            @escaping (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws(E) -> Void
    ) throws(E) -> [[Double]] {
        GSLRuntime.prepare()
        precondition(!initial.isEmpty)
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 } && (times.first ?? start) >= start)
        let slot = ErrorSlot<E>()
        let box = SystemBox(rightHandSide, dimension: initial.count, slot: slot)
        return try withExtendedLifetime(box) { () throws(E) -> [[Double]] in
            var system = gsl_odeiv2_system(
                function: { t, y, dydt, params in
                    let box = Unmanaged<SystemBox>.fromOpaque(params!).takeUnretainedValue()
                    if box.failed { return Int32(GSL_EBADFUNC) }
                    guard
                        box.evaluate(
                            t, UnsafeBufferPointer(start: y!, count: box.dimension),
                            UnsafeMutableBufferPointer(start: dydt!, count: box.dimension))
                    else {
                        box.failed = true
                        return Int32(GSL_EBADFUNC)
                    }
                    for i in 0..<box.dimension where !dydt![i].isFinite { return Int32(GSL_EBADFUNC) }
                    return Int32(GSL_SUCCESS)
                },
                jacobian: nil, dimension: initial.count,
                params: Unmanaged.passUnretained(box).toOpaque())
            let firstStep = max(1e-6, 1e-3 * ((times.last ?? start) - start))
            guard
                let driver = gsl_odeiv2_driver_alloc_y_new(
                    &system, cgsl_odeiv2_step_rk8pd(), firstStep,
                    absoluteTolerance, relativeTolerance)
            else {
                throw E(gslFailure: GSLError(status: GSL_ENOMEM, function: "gsl_odeiv2_driver_alloc_y_new"))
            }
            defer { gsl_odeiv2_driver_free(driver) }
            var t = start
            var y = initial
            var states: [[Double]] = []
            for target in times {
                if target > t {
                    let status = gsl_odeiv2_driver_apply(driver, &t, target, &y)
                    if let thrown = slot.error { throw thrown }
                    do throws(GSLError) {
                        try GSLRuntime.check(
                            status, "gsl_odeiv2_driver_apply",
                            detail: "at t = \(t) (the right-hand side was not finite or the step underflowed)")
                    } catch { throw E(gslFailure: error) }
                }
                states.append(y)
            }
            return states
        }
    }
}

extension ODEIntegrator {
    /// `solve` for a right-hand side that cannot fail: only GSL's own failures are thrown.
    public static func solve(
        initial: [Double], from start: Double, at times: [Double],
        absoluteTolerance: Double = 1e-10, relativeTolerance: Double = 1e-10,
        rightHandSide: @escaping (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
    ) throws(GSLError) -> [[Double]] {
        try solve(
            initial: initial, from: start, at: times, absoluteTolerance: absoluteTolerance,
            relativeTolerance: relativeTolerance
        ) { (t, y, dy) throws(GSLError) in rightHandSide(t, y, dy) }
    }
}

/// Carries the right-hand side closure through GSL's `void *params` slot (non-generic, as C callbacks need;
/// what the closure throws is kept, typed, in an `ErrorSlot`).
private final class SystemBox {
    /// Runs the closure; false after storing the error it threw.
    let evaluate: (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Bool
    let dimension: Int
    var failed = false
    init<E: Error>(
        _ body: @escaping (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws(E) -> Void,
        dimension: Int, slot: ErrorSlot<E>
    ) {
        evaluate = { t, y, dydt in
            do throws(E) {
                try body(t, y, dydt)
                return true
            } catch {
                slot.error = error
                return false
            }
        }
        self.dimension = dimension
    }
}
