import Foundation
import RealModule

/// The eigenvalues λ₁ ≥ … ≥ λ_d of the input correlation (or kernel) matrix: knob (i).
public struct Spectrum: Sendable, Equatable {
    /// Where the eigenvalues came from; recorded in every output.
    public enum Source: Sendable, Equatable {
        /// λ_i = λ₁ e^{−c(i−1)}.
        case geometric(lambda1: Double, slope: Double)
        /// λ_i = λ₁ i^{−α}.
        case powerLaw(lambda1: Double, alpha: Double)
        /// Read from a file by ``SpectrumFile``.
        case file(path: String)
        /// Eigenvalues of K/n of a kernel matrix on seeded Gaussian data (THEORY.md §6).
        case kernel(KernelSpectrum.Settings)
    }

    /// Where the eigenvalues came from.
    public let source: Source
    /// Eigenvalues in descending order, all finite and ≥ 0, the first > 0.
    public let eigenvalues: [Double]

    /// The dimension d.
    public var dimension: Int { eigenvalues.count }
    /// The top eigenvalue λ₁.
    public var lambda1: Double { eigenvalues[0] }

    /// The slope c = ln(λ_i/λ_{i+1}) when it is the same for every i (geometric spectra only).
    public var slope: Double? {
        if case .geometric(_, let c) = source { return c }
        return nil
    }

    /// A spectrum as a sidecar records it (its name and eigenvalues), to rebuild a scan grid from a file;
    /// the eigenvalues are taken as given.
    public static func recorded(name: String, eigenvalues: [Double]) -> Spectrum {
        Spectrum(source: .file(path: name), eigenvalues: eigenvalues)
    }

    /// The exponent α of λ_i = λ₁ i^(−α) (power-law spectra only).
    public var powerLawExponent: Double? {
        if case .powerLaw(_, let a) = source { return a }
        return nil
    }

    /// λ_i = λ₁ e^{−c(i−1)}, i = 1…d.
    public static func geometric(lambda1: Double = 1, slope c: Double, dimension d: Int = 200) throws(RibbonError)
        -> Spectrum
    {
        try validate(lambda1: lambda1, dimension: d)
        guard c.isFinite, c > 0 else {
            throw .parameter("slope must be a finite number > 0 (got \(c)); it is c = ln(λ_i/λ_{i+1})")
        }
        let values = (0..<d).map { lambda1 * Double.exp(-c * Double($0)) }
        return Spectrum(source: .geometric(lambda1: lambda1, slope: c), eigenvalues: values)
    }

    /// λ_i = λ₁ i^{−α}, i = 1…d.
    public static func powerLaw(lambda1: Double = 1, alpha: Double, dimension d: Int = 200) throws(RibbonError)
        -> Spectrum
    {
        try validate(lambda1: lambda1, dimension: d)
        guard alpha.isFinite, alpha > 0 else {
            throw .parameter("alpha must be a finite number > 0 (got \(alpha)); the power law is λ_i = λ₁ i^(−α)")
        }
        let values = (1...d).map { lambda1 * Double.exp(-alpha * Double.log(Double($0))) }
        return Spectrum(source: .powerLaw(lambda1: lambda1, alpha: alpha), eigenvalues: values)
    }

    /// A spectrum given directly (already validated by the caller, e.g. ``SpectrumFile``).
    init(source: Source, eigenvalues: [Double]) {
        self.source = source
        self.eigenvalues = eigenvalues
    }

    private static func validate(lambda1: Double, dimension d: Int) throws(RibbonError) {
        guard lambda1.isFinite, lambda1 > 0 else {
            throw .parameter("lambda1 must be a finite number > 0 (got \(lambda1))")
        }
        guard d >= 2 else { throw .parameter("dim must be at least 2 (got \(d))") }
        // The limit spectrum files and data spectra share; the large-d engine was measured up to it (0.15 s per point).
        guard d <= 20_000 else {
            throw .parameter(
                "dim must be at most 20000 (got \(d)), the largest dimension ribbon reads or was checked at")
        }
    }

    /// The kind as written in table columns: `geometric`, `power`, `kernel:rbf`, `file`.
    public var kindName: String {
        switch source {
        case .geometric: return "geometric"
        case .powerLaw: return "power"
        case .kernel(let k): return "kernel:" + k.kind.rawValue
        case .file: return "file"
        }
    }

    /// A short human-readable name, e.g. `geometric(λ₁=1, c=1, d=200)`.
    public var summary: String {
        func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }
        switch source {
        case .geometric(let l, let c): return "geometric(λ₁=\(f(l)), c=\(f(c)), d=\(dimension))"
        case .powerLaw(let l, let a): return "power(λ₁=\(f(l)), α=\(f(a)), d=\(dimension))"
        case .file(let p): return "file(\(p), d=\(dimension), λ₁=\(lambda1))"
        case .kernel(let k):
            return
                "kernel:\(k.kind.rawValue)(p=\(k.inputDimension), n=\(k.samples), ℓ=\(f(k.lengthScale)), σ_x=\(f(k.inputScale)), seed=\(k.seed), d=\(dimension))"
        }
    }
}
