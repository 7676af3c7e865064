import RibbonCore

extension JSONValue {
    /// The parameters of one point: spectrum (kind, shape, dimension, λ₁), every knob, the criterion.
    public static func parameters(
        spectrum: Spectrum, knobs: Knobs, criterion: HyperRibbonCriterion,
        omitting free: String? = nil
    ) -> JSONValue {
        var spectrumMembers: [(String, JSONValue)]
        switch spectrum.source {
        case .geometric(_, let c): spectrumMembers = [("kind", .string("geometric")), ("slope", .number(c))]
        case .powerLaw(_, let a): spectrumMembers = [("kind", .string("power")), ("alpha", .number(a))]
        case .file(let p): spectrumMembers = [("kind", .string("file")), ("path", .string(p))]
        case .kernel(let k):
            spectrumMembers = [
                ("kind", .string("kernel")), ("kernel", .string(k.kind.rawValue)),
                ("input_dimension", .integer(k.inputDimension)),
                ("samples", .integer(k.samples)), ("length_scale", .number(k.lengthScale)),
                ("input_scale", .number(k.inputScale)), ("seed", .string(String(k.seed))),
            ]
        }
        if free == "slope" { spectrumMembers.removeAll { $0.0 == "slope" } }
        spectrumMembers += [("dimension", .integer(spectrum.dimension)), ("lambda1", .number(spectrum.lambda1))]
        let members: [(String, JSONValue)] = [
            ("spectrum", .object(spectrumMembers)),
            ("eta", .number(knobs.eta)),
            ("steps", Int(exactly: knobs.steps).map(JSONValue.integer) ?? .number(knobs.steps)),
            ("ratio", .number(knobs.ratio)),
            ("sigma0", .number(knobs.sigma0)),
            ("target", .string(knobs.target.rawValue)),
            ("dynamics", .string(knobs.dynamics.rawValue)),
            ("rho", .number(criterion.rho)),
            ("epsilon", .number(criterion.epsilon)),
        ]
        return .object(members.filter { $0.0 != free })
    }

    /// A closed form or bound as a JSON object.
    public static func prediction(_ p: Prediction) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("value", .optional(p.value)), ("tag", .string(p.tag.rawValue)),
            ("exact", .optional(p.exactValue)), ("relative_difference", .optional(p.relativeDifference)),
            ("formula", .string(p.formula)),
        ]
        if let holds = p.boundHolds { members.append(("bound_holds", .bool(holds))) }
        if let note = p.note { members.append(("note", .string(note))) }
        return .object(members)
    }
}
