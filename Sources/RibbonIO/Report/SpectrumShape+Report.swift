import RibbonCore

/// `ribbon spectrum` as a ``Report``: one row per listed eigenvalue with its local slope c_i = ln(λ_i/λ_{i+1});
/// for RBF kernels the Mehler eigenvalues (the n → ∞ law of the Gram spectrum) as predictions; the fits as summary.
extension SpectrumShape {
    public static func report(_ spectrum: Spectrum, shape: SpectrumShape, top: Int, mehler: [Double]?) -> Report {
        let checks = (0..<min(top, spectrum.dimension)).map { i in
            Check(
                Quantity("eigenvalue", index: i + 1), tag: .asymptotic,
                predicted: mehler.flatMap { i < $0.count ? $0[i] : nil },
                measured: spectrum.eigenvalues[i], standardError: nil, verdict: .notJudged(reason: nil),
                references: [Field("local_slope", .number(i < shape.localSlopes.count ? shape.localSlopes[i] : nil))])
        }
        let fitted = shape.fittedModes >= 2 && shape.geometricRate.isFinite
        return Report(
            study: "spectrum", title: "spectrum · \(spectrum.summary)", parameters: ModelParameters.spectrum(spectrum),
            conventions: (mehler == nil
                ? []
                : [
                    Field(
                        "predicted", .text("Mehler eigenvalues of the RBF kernel (the n → ∞ law of the Gram spectrum)"))
                ])
                + [
                    Field("local_slope", .text("c_i = ln(λ_i/λ_{i+1})")),
                    Field(
                        "fits",
                        .text(
                            "least-squares lines of ln λ_i against i (geometric) and ln i (power) over the top modes above the floor"
                        )),
                ],
            checks: checks,
            summary: [
                Field("fitted_modes", .integer(shape.fittedModes)),
                Field("geometric_rate", .number(fitted ? shape.geometricRate : nil)),
                Field("geometric_r_squared", .number(fitted ? shape.geometricR2 : nil)),
                Field("power_exponent", .number(fitted ? shape.powerExponent : nil)),
                Field("power_r_squared", .number(fitted ? shape.powerR2 : nil)),
            ])
    }
}
