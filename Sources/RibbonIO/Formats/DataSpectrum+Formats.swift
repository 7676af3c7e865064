import RibbonCore

/// What a spectrum computed from data says about itself: comment lines of its file and sidecar members.
extension DataSpectrum {
    /// The convention, as written in files and reports.
    public static let normalisation = "Σ = XᵀX/n (n, not n − 1; THEORY.md §1)"

    /// How the eigenvalues were obtained, in a few words.
    public var methodDescription: String {
        switch method {
        case .covariance:
            return "eigenvalues of the \(columns) × \(columns) matrix XᵀX/n (\(solver.rawValue))"
        case .gram:
            return
                "eigenvalues of the \(rows) × \(rows) Gram matrix XXᵀ/n (\(solver.rawValue); same nonzero eigenvalues as XᵀX/n, n < d), padded with \(columns - rows) zeros"
        }
    }

    /// The comment lines of the spectrum file written from `data`.
    public func comments(data: String) -> [String] {
        [
            "eigenvalues of \(Self.normalisation), descending, from the data matrix X in \(data)",
            "data: n = \(rows) samples (rows) × d = \(columns) features (columns)",
            "centred: \(centred ? "yes" : "no")\(centred ? " (column means subtracted first)" : " (raw columns)")",
            "method: \(methodDescription)",
            "negative round-off set to 0: \(clampedNegatives)",
            "ribbon \(RunMetadata.version), git \(RunMetadata.gitCommit)",
        ]
    }

    /// The data, the centring and the convention as report fields (printed with the spectrum report).
    public func fields(data: String) -> [Field] {
        [
            Field("data", .text("\(data): n = \(rows) samples × d = \(columns) features")),
            Field("centred", .text(centred ? "yes (column means subtracted first)" : "no (raw columns)")),
            Field("normalisation", .text(Self.normalisation)), Field("method", .text(methodDescription)),
            Field("negative_roundoff_set_to_zero", .integer(clampedNegatives)),
        ]
    }

    /// The data spectrum as sidecar members.
    public func json(data: String) -> JSONValue {
        .object([
            ("data", .string(data)), ("samples", .integer(rows)), ("features", .integer(columns)),
            ("centred", .bool(centred)), ("normalisation", .string(Self.normalisation)),
            ("method", .string(method.rawValue)), ("eigensolver", .string(solver.rawValue)),
            ("negative_roundoff_set_to_zero", .integer(clampedNegatives)),
            ("lambda1", .number(eigenvalues[0])), ("trace", .number(eigenvalues.reduce(0, +))),
        ])
    }
}
