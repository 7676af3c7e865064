import GSL
import RealModule

/// Where Hessian outliers appear (the BBP transition) along one knob of a spiked model of
/// OUTLIERS.md, two ways side by side: the closed-form threshold (the condition θ² > √γ_A, or
/// θ > √γ, solved for the knob) and a numerical root (GSL Brent on ln x) of the squared outlier
/// overlap continued below the threshold, which vanishes exactly there. Both belong to the same
/// asymptotic theory; the root re-derives the threshold through different algebra, so agreement
/// to the solver tolerance checks the closed form's inversion for every knob.
public struct BBPBoundary: Sendable {
    /// The spiked model whose threshold is traced.
    public enum Model: String, Sendable, CaseIterable, Codable {
        /// Logit-gradient model (σ_c², σ_E², N, D, C).
        case logit
        /// Gaussian-mixture test Hessian at x = 0 (λ, |μ|, d, M̃, k).
        case mixture
    }

    /// The knob along which the threshold is traced.
    public enum Knob: String, Sendable, CaseIterable, Codable {
        /// Logit: σ_c²/σ_E². Mixture: none.
        case varianceRatio = "variance-ratio"
        /// Logit: N, D, C.
        case samples, parameters
        /// Both: C or k.
        case classes
        /// Mixture: λ (the signal λ|μ|² at fixed |μ|), d, M̃.
        case lambda, dim
        case testSamples = "test-samples"

        /// The knobs each model has.
        public static func knobs(of model: Model) -> [Knob] {
            model == .logit
                ? [.varianceRatio, .samples, .parameters, .classes] : [.lambda, .dim, .testSamples, .classes]
        }
        /// Integer knobs report the integer boundary too.
        public var isInteger: Bool { self != .varianceRatio && self != .lambda }
    }

    /// The model's parameters as real numbers (integers for counts).
    public struct Point: Sendable, Equatable {
        /// Classes (C or k); samples forming the matrix (logit N, mixture M̃); the matrix order (logit D
        /// parameters, mixture d inputs); the logit σ_c²/σ_E²; the mixture λ and |μ| (nan where not used).
        public var classes: Double, samples: Double, dimension: Double, varianceRatio: Double
        public var lambda: Double, meanNorm: Double

        /// A logit-model point.
        public static func logit(classes: Double, samples: Double, parameters: Double, varianceRatio: Double) -> Point {
            Point(
                classes: classes, samples: samples, dimension: parameters, varianceRatio: varianceRatio, lambda: .nan,
                meanNorm: .nan)
        }
        /// A mixture point.
        public static func mixture(classes: Double, testSamples: Double, dim: Double, lambda: Double, meanNorm: Double)
            -> Point
        {
            Point(
                classes: classes, samples: testSamples, dimension: dim, varianceRatio: .nan, lambda: lambda,
                meanNorm: meanNorm)
        }

        func value(of knob: Knob) -> Double {
            switch knob {
            case .varianceRatio: return varianceRatio
            case .samples, .testSamples: return samples
            case .parameters, .dim: return dimension
            case .classes: return classes
            case .lambda: return lambda
            }
        }

        public func setting(_ knob: Knob, to x: Double) -> Point {
            var p = self
            switch knob {
            case .varianceRatio: p.varianceRatio = x
            case .samples, .testSamples: p.samples = x
            case .parameters, .dim: p.dimension = x
            case .classes: p.classes = x
            case .lambda: p.lambda = x
            }
            return p
        }
    }

    /// The traced model and knob, and the base point (the knob's own value is ignored).
    public let model: Model, knob: Knob, base: Point

    /// Validated: the knob belongs to the model, counts ≥ 1 (classes ≥ 2), ratios and λ > 0.
    public init(model: Model, knob: Knob, base: Point) throws(RibbonError) {
        guard Knob.knobs(of: model).contains(knob) else {
            throw .parameter(
                "knob '\(knob.rawValue)' does not belong to the \(model.rawValue) model; allowed: "
                    + Knob.knobs(of: model).map(\.rawValue).joined(separator: ", "))
        }
        try Self.validate(base, of: model, free: knob)
        self.model = model
        self.knob = knob
        self.base = base
    }

