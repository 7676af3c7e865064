import ArgumentParser
import RibbonCore
import RibbonIO

/// The hyper-ribbon criterion HR(ρ*, ε) (tag: criterion).
struct CriterionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "ρ*: largest allowed successive variance ratio μ_{k+1}/μ_k, in (0, 1).")
    var rho: Double = HyperRibbonCriterion.defaultRho

    @Option(parsing: .unconditional, help: "ε: share of total variance the criterion ignores (defines K_ε), in (0, 1).")
    var epsilon: Double = HyperRibbonCriterion.defaultEpsilon

    func makeCriterion() throws -> HyperRibbonCriterion {
        try HyperRibbonCriterion(rho: rho, epsilon: epsilon)
    }
}
