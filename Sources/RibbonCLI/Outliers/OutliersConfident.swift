import ArgumentParser
import RibbonCore
import RibbonIO
import RibbonSim

extension Outliers {
    /// `ribbon outliers confident`: the class-resolved logit-gradient model with a confident classifier.
    struct Confident: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Class-resolved logit-gradient model, confident classifier: M̄_c spectrum, C outliers + C(C − 2) mini-bulk, simulated.",
            discussion: """
                ∇z_k(x_μ) = c_{k,y_μ} + E_kμ, p = (1 − ε)e_y + ε/(C − 1)(𝟏 − e_y), uniform labels. Exact: spec M̄_c = \
                {Cε(1−ε)/(C−1), ε/(C−1) × (C−2), 0}. Simulated over seeds: eigenvalues of G above 1.05 × the bulk edge \
                measured without the class gradients, split into outliers / mini-bulk at their largest ratio if > 1.5; \
                counts judged in every seed (exit 1 on a failure), leading-order locations shown.

                Example: ribbon outliers confident --classes 5 --samples 200 --parameters 1000 --class-variance 1 --epsilon 0.2
                """)
        @Option(help: "Classes C (≥ 3).") var classes: Int
        @Option(help: "Samples N.") var samples: Int
        @Option(help: "Parameters D.") var parameters: Int
        @Option(parsing: .unconditional, help: "Class-gradient variance σ_c².") var classVariance: Double
        @Option(parsing: .unconditional, help: "Noise variance σ_E².") var noiseVariance: Double = 1
        @Option(parsing: .unconditional, help: "Confidence ε: p = (1 − ε) on the label.") var epsilon: Double
        @Option(help: "Seeds.") var runs: Int = 3
        @Option(help: "First seed.") var seed: UInt64 = 1
        @OptionGroup var destination: ReportOptions

        func run() throws {
            let s = try ClassResolvedSimulation(
                classes: classes, samples: samples, parameters: parameters, classVariance: classVariance,
                noiseVariance: noiseVariance, epsilon: epsilon, runs: runs, seed: seed)
            let spectrum = LogitGradientModel.confidentSpectrum(classes: classes, epsilon: epsilon)
            let predictions = [
                Prediction(name: "mbar_top", tag: .exact, value: spectrum[0], formula: "Cε(1 − ε)/(C − 1)"),
                Prediction(
                    name: "mbar_mini", tag: .exact, value: spectrum[1], formula: "ε/(C − 1), multiplicity C − 2"),
                Prediction(name: "outlier_count", tag: .exact, value: Double(classes), formula: "C (one per class)"),
                Prediction(
                    name: "mini_bulk_count", tag: .exact, value: Double(classes * (classes - 2)), formula: "C(C − 2)"),
            ]
            try Outliers.write(
                OutlierReport(
                    model: "confident",
                    parameters: [
                        ("classes", .integer(classes)), ("samples", .integer(samples)),
                        ("parameters", .integer(parameters)),
                        ("class_variance", .number(classVariance)), ("noise_variance", .number(noiseVariance)),
                        ("epsilon", .number(epsilon)),
                    ],
                    predictions: predictions, simulation: OutlierSimulation(confident: s)), to: destination)
        }
    }
}