    /// Checks the model's parameters at `base`, except the `free` knob (counts ≥ 1, classes ≥ 2,
    /// ratios, λ and |μ| > 0).
    public static func validate(_ base: Point, of model: Model, free knob: Knob?) throws(RibbonError) {
        func check(_ k: Knob, _ v: Double, minimum: Double, _ name: String) throws(RibbonError) {
            guard k == knob || (v.isFinite && v >= minimum) else {
                throw .parameter("\(name) must be a finite number ≥ \(minimum) (got \(v))")
            }
        }
        try check(.classes, base.classes, minimum: 2, model == .logit ? "classes C" : "classes k")
        if model == .logit {
            try check(.samples, base.samples, minimum: 1, "samples N")
            try check(.parameters, base.dimension, minimum: 1, "parameters D")
            guard knob == .varianceRatio || (base.varianceRatio.isFinite && base.varianceRatio > 0) else {
                throw .parameter("σ_c²/σ_E² must be a finite number > 0 (got \(base.varianceRatio))")
            }
        } else {
            try check(.testSamples, base.samples, minimum: 1, "test samples M̃")
            try check(.dim, base.dimension, minimum: 1, "dimension d")
            guard knob == .lambda || (base.lambda.isFinite && base.lambda > 0) else {
                throw .parameter("λ must be a finite number > 0 (got \(base.lambda))")
            }
            guard base.meanNorm.isFinite && base.meanNorm > 0 else {
                throw .parameter("|μ| must be a finite number > 0 (got \(base.meanNorm))")
            }
        }
    }

    /// The closed-form threshold of the knob.
    public var closedForm: Double {
        let p = base
        switch (model, knob) {
        case (.logit, .varianceRatio): return ((p.classes - 1) / (p.samples * p.dimension)).squareRoot()
        case (.logit, .samples): return (p.classes - 1) / (p.dimension * p.varianceRatio * p.varianceRatio)
        case (.logit, .parameters): return (p.classes - 1) / (p.samples * p.varianceRatio * p.varianceRatio)
        case (.logit, .classes): return 1 + p.samples * p.dimension * p.varianceRatio * p.varianceRatio
        case (.mixture, .lambda): return p.classes * (p.dimension / p.samples).squareRoot() / (p.meanNorm * p.meanNorm)
        case (.mixture, .testSamples):
            let s = p.lambda * p.meanNorm * p.meanNorm / p.classes; return p.dimension / (s * s)
        case (.mixture, .dim): let s = p.lambda * p.meanNorm * p.meanNorm / p.classes; return p.samples * s * s
        case (.mixture, .classes): return p.lambda * p.meanNorm * p.meanNorm / (p.dimension / p.samples).squareRoot()
        default: return .nan
        }
    }

    /// The formula of the closed form, for outputs.
    public var formula: String {
        switch (model, knob) {
        case (.logit, .varianceRatio): return "σ_c²/σ_E² = √((C − 1)/(ND))"
        case (.logit, .samples): return "N = (C − 1)/(D (σ_c²/σ_E²)²)"
        case (.logit, .parameters): return "D = (C − 1)/(N (σ_c²/σ_E²)²)"
        case (.logit, .classes): return "C = 1 + ND (σ_c²/σ_E²)²"
        case (.mixture, .lambda): return "λ = k√(d/M̃)/|μ|²"
        case (.mixture, .testSamples): return "M̃ = d k²/(λ|μ|²)²"
        case (.mixture, .dim): return "d = M̃ (λ|μ|²/k)²"
        case (.mixture, .classes): return "k = λ|μ|²/√(d/M̃)"
        default: return ""
        }
    }

    /// Whether outliers exist above the threshold along the knob (else below).
    public var outliersAbove: Bool { model.margin(at: base.setting(knob, to: closedForm * 2)) > 0 }

