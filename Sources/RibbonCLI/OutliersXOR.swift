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
            abstract: "Two-layer ReLU network on the XOR mixture by online SGD: success share vs width K, second-layer outliers, coupon-collector estimate.",
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
        @Option(parsing: .unconditional, help: "Initial scale s: W ~ N(0, s²/d), v ~ N(0, s²/K).") var initScale: Double = 1
        @Option(help: "Test samples M̃.") var testSamples: Int = 4000
        @Option(help: "Runs (seeds) per width (≥ 2).") var runs: Int = 20
        @Option(help: "First seed.") var seed: UInt64 = 1
        @OptionGroup var destination: OutputOptions

        func run() throws {
            let list = try CommaList.parse(widths, option: "widths") { Int($0) }
            let study = try XORWidthStudy(widths: list, runs: runs, seed: seed) { (k) throws(RibbonError) in
                try TwoLayerXOR(dimension: dim, width: k, lambda: lambda, ridge: ridge, stepConstant: stepConstant, time: time,
                                initialScale: initScale, testSamples: testSamples)
            }
            let parameters: [(String, JSONValue)] = [
                ("dim", .integer(dim)), ("lambda", .number(lambda)), ("ridge", .number(ridge)), ("step_constant", .number(stepConstant)),
                ("time", .number(time)), ("init_scale", .number(initScale)), ("test_samples", .integer(testSamples)),
                ("runs", .integer(runs)), ("seed", .integer(Int(seed))), ("success_accuracy", .number(XORWidthStudy.successAccuracy))]
            let metadata = RunMetadata()
            try destination.write(metadata: metadata, sidecar: [("model", .string("xor")), ("parameters", .object(parameters))],
                                  table: { Self.table(study, parameters: parameters) }, csv: { Self.csv(study) },
                                  json: { Self.json(study, parameters: parameters, metadata: metadata) })
        }

        static func json(_ study: XORWidthStudy, parameters: [(String, JSONValue)], metadata: RunMetadata) -> JSONValue {
            .object([("parameters", .object(parameters)), ("rows", .array(study.rows.map { r in
                .object([("width", .integer(r.width)), ("success_share", .number(r.successShare)),
                         ("four_outlier_share", .number(r.fourOutlierShare)), ("agreement", .number(r.agreement)),
                         ("outliers_match_covered", .number(r.outliersMatchCovered)), ("mean_outliers", .number(r.meanOutliers)),
                         ("mean_accuracy", .number(r.meanAccuracy)),
                         ("coupon_collector", .object([("value", .number(r.couponCollector)), ("tag", .string("asymptotic"))])),
                         ("runs", .array(r.outcomes.map { o in .object([("accuracy", .number(o.accuracy)), ("outliers", .integer(o.outliers)),
                                                                        ("covered", .integer(o.coveredComponents))]) }))])
            })), ("provenance", metadata.json())])
        }

        static func table(_ study: XORWidthStudy, parameters: [(String, JSONValue)]) -> String {
            var lines = ["ribbon \(RunMetadata.version) · outliers xor: two-layer ReLU network on the XOR mixture (OUTLIERS.md §2)",
                         "parameters " + parameters.map { "\($0.0)=\(OutlierReport.text($0.1))" }.joined(separator: "  "), ""]
            var t = TextTable(headers: ["K", "success", "±SE", "4 outliers", "(4 outliers) ⇔ success", "outliers = covered", "mean outliers",
                                        "coupon collector (asymptotic)"],
                              alignments: [.right, .right, .right, .right, .right, .right, .right, .right])
            for r in study.rows {
                let se = (r.successShare * (1 - r.successShare) / Double(r.runs)).squareRoot()
                t.append([String(r.width), NumberFormat.short(r.successShare, digits: 3), NumberFormat.short(se, digits: 2),
                          NumberFormat.short(r.fourOutlierShare, digits: 3), NumberFormat.short(r.agreement, digits: 3),
                          NumberFormat.short(r.outliersMatchCovered, digits: 3), NumberFormat.short(r.meanOutliers, digits: 3),
                          NumberFormat.short(r.couponCollector, digits: 3)])
            }
            lines.append(t.render())
            return lines.joined(separator: "\n") + "\n"
        }

        static func csv(_ study: XORWidthStudy) -> String {
            var table = CSVTable(header: ["width", "seed_index", "accuracy", "success", "outliers", "covered_components", "edge", "top_eigenvalue", "coupon_collector"])
            for r in study.rows {
                for (i, o) in r.outcomes.enumerated() {
                    table.append([.integer(r.width), .integer(i), .number(o.accuracy), .text(o.accuracy >= XORWidthStudy.successAccuracy ? "true" : "false"),
                                  .integer(o.outliers), .integer(o.coveredComponents), .number(o.edge), .number(o.eigenvalues.first),
                                  .number(r.couponCollector)])
                }
            }
            return table.render()
        }
    }
}
