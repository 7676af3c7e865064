import CGSL

/// Carries a Swift closure through GSL's `void *params` slot and keeps the first error it threw.
///
/// GSL callbacks are C function pointers that cannot capture; the trampoline reads the box back
/// from `params`. A thrown error makes the callback return NaN, which GSL reports as a failure;
/// the caller then rethrows the original error instead of GSL's generic one.
final class ClosureBox {
    let body: (Double) throws -> Double
    var error: (any Error)?
    init(_ body: @escaping (Double) throws -> Double) { self.body = body }

    /// Runs `work` with a `gsl_function` that calls this box.
    func withGSLFunction<R>(_ work: (inout gsl_function) -> R) -> R {
        withExtendedLifetime(self) {
            var f = gsl_function(
                function: { x, params in
                    let box = Unmanaged<ClosureBox>.fromOpaque(params!).takeUnretainedValue()
                    if box.error != nil { return .nan }
                    do { return try box.body(x) } catch {
                        box.error = error
                        return .nan
                    }
                },
                params: Unmanaged.passUnretained(self).toOpaque())
            return work(&f)
        }
    }
}