    /// The numerical root (tolerance on ln x, i.e. relative in x) and its Brent iterations; the bracket is [closed form/10³, closed form·10³]
    /// (clipped to the knob's domain), so a wrong closed form that misses by more than 10³ fails loudly.
    public func root(relativeTolerance: Double = 1e-13) throws(RibbonError) -> (value: Double, iterations: Int) {
        let guess = closedForm
        guard guess.isFinite, guess > 0 else {
            throw RibbonError(.numerical, "the closed-form threshold is not a positive number (\(guess))")
        }
        // The logit model needs C > 1 (γ_A has C − 1 in its denominator); C* = 1 + NDρ² > 1 always.
        let low = model == .logit && knob == .classes ? max(guess / 1e3, 1 + 1e-9) : guess / 1e3, high = guess * 1e3
        do {
            let r = try RootFinding.brent(
                lower: Double.log(low), upper: Double.log(high), absoluteTolerance: relativeTolerance,
                relativeTolerance: 0
            ) { (u) throws(RibbonError) in
                self.model.continuedOverlap(at: self.base.setting(self.knob, to: Double.exp(u)))
            }
            return (Double.exp(r.value), r.iterations)
        } catch {
            throw RibbonError(.numerical, "Brent on the continued overlap failed along \(knob.rawValue): \(error)")
        }
    }

    /// The smallest allowed value of an integer knob (2 for classes, else 1).
    public var integerMinimum: Int { knob == .classes ? 2 : 1 }

    /// For integer knobs: the integer nearest the threshold on the side with outliers (the smallest
    /// N, D or M̃ with outliers; the largest C, d or k with outliers), checked against the condition
    /// itself at the neighbouring integers (the closed form may round across an integer threshold).
    public var integerBoundary: Int? {
        guard knob.isInteger else { return nil }
        let x = closedForm
        guard x.isFinite, x < 1e15 else { return nil }
        func has(_ n: Int) -> Bool { model.hasOutliers(at: base.setting(knob, to: Double(n))) }
        if outliersAbove {
            var n = max(Int(x.rounded(.up)), integerMinimum)
            while n > integerMinimum && has(n - 1) { n -= 1 }
            while !has(n) { n += 1 }
            return n
        }
        var n = Int(x.rounded(.down))
        while has(n + 1) { n += 1 }
        while n >= integerMinimum && !has(n) { n -= 1 }
        return n
    }
}

extension BBPBoundary.Model {
    /// The spike strength s (logit θ² = Dσ_c²/((C − 1)σ_E²), mixture θ = λ|μ|²/k) and aspect ratio
    /// γ (γ_A = D/(N(C − 1)), or d/M̃) at `p`: outliers iff s > √γ.
    public func spikeAndAspect(at p: BBPBoundary.Point) -> (spike: Double, aspect: Double) {
        switch self {
        case .logit:
            return (p.dimension * p.varianceRatio / (p.classes - 1), p.dimension / (p.samples * (p.classes - 1)))
        case .mixture: return (p.lambda * p.meanNorm * p.meanNorm / p.classes, p.dimension / p.samples)
        }
    }

    /// s/√γ − 1 at `p` (> 0: outliers).
    public func margin(at p: BBPBoundary.Point) -> Double {
        let (s, g) = spikeAndAspect(at: p)
        return s / g.squareRoot() - 1
    }

    /// The BBP condition s > √γ, evaluated as the models evaluate it, so that an integer exactly at
    /// the threshold is classified as `ribbon outliers` classifies it.
    public func hasOutliers(at p: BBPBoundary.Point) -> Bool {
        let (s, g) = spikeAndAspect(at: p)
        return s > g.squareRoot()
    }

    /// The squared outlier overlap continued below the threshold (negative there; OUTLIERS.md §1, §2).
    public func continuedOverlap(at p: BBPBoundary.Point) -> Double {
        let (t, g) = spikeAndAspect(at: p)
        switch self {
        case .logit: return 1 - g * (1 + t) / (t * (t + g))
        case .mixture: return (1 - g / (t * t)) / (1 + g / t)
        }
    }
}
