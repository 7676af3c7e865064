import Foundation
import Testing
@testable import GSL

@Suite("The GSL layer turns statuses into errors and hides callbacks")
struct GSLLayerTests {
    @Test("A domain error throws instead of aborting (error handler is off)")
    func domainErrorThrows() {
        #expect(throws: GSLError.self) { try SpecialFunctions.ellipticK(modulus: 2) }
        do { _ = try SpecialFunctions.ellipticK(modulus: 2) } catch {
            #expect(error.status == 1)  // GSL_EDOM
            #expect(error.description.contains("gsl_sf_ellint_Kcomp_e"))
        }
    }

    @Test("K(k) at k = 1/√2 equals Γ(1/4)²/(4√π) to 2 ulp")
    func ellipticKLemniscatic() throws {
        let exact = 1.8540746773013719  // Γ(1/4)²/(4√π), mpmath 50 digits rounded
        let k = try SpecialFunctions.ellipticK(modulus: 0.5.squareRoot()).value
        #expect(abs(k - exact) <= 2 * exact.ulp)
    }

    @Test("Brent finds π/2 as the root of cos on [1, 2] to 1e-12 relative")
    func brentCosine() throws {
        let root = try RootFinding.brent(lower: 1, upper: 2, relativeTolerance: 1e-14) { cos($0) }
        #expect(abs(root.value - .pi / 2) < 1e-12)
        #expect(root.iterations > 1)
    }

    @Test("Brent rejects a bracket without a sign change")
    func brentBadBracket() {
        #expect(throws: GSLError.self) { try RootFinding.brent(lower: 0, upper: 1) { $0 * $0 + 1 } }
    }

    /// The caller's own error type: it also stands for GSL failures, so it passes through typed.
    struct Marker: GSLFailureConvertible, Equatable {
        init() {}
        init(gslFailure: GSLError) {}
    }

    @Test("An error thrown inside a callback comes back unchanged")
    func callbackErrorRethrown() {
        #expect(throws: Marker.self) {
            try RootFinding.brent(lower: 0, upper: 3) { (x) throws(Marker) in
                if x > 1 { throw Marker() }; return x - 2
            }
        }
        #expect(throws: Marker.self) {
            try Quadrature.integrate(from: 0, to: 1) { (_) throws(Marker) in throw Marker() }
        }
    }

    @Test("QAGS integrates the end-point singularity x^{-1/2} on [0, 1] to 1e-10")
    func quadratureSingular() throws {
        let result = try Quadrature.integrate(from: 0, to: 1, relativeTolerance: 1e-12) { 1 / $0.squareRoot() }
        #expect(abs(result.value - 2) < 1e-10)
    }

    @Test("Eigenvalues of the second-difference matrix match 2 − 2cos(kπ/(n+1)) to 1e-14")
    func eigenvaluesKnownMatrix() throws {
        let n = 30
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n { a[i * n + i] = 2; if i > 0 { a[i * n + i - 1] = -1; a[(i - 1) * n + i] = -1 } }
        let values = try SymmetricEigensolver(order: n).eigenvalues(of: a)
        let exact = (1...n).map { 2 - 2 * cos(Double($0) * .pi / Double(n + 1)) }.sorted(by: >)
        for (v, e) in zip(values, exact) { #expect(abs(v - e) < 1e-14) }
        let system = try SymmetricEigensystem.decompose(a, order: n)
        for (v, e) in zip(system.values, exact) { #expect(abs(v - e) < 1e-14) }
    }

    @Test("Cholesky pivots of a diagonal matrix are its entries; a non-PD matrix throws")
    func cholesky() throws {
        #expect(try Cholesky.pivots(of: [4, 0, 0, 9], order: 2) == [4, 9])
        #expect(throws: GSLError.self) { try Cholesky.pivots(of: [1, 2, 2, 1], order: 2) }
    }

    @Test("The linked GSL reports a version")
    func version() { #expect(GSLLibrary.version.split(separator: ".").count >= 2) }
}
