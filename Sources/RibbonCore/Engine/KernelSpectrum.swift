import GSL
import RealModule

/// Spectra of kernel machines (THEORY.md §6): the eigenvalues of K/n for an actual kernel matrix on
/// seeded Gaussian inputs x ~ N(0, σ_x² I_p), and for the RBF kernel the closed-form Mehler spectrum
/// of the same integral operator. GD on the dual coefficients is E1 with these eigenvalues.
public struct KernelSpectrum: Sendable {
    /// The kernels offered (`--spectrum kernel:NAME`).
    public enum Kind: String, Sendable, CaseIterable {
        /// exp(−‖x − y‖²/(2ℓ²)).
        case rbf
        /// exp(−‖x − y‖/ℓ).
        case laplace
        /// Arc-cosine kernel of degree 0 (Cho & Saul): 1 − θ/π, θ the angle between x and y.
        case arccos0
        /// Arc-cosine kernel of degree 1: (‖x‖‖y‖/π)(sin θ + (π − θ) cos θ).
        case arccos1
        /// Infinite-width NTK of a one-hidden-layer ReLU net: (x·y)(π − θ)/(2π) + (‖x‖‖y‖/(2π))(sin θ + (π − θ) cos θ).
        case ntkRelu = "ntk-relu"
    }

    /// The data and kernel that define the spectrum; recorded in outputs.
    public struct Settings: Sendable, Equatable {
        public var kind: Kind
        /// Input dimension p.
        public var inputDimension: Int
        /// Number of samples n (the matrix is n × n).
        public var samples: Int
        /// Kernel length scale ℓ (RBF, Laplace).
        public var lengthScale: Double
        /// Input standard deviation σ_x.
        public var inputScale: Double
        /// Seed of the Gaussian inputs.
        public var seed: UInt64

        /// Validated settings.
        public init(
            kind: Kind, inputDimension: Int = 5, samples: Int = 400, lengthScale: Double = 1,
            inputScale: Double = 1, seed: UInt64 = 1
        ) throws(RibbonError) {
            guard inputDimension >= 1 else {
                throw .parameter("kernel input dimension p must be at least 1 (got \(inputDimension))")
            }
            guard samples >= 2, samples <= 4000 else {
                throw .parameter("kernel samples n must be in 2…4000 (got \(samples)); the matrix is n × n")
            }
            guard lengthScale > 0, lengthScale.isFinite else {
                throw .parameter("length scale ℓ must be a finite number > 0 (got \(lengthScale))")
            }
            guard inputScale > 0, inputScale.isFinite else {
                throw .parameter("input scale σ_x must be a finite number > 0 (got \(inputScale))")
            }
            guard seed <= RandomGenerator.maximumSeed else {
                throw .parameter("kernel seed must be in 0…\(RandomGenerator.maximumSeed) (got \(seed))")
            }
            self.kind = kind
            self.inputDimension = inputDimension
            self.samples = samples
            self.lengthScale = lengthScale
            self.inputScale = inputScale
            self.seed = seed
        }
    }

    /// The kernel between two inputs.
    public static func kernel(_ kind: Kind, _ x: ArraySlice<Double>, _ y: ArraySlice<Double>, lengthScale: Double)
        -> Double
    {
        var dot = 0.0, xx = 0.0, yy = 0.0, d2 = 0.0
        for (a, b) in zip(x, y) { dot += a * b; xx += a * a; yy += b * b; d2 += (a - b) * (a - b) }
        let norms = (xx * yy).squareRoot()
        let cosine = norms > 0 ? min(max(dot / norms, -1), 1) : 1
        let theta = Double.acos(cosine)
        let j1 = (1 - cosine * cosine).squareRoot() + (Double.pi - theta) * cosine  // sin θ + (π − θ) cos θ
        switch kind {
        case .rbf: return Double.exp(-d2 / (2 * lengthScale * lengthScale))
        case .laplace: return Double.exp(-d2.squareRoot() / lengthScale)
        case .arccos0: return 1 - theta / Double.pi
        case .arccos1: return norms / Double.pi * j1
        case .ntkRelu: return dot * (Double.pi - theta) / (2 * Double.pi) + norms / (2 * Double.pi) * j1
        }
    }

