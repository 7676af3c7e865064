import Foundation
import RibbonCore

/// Writing spectrum files, and what reading one changed as provenance.
extension SpectrumFile {
    /// The column name of the header line a written spectrum file carries.
    public static let headerName = "eigenvalue"

    /// A spectrum file: `# ` + each comment line, the header line `eigenvalue`, then one eigenvalue per line
    /// in the order given, as `%.17g` (which reads back to the same double).
    public static func text(_ eigenvalues: [Double], comments: [String]) -> String {
        var out = comments.map { "# " + $0 + "\n" }.joined() + headerName + "\n"
        out.reserveCapacity(out.utf8.count + 25 * eigenvalues.count)
        for value in eigenvalues { out += String(format: "%.17g", value) + "\n" }
        return out
    }
}

extension SpectrumFile.Contents {
    /// The file as read and as used: path, eigenvalues in the file, header, d and λ₁ used, λ₁ in the file, and
    /// how many round-off negatives were set to 0 (the `spectrum_files` entries of ``RunMetadata/inputs``).
    /// The file's path (the spectrum's summary if it did not come from a file).
    var path: String {
        if case .file(let p) = spectrum.source { return p }
        return spectrum.summary
    }

    public var json: JSONValue {
        .object([
            ("path", .string(path)), ("eigenvalues_in_file", .integer(count)),
            ("header", header.map(JSONValue.string) ?? .null), ("dim", .integer(spectrum.dimension)),
            ("lambda1_in_file", .number(fileLambda1)), ("lambda1", .number(spectrum.lambda1)),
            ("negative_roundoff_set_to_zero", .integer(clampedNegatives)),
        ])
    }

    /// One line for people when reading changed values (round-off negatives set to 0), else nil.
    public var note: String? {
        guard clampedNegatives > 0 else { return nil }
        return
            "\(path): \(clampedNegatives) negative eigenvalue\(clampedNegatives == 1 ? "" : "s") from round-off (≥ −\(SpectrumFile.negativeTolerance) λ₁) set to 0"
    }
}
