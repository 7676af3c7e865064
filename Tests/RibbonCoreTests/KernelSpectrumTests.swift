import Foundation
import GSL
import RibbonTestSupport
import Testing
@testable import RibbonCore

@Suite("Kernel spectra, Mehler closed form, fitted laws, Hurwitz-zeta sums")
struct KernelSpectrumTests {
    /// Nyström: eigenvalues of K/n converge to the operator's at O(n^{-1/2}) relative for the
    /// leading, well-separated ones; measured at n = 1000, p = 1: 0.3%, 0.2%, 0.8%. Tolerance 2%.
    @Test("RBF matrix spectrum matches Mehler (p = 1): top 3 within 2%")
    func mehlerOneDimension() throws {
        let s = try KernelSpectrum.Settings(kind: .rbf, inputDimension: 1, samples: 1000)
        let matrix = try KernelSpectrum.matrixEigenvalues(s, count: 3),
            mehler = KernelSpectrum.mehlerEigenvalues(s, count: 3)
        for k in 0..<3 {
            expectClose(matrix[k], mehler[k], relative: 0.02, "k=\(k + 1): \(matrix[k]) vs \(mehler[k])")
        }
        // In 1-D the Mehler spectrum is geometric: λ_{m+1}/λ_m = B = b/A, A = a + b + √(a² + 2ab).
        #expect(abs(mehler[1] / mehler[0] - 0.5 / (0.25 + 0.5 + (0.0625 + 0.25).squareRoot())) < 1e-15)
    }

    /// Issue #5 asks for the top 10. Deep Mehler eigenvalues converge slowly in n (their Hermite
    /// eigenfunctions live in the tails of the data): at ℓ = 1 the 10th is off by 4–38% for n = 500…4000
    /// (numpy, 3 seeds), the top 7 within 0.5% at n = 4000. A slower-decaying spectrum (ℓ = 0.3, ratio
    /// B = 0.742) converges fast enough: numpy over 3 seeds at n = 2000 gives at most 5.3% on any of the
    /// top 10, this seed 4.4% (top 4: 2.2%). Tolerance 10% (≈ 2× the seed-to-seed spread), 3% on the top 4.
    @Test("RBF matrix spectrum matches Mehler (p = 1, ℓ = 0.3, n = 2000): top 10 within 10%, top 4 within 3%")
    func mehlerTopTen() throws {
        let s = try KernelSpectrum.Settings(kind: .rbf, inputDimension: 1, samples: 2000, lengthScale: 0.3)
        let matrix = try KernelSpectrum.matrixEigenvalues(s, count: 10),
            mehler = KernelSpectrum.mehlerEigenvalues(s, count: 10)
        for k in 0..<10 {
            let error = abs(matrix[k] - mehler[k]) / mehler[k]
            #expect(error < (k < 4 ? 0.03 : 0.10), "k=\(k + 1): \(matrix[k]) vs \(mehler[k]) (\(error))")
        }
    }

    /// In p dimensions the degree-m eigenvalue has multiplicity C(m + p − 1, p − 1); finite n splits
    /// the multiplets, so their sums are compared (measured at n = 1500, p = 3: 1.4%, 0.3%, 0.8%).
    @Test("RBF matrix spectrum matches Mehler multiplets (p = 3): sums of degrees 0, 1, 2 within 3%")
    func mehlerMultiplets() throws {
        let s = try KernelSpectrum.Settings(kind: .rbf, inputDimension: 3, samples: 1500)
        let matrix = try KernelSpectrum.matrixEigenvalues(s, count: 10),
            mehler = KernelSpectrum.mehlerEigenvalues(s, count: 10)
        for range in [0..<1, 1..<4, 4..<10] {
            let a = matrix[range].reduce(0, +), b = mehler[range].reduce(0, +)
            expectClose(a, b, relative: 0.03, "degree block \(range): \(a) vs \(b)")
            #expect(Set(mehler[range]).count == 1, "a multiplet is one value")
        }
    }

    @Test("Every kernel gives a symmetric positive semi-definite Gram matrix", arguments: KernelSpectrum.Kind.allCases)
    func positiveSemiDefinite(kind: KernelSpectrum.Kind) throws {
        let n = 120, p = 4
        let rng = RandomGenerator(seed: 3)
        let x = (0..<(n * p)).map { _ in rng.gaussian() }
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                k[i * n + j] = KernelSpectrum.kernel(
                    kind, x[(i * p)..<((i + 1) * p)], x[(j * p)..<((j + 1) * p)], lengthScale: 1)
            }
        }
        for i in 0..<n { for j in 0..<i { #expect(k[i * n + j] == k[j * n + i]) } }
        let values = try SymmetricEigensolver(order: n).eigenvalues(of: k)
        #expect(values.last! >= -1e-10 * values[0], "\(kind): smallest eigenvalue \(values.last!)")
    }

    @Test("Fitted laws: the 1-D RBF spectrum is geometric, Laplace and arc-cosine spectra are power laws")
    func fittedLaws() throws {
        let rbf = SpectrumShape(
            try KernelSpectrum.spectrum(
                KernelSpectrum.Settings(kind: .rbf, inputDimension: 1, samples: 400), dimension: 12), count: 8)
        #expect(rbf.geometricR2 > rbf.powerR2)
        for kind in [KernelSpectrum.Kind.laplace, .arccos0, .arccos1, .ntkRelu] {
            let shape = SpectrumShape(try KernelSpectrum.spectrum(KernelSpectrum.Settings(kind: kind), dimension: 200))
            #expect(shape.powerR2 > shape.geometricR2, "\(kind)")
        }
        // A geometric spectrum's fit recovers its slope exactly, and every local slope equals it.
        let g = SpectrumShape(try Spectrum.geometric(slope: 0.7, dimension: 30))
        #expect(abs(g.geometricRate - 0.7) < 1e-12 && abs(g.geometricR2 - 1) < 1e-12)
        #expect(g.localSlopes.allSatisfy { abs($0 - 0.7) < 1e-12 })
    }

    /// Σ_{i>m} i^{−α} over i ≤ d = ζ(α, m+1) − ζ(α, d+1): an identity, so only rounding separates
    /// the Hurwitz form from the direct sum (1e-12 relative).
    @Test("Power-law tail share by Hurwitz zeta equals the direct sum", arguments: [1.5, 2.5, 4.0])
    func hurwitzTailShare(alpha: Double) throws {
        let spectrum = try Spectrum.powerLaw(alpha: alpha, dimension: 300)
        let forms = ClosedForms(spectrum: spectrum, knobs: try Knobs(steps: 500, ratio: 3))
        let widths = try WidthSpectrum(
            covariance: TrajectoryCovariance(spectrum: spectrum, knobs: try Knobs(steps: 500, ratio: 3)))
        let share = try #require(
            forms.predictions(widths: widths, top: 5).first { $0.name == "tail_share_beyond_block" })
        #expect(abs(share.relativeDifference!) < 1e-12, "\(share.value!) vs \(share.exactValue!)")
    }

    @Test("Bad kernel settings are rejected with the allowed range")
    func badSettings() {
        #expect(throws: RibbonError.self) { try KernelSpectrum.Settings(kind: .rbf, samples: 1) }
        #expect(throws: RibbonError.self) { try KernelSpectrum.Settings(kind: .rbf, lengthScale: 0) }
        #expect(throws: RibbonError.self) {
            try KernelSpectrum.spectrum(KernelSpectrum.Settings(kind: .rbf, samples: 50), dimension: 60)
        }
    }
}
