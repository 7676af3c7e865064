import Testing

/// Shared by every test target (a plain target, not a test target, so the others can import it).
///
/// How close a computed number is to its reference, stated the way the tolerance is: relative error, or error
/// in units in the last place of the reference (swift-numerics' habit). A failure prints the measured error
/// beside the allowed one, so a reader sees how far off, not just that it was.
public enum Closeness {
    /// |x − reference| / |reference| (the absolute error when the reference is 0).
    public static func relativeError(_ x: Double, _ reference: Double) -> Double {
        reference == 0 ? abs(x) : abs(x - reference) / abs(reference)
    }

    /// |x − reference| in ulps of the reference.
    public static func ulps(_ x: Double, _ reference: Double) -> Double { abs(x - reference) / reference.ulp }
}

/// Expects |actual − expected| ≤ relative·|expected|.
public func expectClose(
    _ actual: Double, _ expected: Double, relative: Double, _ what: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = Closeness.relativeError(actual, expected)
    #expect(
        error <= relative, "\(what()) \(actual) vs \(expected): relative error \(error) > \(relative)",
        sourceLocation: sourceLocation)
}

/// Expects |actual − expected| ≤ ulps · ulp(expected).
public func expectClose(
    _ actual: Double, _ expected: Double, ulps: Double, _ what: @autoclosure () -> String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let error = Closeness.ulps(actual, expected)
    #expect(error <= ulps, "\(what()) \(actual) vs \(expected): \(error) ulp > \(ulps)", sourceLocation: sourceLocation)
}
