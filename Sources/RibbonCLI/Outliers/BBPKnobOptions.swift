import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

extension BBPBoundary.Model: ExpressibleByArgument {}
extension BBPBoundary.Knob: ExpressibleByArgument {}

/// The knob values of the BBP models, as plain values (`boundary bbp`) or grids (`scan bbp`).
struct BBPKnobOptions: ParsableArguments {
    @Option(help: "Spiked model: logit (logit-gradient model, G) or mixture (Gaussian-mixture test Hessian at x = 0).")
    var model: BBPBoundary.Model
    @Option(help: "Classes C (logit) or k (mixture), ≥ 2.") var classes: String?
    @Option(help: "Logit: samples N.") var samples: String?
    @Option(help: "Logit: parameters D.") var parameters: String?
    @Option(parsing: .unconditional, help: "Logit: σ_c²/σ_E², the class-gradient to noise variance ratio.")
    var varianceRatio: String?
    @Option(
        parsing: .unconditional, help: "Logit: noise variance σ_E² (scales the edge and outlier, not the threshold).")
    var noiseVariance: Double = 1
    @Option(help: "Mixture: input dimension d.") var dim: String?
    @Option(help: "Mixture: test samples M̃.") var testSamples: String?
    @Option(parsing: .unconditional, help: "Mixture: signal-to-noise λ (Z ~ N(0, I/λ)).") var lambda: String?
    @Option(parsing: .unconditional, help: "Mixture: norm |μ| of the orthogonal means.") var meanNorm: Double = 1
    @Option(parsing: .unconditional, help: "Mixture: ridge β (shifts the edge and outlier, not the threshold).")
    var ridge: Double = 0

    /// The option of each knob, in the model's order.
    func specification(_ knob: BBPBoundary.Knob) -> String? {
        switch knob {
        case .classes: return classes
        case .samples: return samples
        case .parameters: return parameters
        case .varianceRatio: return varianceRatio
        case .dim: return dim
        case .testSamples: return testSamples
        case .lambda: return lambda
        }
    }

    /// The grid of every knob of the model (a single value is a one-point grid); `free` may be absent.
    func axes(free: BBPBoundary.Knob?) throws -> [(BBPBoundary.Knob, GridAxis)] {
        let mine = BBPBoundary.Knob.knobs(of: model)
        if let free, !mine.contains(free) {
            throw RibbonError.parameter(
                "'\(free.rawValue)' is not a knob of the \(model.rawValue) model; its knobs are "
                    + mine.map(\.rawValue).joined(separator: ", "))
        }
        for knob in BBPBoundary.Knob.allCases where !mine.contains(knob) && specification(knob) != nil {
            throw RibbonError.parameter(
                "--\(knob.rawValue) does not belong to the \(model.rawValue) model; its knobs are "
                    + mine.map { "--\($0.rawValue)" }.joined(separator: ", "))
        }
        if let free, specification(free) != nil {
            throw RibbonError.parameter("--\(free.rawValue) is the traced axis; leave it out")
        }
        var axes: [(BBPBoundary.Knob, GridAxis)] = []
        for knob in mine where knob != free {
            guard let text = specification(knob) else {
                throw RibbonError.parameter(
                    "--\(knob.rawValue) is required for the \(model.rawValue) model\(free == nil ? "" : " (unless it is the traced axis)")"
                )
            }
            axes.append((knob, try GridAxis.parse(text, name: "--" + knob.rawValue, integer: knob.isInteger)))
        }
        return axes
    }

    /// The model point from knob values.
    func point(_ values: [BBPBoundary.Knob: Double]) -> BBPBoundary.Point {
        let v = { (k: BBPBoundary.Knob) in values[k] ?? .nan }
        switch model {
        case .logit:
            return .logit(
                classes: v(.classes), samples: v(.samples), parameters: v(.parameters), varianceRatio: v(.varianceRatio)
            )
        case .mixture:
            return .mixture(
                classes: v(.classes), testSamples: v(.testSamples), dim: v(.dim), lambda: v(.lambda), meanNorm: meanNorm
            )
        }
    }

    /// The fixed settings recorded in outputs.
    var settings: [(String, JSONValue)] {
        model == .logit
            ? [("noise_variance", .number(noiseVariance))]
            : [("mean_norm", .number(meanNorm)), ("ridge", .number(ridge))]
    }
}
