/// How much a number can be trusted, carried into every output (THEORY.md, "Status").
public enum ResultTag: String, Sendable, Codable, CaseIterable {
    /// An identity, checked numerically against brute force.
    case exact
    /// A limit law: valid in a stated regime, with observed accuracy.
    case asymptotic
    /// A small d-independent computation, not a formula (e.g. R1, the leading block of B).
    case reduced
    /// A proven inequality from the literature.
    case bound
    /// A definition chosen by the user (thresholds of the hyper-ribbon criterion).
    case criterion
    /// Not a prediction: a value measured on simulated training or sampled matrices, shown beside the
    /// predictions (a check row without a prediction carries this tag).
    case measured
}