    /// The n × n matrix K/n (row-major) on the seeded inputs: the same matrix every command uses.
    public static func normalizedMatrix(_ s: Settings) -> [Double] {
        let rng = RandomGenerator(seed: s.seed)
        let p = s.inputDimension, n = s.samples
        let x = (0..<(n * p)).map { _ in s.inputScale * rng.gaussian() }
        var k = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let v =
                    kernel(s.kind, x[(i * p)..<((i + 1) * p)], x[(j * p)..<((j + 1) * p)], lengthScale: s.lengthScale)
                    / Double(n)
                k[i * n + j] = v
                k[j * n + i] = v
            }
        }
        return k
    }

    /// Eigenvalues of K/n (descending; rounding negatives set to 0), the top `count` kept.
    public static func matrixEigenvalues(_ s: Settings, count: Int) throws(RibbonError) -> [Double] {
        let values: [Double]
        do { values = try SymmetricEigensolver(order: s.samples).eigenvalues(of: normalizedMatrix(s)) } catch {
            throw RibbonError(.numerical, "eigenvalues of the kernel matrix failed: \(error)")
        }
        return values.prefix(count).map { max($0, 0) }
    }

    /// Mehler (closed form, exact for the integral operator): for x ~ N(0, σ_x²) per coordinate and
    /// the RBF kernel, λ_m = √(2a/A) B^m with a = 1/(4σ_x²), b = 1/(2ℓ²), c = √(a² + 2ab), A = a + b + c,
    /// B = b/A; in p dimensions the eigenvalues are (2a/A)^{p/2} B^m with multiplicity C(m + p − 1, p − 1).
    public static func mehlerEigenvalues(_ s: Settings, count: Int) -> [Double] {
        let a = 1 / (4 * s.inputScale * s.inputScale), b = 1 / (2 * s.lengthScale * s.lengthScale)
        let c = (a * a + 2 * a * b).squareRoot(), bigA = a + b + c, ratio = b / bigA
        let base = Double.pow(2 * a / bigA, Double(s.inputDimension) / 2)
        var out: [Double] = []
        var m = 0
        while out.count < count {
            // Multiplicity C(m + p − 1, p − 1).
            var multiplicity = 1.0
            for j in 1..<max(s.inputDimension, 1) { multiplicity *= Double(m + j) / Double(j) }
            let value = base * Double.pow(ratio, Double(m))
            out += [Double](repeating: value, count: min(Int(multiplicity), count - out.count))
            m += 1
        }
        return out
    }

    /// The spectrum of K/n as a `Spectrum` with its d leading eigenvalues.
    public static func spectrum(_ s: Settings, dimension d: Int) throws(RibbonError) -> Spectrum {
        guard d >= 2, d <= s.samples else {
            throw .parameter("dim must be in 2…n = \(s.samples) for a kernel spectrum (got \(d))")
        }
        let values = try matrixEigenvalues(s, count: d)
        guard values[0] > 0 else { throw RibbonError(.numerical, "the kernel matrix has no positive eigenvalue") }
        return Spectrum(source: .kernel(s), eigenvalues: values)
    }
}

/// What a spectrum looks like: local slopes and fitted geometric and power laws.
public struct SpectrumShape: Sendable {
    /// c_i = ln(λ_i/λ_{i+1}) for the leading modes.
    public let localSlopes: [Double]
    /// Least-squares geometric law ln λ_i = a − c·i: rate c and coefficient of determination R².
    public let geometricRate: Double, geometricR2: Double
    /// Least-squares power law ln λ_i = a − α ln i: exponent α and R².
    public let powerExponent: Double, powerR2: Double
    /// Modes used in the fits (λ_i ≥ 1e-12 λ₁, at most `count`).
    public let fittedModes: Int

    /// Shape of the leading `count` eigenvalues.
    public init(_ spectrum: Spectrum, count: Int = 50) {
        let lambda = spectrum.eigenvalues
        let usable = min(count, lambda.firstIndex { !($0 >= 1e-12 * lambda[0]) } ?? lambda.count)
        localSlopes = (0..<max(usable - 1, 0)).map { Double.log(lambda[$0] / lambda[$0 + 1]) }
        let y = (0..<usable).map { Double.log(lambda[$0]) }
        (geometricRate, geometricR2) = Self.fit(x: (0..<usable).map { Double($0 + 1) }, y: y)
        (powerExponent, powerR2) = Self.fit(x: (0..<usable).map { Double.log(Double($0 + 1)) }, y: y)
        fittedModes = usable
    }

    /// (−slope, R²) of the least-squares line y = a + slope·x.
    static func fit(x: [Double], y: [Double]) -> (Double, Double) {
        let n = Double(x.count)
        guard x.count >= 2 else { return (.nan, .nan) }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my)
        }
        let slope = sxy / sxx
        return (-slope, syy > 0 ? slope * slope * sxx / syy : 1)
    }
}
