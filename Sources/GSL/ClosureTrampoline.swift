import CGSL

/// Carries a Swift closure through GSL's `void *params` slot and keeps the first error it threw.
///
/// GSL callbacks are C function pointers that can capture neither context nor generic parameters; the
/// trampoline reads the box back from `params` and calls a non-generic wrapper, which stores what the
/// caller's closure threw, typed, in an `ErrorSlot`. A thrown error makes the callback return NaN, which GSL
/// reports as a failure; the caller then rethrows the original error instead of GSL's generic one.
final class ClosureBox {
    private let evaluate: (Double) -> Double?
    /// Set once the closure has thrown: later calls return NaN without running it.
    private(set) var failed = false

    init<E: Error>(_ body: @escaping (Double) throws(E) -> Double, slot: ErrorSlot<E>) {
        evaluate = { x in
            do throws(E) { return try body(x) } catch {
                slot.error = error
                return nil
            }
        }
    }

    /// Runs `work` with a `gsl_function` that calls this box.
    func withGSLFunction<R>(_ work: (inout gsl_function) -> R) -> R {
        withExtendedLifetime(self) {
            var f = gsl_function(
                function: { x, params in
                    let box = Unmanaged<ClosureBox>.fromOpaque(params!).takeUnretainedValue()
                    if box.failed { return .nan }
                    guard let value = box.evaluate(x) else {
                        box.failed = true
                        return .nan
                    }
                    return value
                },
                params: Unmanaged.passUnretained(self).toOpaque())
            return work(&f)
        }
    }
}

/// The first error a caller's closure threw inside a GSL callback, kept with its type.
final class ErrorSlot<E: Error> {
    var error: E?
}
