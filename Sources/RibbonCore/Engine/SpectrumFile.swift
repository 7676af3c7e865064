import GSL
import Foundation

/// Reads a spectrum from a text file: one eigenvalue per line, or a symmetric matrix as CSV
/// (rows of comma-separated numbers) whose eigenvalues are taken.
///
/// Blank lines and lines starting with `#` are ignored, and so is a header line (the first other line,
/// when it is words such as `eigenvalue` or `lambda`: other programs write one). Every rejection names
/// the file and, where it applies, the line.
public enum SpectrumFile {
    /// Relative asymmetry |A_ij − A_ji| ≤ tolerance·max|A| accepted as rounding in a CSV matrix.
    public static let symmetryTolerance = 1e-10
    /// Negative values down to −tolerance·λ₁ are round-off (an eigensolver's, or a matrix's eigenvalues):
    /// they are set to 0 and counted in ``Contents/clampedNegatives``; anything more negative is refused.
    public static let negativeTolerance = 1e-12

    /// Reads and parses the spectrum file at `path`.
    /// The largest file read (bytes): a 20000-value spectrum is ~0.5 MB and a 5000 × 5000 matrix ~0.5 GB.
    public static let maximumFileSize = 1 << 30
    /// The largest symmetric matrix read (order); its eigenvalues are a dense O(n³) solve.
    public static let maximumMatrixOrder = 5000

    /// A spectrum as read from a file, with what reading it changed, so a front end can say so.
    public struct Contents: Sendable, Equatable {
        /// The spectrum (after ``adjusted(dimension:lambda1:)``, if it was applied).
        public let spectrum: Spectrum
        /// How many eigenvalues the file holds (one per line, or the matrix order).
        public let count: Int
        /// The header line skipped, if there was one.
        public let header: String?
        /// Negative round-off values (≥ −``negativeTolerance``·λ₁) set to 0.
        public let clampedNegatives: Int
        /// λ₁ as read, before any rescaling.
        public let fileLambda1: Double
    }

    /// The spectrum of the file at `path` (see ``read(path:)`` for what was changed while reading it).
    public static func load(path: String) throws(RibbonError) -> Spectrum {
        try read(path: path).spectrum
    }

    /// Reads and parses the spectrum file at `path`.
    public static func read(path: String) throws(RibbonError) -> Contents {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > maximumFileSize
        {
            throw RibbonError(
                .invalidInput,
                "spectrum file '\(path)' has \(size) bytes; at most \(maximumFileSize) are read (20000 eigenvalues, or a \(maximumMatrixOrder) × \(maximumMatrixOrder) matrix)"
            )
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw RibbonError(
                .invalidInput,
                "spectrum '\(path)' is neither a spectrum name nor a file; allowed: geometric, power, kernel:rbf|laplace|arccos0|arccos1|ntk-relu, or the path of a file (one eigenvalue per line, or a symmetric CSV matrix)",
                topic: .spectrum)
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw RibbonError(.invalidInput, "cannot read spectrum file '\(path)': \(error.localizedDescription)")
        }
        return try contents(of: text, path: path)
    }

    /// Parses `text` as one eigenvalue per line or as a symmetric CSV matrix; `path` names the source in
    /// messages and in the spectrum.
    public static func parse(_ text: String, path: String) throws(RibbonError) -> Spectrum {
        try contents(of: text, path: path).spectrum
    }

