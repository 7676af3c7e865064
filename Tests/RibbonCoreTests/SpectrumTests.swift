import Foundation
import Testing
@testable import RibbonCore

@Suite("Spectra and their validation")
struct SpectrumTests {
    @Test("Geometric and power-law spectra follow their definitions")
    func definitions() throws {
        let g = try Spectrum.geometric(lambda1: 2, slope: 0.5, dimension: 5)
        for i in 0..<4 { #expect(abs(log(g.eigenvalues[i] / g.eigenvalues[i + 1]) - 0.5) < 1e-14) }
        let p = try Spectrum.powerLaw(lambda1: 1, alpha: 2, dimension: 4)
        #expect(abs(p.eigenvalues[3] - 1.0 / 16) < 1e-16)
    }

    @Test("Bad spectrum parameters are rejected with the allowed range")
    func badParameters() {
        let attempts: [(() throws(RibbonError) -> Spectrum, String)] = [
            ({ () throws(RibbonError) in try Spectrum.geometric(slope: 0) }, "slope"),
            ({ () throws(RibbonError) in try Spectrum.geometric(slope: -1) }, "slope"),
            ({ () throws(RibbonError) in try Spectrum.geometric(slope: 1, dimension: 1) }, "dim"),
            ({ () throws(RibbonError) in try Spectrum.powerLaw(alpha: .nan) }, "alpha"),
            ({ () throws(RibbonError) in try Spectrum.geometric(lambda1: 0, slope: 1) }, "lambda1"),
        ]
        for (make, word) in attempts {
            do { _ = try make(); Issue.record("accepted (\(word))") } catch {
                #expect(error.message.contains(word))
                #expect(error.kind == .invalidParameter)
            }
        }
    }

    @Test("A file of eigenvalues is read, sorted, comments and blank lines skipped")
    func vectorFile() throws {
        let s = try SpectrumFile.parse("# eigenvalues\n0.5\n\n1\n0.25\n", path: "x.txt")
        #expect(s.eigenvalues == [1, 0.5, 0.25])
    }

    @Test("A symmetric CSV matrix gives its eigenvalues")
    func matrixFile() throws {
        let s = try SpectrumFile.parse("2,1\n1,2\n", path: "m.csv")
        #expect(abs(s.eigenvalues[0] - 3) < 1e-14 && abs(s.eigenvalues[1] - 1) < 1e-14)
    }

    @Test(
        "Bad files name the file and line",
        arguments: [
            ("1\n-2\n", "f.txt:2"), ("1\nabc\n", "f.txt:2"), ("", "no eigenvalues"), ("1\nnan\n", "f.txt:2"),
            ("1,2\n3,4\n", "not symmetric"), ("1,2\n2\n", "f.txt:2"),
            ("1,2,3\n2,1,0\n3,0,1\n", "positive semi-definite"),
            ("0\n0\n", "largest eigenvalue"), ("3\n", "at least 2"),
        ])
    func badFiles(text: String, expected: String) {
        do { _ = try SpectrumFile.parse(text, path: "f.txt"); Issue.record("accepted \(text)") } catch {
            #expect(error.message.contains(expected), "\(error.message)")
            #expect(!error.message.contains("\n"))
        }
    }

    @Test(
        "Divergent step sizes and bad knobs are rejected",
        arguments: [
            (2.0, 10.0, 1.0), (2.5, 10.0, 1.0), (1.0, 0.0, 1.0), (1.0, 2.5, 1.0), (1.0, 10.0, -1.0), (1.0, 1e16, 1.0),
        ])
    func badKnobs(eta: Double, steps: Double, ratio: Double) throws {
        let spectrum = try Spectrum.geometric(slope: 1)
        #expect(throws: RibbonError.self) {
            _ = try TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(eta: eta, steps: steps, ratio: ratio))
        }
    }

    @Test("Flow accepts any η > 0: no stability limit")
    func flowNoStabilityLimit() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 10)
        _ = try TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(eta: 5, steps: 10, ratio: 1, dynamics: .flow))
    }

    @Test(
        "Extreme but valid points give finite, non-negative variances",
        arguments: [
            (1e-12, 1e12, 0.0), (1.999999, 1.0, 1e3), (1.0, 1e12, 1e4), (1e-6, 1.0, 1.0), (0.5, 1e15, 10.0),
        ])
    func extremes(eta: Double, steps: Double, ratio: Double) throws {
        let spectrum = try Spectrum.geometric(slope: 10, dimension: 200)  // λ_200 underflows to 0
        let w = try WidthSpectrum(
            covariance: TrajectoryCovariance(spectrum: spectrum, knobs: Knobs(eta: eta, steps: steps, ratio: ratio)))
        #expect(w.variances.allSatisfy { $0.isFinite && $0 >= 0 })
        #expect(w.variances[0] > 0)
    }
}
