import Foundation
import GSL
import RibbonTestSupport
import Testing
@testable import RibbonCore

/// Checks against the numbers printed in THEORY.md, which were computed independently.
@Suite("THEORY.md reference values")
struct ReferenceValuesTests {
    /// THEORY.md §3: f_max / f_min "checked against an 800×800 H", printed to 5–6 digits.
    @Test(
        "Toeplitz symbol extremes match THEORY.md §3 to the printed digits",
        arguments: [
            (0.5, 6.2832, 6.724e-8), (1.0, 3.14159, 6.4997e-4), (2.0, 1.57112, 4.5188e-2), (4.0, 0.808155, 0.266450),
        ])
    func symbolExtremes(c: Double, fMax: Double, fMin: Double) throws {
        let symbol = ToeplitzSymbol(slope: c)
        // Printed with 5–6 significant digits: half a unit in the last printed place ≤ 1e-4 relative.
        expectClose(symbol.maximum, fMax, relative: 1e-4)
        expectClose(symbol.minimum, fMin, relative: 1e-4)
    }

    @Test("Symbol extremes bound and approach the extreme eigenvalues of a 400×400 H", arguments: [1.0, 2.0, 4.0])
    func symbolVersusToeplitzMatrix(c: Double) throws {
        let n = 400
        var h = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { h[i * n + j] = 1 / (2 * cosh(c * Double(i - j) / 2)) } }
        let values = try SymmetricEigensolver(order: n).eigenvalues(of: h)
        let symbol = ToeplitzSymbol(slope: c)
        // Szegő: eigenvalues of finite sections lie inside [f_min, f_max] and approach the ends
        // as O(1/n²). Near θ = 0, f''/f ≈ −(π/c)², so the top gap is ≈ (π/c)²(π/(n+1))²/2 relative:
        // 3.0e-4 at c = 1. Allow 1.2× that.
        #expect(values[0] <= symbol.maximum * (1 + 1e-12))
        #expect(values[n - 1] >= symbol.minimum * (1 - 1e-9))
        let predictedGap = pow(Double.pi / c, 2) * pow(Double.pi / Double(n + 1), 2) / 2
        #expect((symbol.maximum - values[0]) / symbol.maximum < 1.2 * predictedGap)
        #expect((values[n - 1] - symbol.minimum) / symbol.maximum < 1e-4)
    }

    /// GSL forms 1 − k² from k, so near k = 1 its K and dn carry a relative error ~ε/k′²
    /// (`ellipticRelativeError` = 50 ε/k′²): 5e-9 at c = 1, 1e-13 at c = 4.
    @Test("GSL's elliptic path agrees with the sech sum within its conditioning", arguments: [1.0, 2.0, 4.0, 8.0])
    func ellipticCrossCheck(c: Double) throws {
        let symbol = ToeplitzSymbol(slope: c)
        let tolerance = symbol.ellipticRelativeError
        expectClose(try symbol.ellipticValue(at: 0), symbol.maximum, relative: tolerance)
        expectClose(try symbol.ellipticValue(at: .pi), symbol.minimum, relative: tolerance)
        for theta in [0.5, 1.5, 2.5] {
            let exact = symbol.value(at: theta)
            expectClose(try symbol.ellipticValue(at: theta), exact, relative: tolerance)
        }
    }

    @Test("At c = 0.5 GSL's elliptic path is off by percent and the tool says so")
    func ellipticIllConditioned() throws {
        let symbol = ToeplitzSymbol(slope: 0.5)
        #expect(symbol.ellipticRelativeError > 1e-3)
        #expect(abs(try symbol.ellipticValue(at: 0) - symbol.maximum) / symbol.maximum > 1e-3)
    }

    /// THEORY.md §5: χ₁/χ₂/χ₃, printed to two digits (±0.005).
    @Test(
        "Explained stress matches THEORY.md §5",
        arguments: [
            (1.0, 1e3, 0.1, [0.19, 0.27, 0.34]), (1.0, 1e3, 10.0, [0.58, 0.85, 0.95]),
            (2.0, 10.0, 1.0, [0.70, 0.92, 0.99]),
        ])
    func explainedStress(c: Double, steps: Double, ratio: Double, expected: [Double]) throws {
        let spectrum = try Spectrum.geometric(slope: c, dimension: 200)
        let widths = try WidthSpectrum(
            covariance: TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(steps: steps, ratio: ratio)))
        for k in 0..<3 { #expect(abs(widths.explainedStress[k] - expected[k]) <= 0.0051) }
    }

    @Test("P1 remark: at T = 1, c = 1, ηλ₁ = 1, r → 0 the first ratio is 0.515")
    func firstRatioAtOneStep() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 200)
        let widths = try WidthSpectrum(
            covariance: TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(steps: 1, ratio: 0)))
        #expect(abs(widths.ratios[0] - 0.515) < 0.0005)
    }

    @Test("B2: closed-form Cholesky pivots equal GSL's Cholesky of the Cauchy Gramian", arguments: [0.5, 1.0, 2.0])
    func choleskyPivots(c: Double) throws {
        let spectrum = try Spectrum.geometric(slope: c, dimension: 12)
        let knobs = try Knobs(steps: 100, ratio: 3)
        let b = TrajectoryCovariance.amplitudes(spectrum: spectrum, knobs: knobs)
        let bounds = Bounds(spectrum: spectrum, knobs: knobs)
        let numeric = try #require(bounds.numericalPivots(count: 12, amplitudes: b))
        // The Gramian's condition number grows like θ₄⁻² per mode; Cholesky error ~ κ ε.
        for k in 1...12 {
            #expect(abs(bounds.choleskyPivot(k: k, amplitudes: b)! - numeric[k - 1]) / numeric[k - 1] < 1e-9)
        }
        // The product limit equals a long direct product (500 factors: the remainder is < e^{-250c}).
        var product = 1.0
        for m in 1...500 { product *= pow(tanh(c * Double(m) / 2), 2) }
        expectClose(bounds.pivotProductLimit!, product, relative: 1e-13)
    }
}
