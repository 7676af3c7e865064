import RibbonCore

/// The parameter fields of one model point, in the column names every table uses (`spectrum`, `slope`,
/// `alpha`, `dim`, `lambda1`, `eta`, `steps`, `ratio`, `sigma0`, `target`, `dynamics`, `rho`, `epsilon`).
public enum ModelParameters {
    /// The spectrum's fields: kind (`geometric`, `power`, `kernel:rbf`, `file`), shape, d, λ₁.
    /// Kernel spectra add the kernel's own fields, file spectra the path.
    public static func spectrum(_ spectrum: Spectrum) -> [Field] {
        var fields = [
            Field("spectrum", .text(spectrum.kindName)), Field("slope", .number(spectrum.slope)),
            Field("alpha", .number(spectrum.powerLawExponent)), Field("dim", .integer(spectrum.dimension)),
            Field("lambda1", .number(spectrum.lambda1)),
        ]
        switch spectrum.source {
        case .kernel(let k):
            fields += [
                Field("kernel_input_dim", .integer(k.inputDimension)), Field("kernel_samples", .integer(k.samples)),
                Field("kernel_length_scale", .number(k.lengthScale)),
                Field("kernel_input_scale", .number(k.inputScale)),
                Field("kernel_seed", .integer(Int(exactly: k.seed))),
            ]
        case .file(let path): fields.append(Field("spectrum_file", .text(path)))
        case .geometric, .powerLaw: break
        }
        return fields
    }

    /// The spectrum, every knob and the criterion; steps are an integer column when whole.
    public static func point(spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion) -> [Field] {
        Self.spectrum(spectrum) + [
            Field("eta", .number(knobs.eta)), Field("steps", .count(knobs.steps)), Field("ratio", .number(knobs.ratio)),
            Field("sigma0", .number(knobs.sigma0)), Field("target", .text(knobs.target.rawValue)),
            Field("dynamics", .text(knobs.dynamics.rawValue)), Field("rho", .number(criterion.rho)),
            Field("epsilon", .number(criterion.epsilon)),
        ]
    }
}