    /// Parses `text` like ``parse(_:path:)`` and says what was changed while reading it.
    public static func contents(of text: String, path: String) throws(RibbonError) -> Contents {
        var rows: [(line: Int, values: [Double])] = []
        var header: String? = nil
        // Lines end in \n or \r\n (one Character in Swift, so split on isNewline rather than "\n").
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if rows.isEmpty && header == nil && isHeader(line) {
                header = line
                continue
            }
            guard rows.count < 20_000 else {
                throw RibbonError(
                    .invalidInput,
                    "\(path): more than 20000 eigenvalues (or matrix rows); the dimension is capped at 20000")
            }
            var values: [Double] = []
            for field in line.split(separator: ",", omittingEmptySubsequences: false) {
                values.append(
                    try NumberField.finite(
                        field, at: "\(path):\(index + 1)",
                        expected: "expected one eigenvalue per line or a CSV matrix (after at most one header line)"))
            }
            rows.append((index + 1, values))
        }
        guard !rows.isEmpty else {
            throw RibbonError(
                .invalidInput, "\(path): no eigenvalues found; expected one eigenvalue per line or a CSV matrix")
        }
        let (eigenvalues, clamped) =
            rows.allSatisfy({ $0.values.count == 1 })
            ? try vector(rows, path: path) : try matrixEigenvalues(rows, path: path)
        guard eigenvalues.count >= 2 else {
            throw RibbonError(
                .invalidInput, "\(path): a spectrum needs at least 2 eigenvalues (got \(eigenvalues.count))")
        }
        guard eigenvalues[0] > 0 else {
            throw RibbonError(.invalidInput, "\(path): the largest eigenvalue must be > 0")
        }
        return Contents(
            spectrum: Spectrum(source: .file(path: path), eigenvalues: eigenvalues), count: eigenvalues.count,
            header: header, clampedNegatives: clamped, fileLambda1: eigenvalues[0])
    }

    /// A header names its columns: every field starts with a letter, `_` or a quote and none is a number
    /// (so `nan`, `inf` and a mistyped first value are still refused as values, not skipped as a header).
    private static func isHeader(_ line: String) -> Bool {
        line.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { field in
            let token = field.trimmingCharacters(in: .whitespaces)
            guard let first = token.first, first.isLetter || first == "_" || first == "\"" || first == "'" else {
                return false
            }
            return Double(token) == nil
        }
    }

    /// Eigenvalues given one per line, sorted descending; round-off negatives set to 0 and counted.
    private static func vector(_ rows: [(line: Int, values: [Double])], path: String) throws(RibbonError)
        -> ([Double], Int)
    {
        let top = rows.map { $0.values[0] }.max() ?? 0
        var clamped = 0
        for row in rows where row.values[0] < 0 {
            guard top > 0, row.values[0] >= -negativeTolerance * top else {
                throw RibbonError(
                    .invalidInput,
                    "\(path):\(row.line): eigenvalue \(row.values[0]) is negative; a correlation spectrum is ≥ 0 (round-off down to −\(negativeTolerance) λ₁ is set to 0)"
                )
            }
            clamped += 1
        }
        return (rows.map { $0.values[0] > 0 ? $0.values[0] : 0 }.sorted(by: >), clamped)
    }

    private static func matrixEigenvalues(_ rows: [(line: Int, values: [Double])], path: String) throws(RibbonError)
        -> ([Double], Int)
    {
        let n = rows.count
        guard n <= maximumMatrixOrder else {
            throw RibbonError(
                .invalidInput,
                "\(path): a \(n) × \(n) matrix; at most \(maximumMatrixOrder) × \(maximumMatrixOrder) is diagonalised (give its eigenvalues, one per line, instead)"
            )
        }
        for row in rows where row.values.count != n {
            throw RibbonError(
                .invalidInput,
                "\(path):\(row.line): matrix row has \(row.values.count) entries, expected \(n) (the matrix must be square)"
            )
        }
        let a = rows.flatMap(\.values)
        let scale = a.map(abs).max() ?? 0
        for i in 0..<n {
            for j in 0..<i where abs(a[i * n + j] - a[j * n + i]) > symmetryTolerance * scale {
                throw RibbonError(
                    .invalidInput,
                    "\(path):\(rows[i].line): matrix is not symmetric (entry \(i + 1),\(j + 1) differs from \(j + 1),\(i + 1))"
                )
            }
        }
        let values: [Double]
        do { values = try SymmetricEigensolver(order: n).eigenvalues(of: a) } catch {
            throw RibbonError(.numerical, "\(path): eigenvalues failed: \(error)")
        }
        guard let clamped = clampingRoundOff(values) else {
            throw RibbonError(
                .invalidInput,
                "\(path): matrix has eigenvalue \(values.last!) < 0; a correlation matrix must be positive semi-definite"
            )
        }
        return clamped
    }

    /// Descending eigenvalues of a computed PSD matrix with round-off negatives (≥ −`negativeTolerance`·λ₁) set to
    /// 0, and how many there were; nil when the smallest is more negative than that (the caller says whose).
    public static func clampingRoundOff(_ values: [Double]) -> (values: [Double], clamped: Int)? {
        guard let top = values.first, let worst = values.last else { return (values, 0) }
        if worst < -negativeTolerance * max(top, 0) { return nil }
        return (values.map { $0 > 0 ? $0 : 0 }, values.filter { $0 < 0 }.count)
    }
}

extension SpectrumFile.Contents {
    /// The file's spectrum cut to its top `dimension` eigenvalues and rescaled so that λ₁ = `lambda1`
    /// (λ_i → (λ_i/λ₁)·lambda1, which keeps every ratio and ties exact); nil leaves either as read.
    ///
    /// Why: a measured spectrum comes in the data's units and with every eigenvalue; the dynamics depend
    /// on ηλ_i, so rescaling λ₁ is how one sets ηλ₁, and the top d are the directions that matter.
    public func adjusted(dimension: Int?, lambda1: Double?) throws(RibbonError) -> Self {
        var values = spectrum.eigenvalues
        let path: String
        if case .file(let p) = spectrum.source { path = p } else { path = spectrum.summary }
        if let dimension {
            guard dimension >= 2, dimension <= values.count else {
                throw .parameter(
                    "dim = \(dimension) for the spectrum file '\(path)', which holds \(values.count) eigenvalues; dim keeps the top d of a file's eigenvalues, 2 ≤ d ≤ \(values.count)"
                )
            }
            values.removeLast(values.count - dimension)
        }
        if let lambda1 {
            guard lambda1.isFinite, lambda1 > 0 else {
                throw .parameter("lambda1 must be a finite number > 0 (got \(lambda1))")
            }
            let top = values[0]
            values = values.map { $0 / top * lambda1 }
        }
        return Self(
            spectrum: Spectrum(source: spectrum.source, eigenvalues: values), count: count, header: header,
            clampedNegatives: clampedNegatives, fileLambda1: fileLambda1)
    }
}
