import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

extension Outliers {
    /// `ribbon outliers xor`: two-layer XOR by online SGD; success share vs width, second-layer outliers.
    struct XOR: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "xor",
            abstract:
                "Two-layer ReLU network on the XOR mixture by online SGD: success share vs width K, second-layer outliers, coupon-collector estimate.",
            discussion: """
                Means ±e₁ (label 1) and ±e₂ (label 0), Y = mean + Z, Z ~ N(0, I/λ); f = v·ReLU(WY), logistic loss \
                + β/2(‖W‖² + ‖v‖²), online SGD δ = c_δ/d for time t from W ~ N(0, s²/d), v ~ N(0, s²/K). Success: test \
                accuracy ≥ \(XORWidthStudy.successAccuracy) on M̃ fresh samples. Outliers of the second-layer test Hessian \
                Σσ′(f) h hᵀ/M̃: eigenvalues > 1.05 × the top eigenvalue of its within-component part. Covered components: \
                some unit active at the mean with an output weight of the label's sign. Coupon-collector estimate: \
                Σ_j (−1)^j C(4, j)(1 − j/4)^K (each unit lands on a uniformly random component).

                Example: ribbon outliers xor --widths 4,6,8,12 --runs 20
                """)
        @Option(help: ArgumentHelp("Widths K, a comma list.", valueName: "K1,K2,…")) var widths: String = "4,6,8,12"
        @Option(help: "Input dimension d.") var dim: Int = 200
        @Option(parsing: .unconditional, help: "Signal-to-noise λ.") var lambda: Double = 20
        @Option(parsing: .unconditional, help: "Ridge β.") var ridge: Double = 0.01
        @Option(parsing: .unconditional, help: "Step constant c_δ (δ = c_δ/d).") var stepConstant: Double = 1
        @Option(parsing: .unconditional, help: "Training time t (steps = t·d/c_δ).") var time: Double = 40
        @Option(parsing: .unconditional, help: "Initial scale s: W ~ N(0, s²/d), v ~ N(0, s²/K).") var initScale:
            Double = 1
        @Option(help: "Test samples M̃.") var testSamples: Int = 4000
        @Option(help: "Runs (seeds) per width (≥ 2).") var runs: Int = 20
        @Option(help: "First seed.") var seed: UInt64 = 1
        @OptionGroup var destination: ReportOptions

        func run() throws {
            let list = try CommaList.parse(widths, option: "widths") { Int($0) }
            let study = try XORWidthStudy(widths: list, runs: runs, seed: seed) { (k) throws(RibbonError) in
                try TwoLayerXOR(
                    dimension: dim, width: k, lambda: lambda, ridge: ridge, stepConstant: stepConstant, time: time,
                    initialScale: initScale, testSamples: testSamples)
            }
            let parameters = [
                Field("dim", .integer(dim)), Field("lambda", .number(lambda)), Field("ridge", .number(ridge)),
                Field("step_constant", .number(stepConstant)), Field("time", .number(time)),
                Field("init_scale", .number(initScale)),
                Field("test_samples", .integer(testSamples)), Field("runs", .integer(runs)),
                Field("seed", .integer(Int(seed))),
            ]
            try destination.write([study.report(parameters: parameters)], metadata: RunMetadata())
        }
    }
}
