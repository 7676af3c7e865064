import RibbonCore
import RibbonSim

/// `ribbon outliers xor` as a ``Report``: per width K, the success share against the coupon-collector estimate
/// and the outlier statistics over seeds.
extension XORWidthStudy {
    public func report(parameters: [Field]) -> Report {
        var checks: [Check] = []
        for r in rows {
            let at = [Field("width", .integer(r.width))]
            func share(_ name: String, _ p: Double) -> Check {
                Check(
                    Quantity(name), tag: .measured, predicted: nil, measured: p,
                    standardError: SeedStatistics.binomialStandardError(share: p, runs: r.runs),
                    verdict: .notJudged(reason: nil), coordinates: at)
            }
            checks.append(
                Check(
                    Quantity("success_share"), tag: .asymptotic, predicted: r.couponCollector, measured: r.successShare,
                    standardError: SeedStatistics.binomialStandardError(share: r.successShare, runs: r.runs),
                    verdict: .notJudged(
                        reason: "coupon-collector estimate (units on uniformly random components): shown, not judged"),
                    coordinates: at))
            checks += [
                share("four_outlier_share", r.fourOutlierShare), share("outliers_iff_success", r.agreement),
                share("outliers_match_covered", r.outliersMatchCovered),
            ]
            let outliers = r.outcomes.map { Double($0.outliers) }, accuracy = r.outcomes.map(\.accuracy)
            let (meanOutliers, outliersSE) = SeedStatistics.meanAndStandardError(outliers)
            let (meanAccuracy, accuracySE) = SeedStatistics.meanAndStandardError(accuracy)
            checks += [
                Check(
                    Quantity("mean_outliers"), tag: .measured, predicted: nil, measured: meanOutliers,
                    standardError: outliersSE,
                    verdict: .notJudged(reason: nil), coordinates: at),
                Check(
                    Quantity("mean_accuracy"), tag: .measured, predicted: nil, measured: meanAccuracy,
                    standardError: accuracySE,
                    verdict: .notJudged(reason: nil), coordinates: at),
            ]
        }
        return Report(
            study: "outliers xor", title: "outliers xor: two-layer ReLU network on the XOR mixture (OUTLIERS.md §2)",
            parameters: parameters,
            conventions: [
                Field("success", .text("test accuracy ≥ \(XORWidthStudy.successAccuracy)")),
                Field(
                    "outliers",
                    .text(
                        "eigenvalues of the second-layer test Hessian > 1.05 × the top eigenvalue of its within-component part"
                    )),
                Field(
                    "shares",
                    .text(
                        "over seeds, SE binomial √(p(1 − p)/runs); outliers_iff_success: share of runs where (4 outliers) ⇔ success"
                    )),
            ], checks: checks)
    }
}
