import GSL
import Foundation

/// Reads a spectrum from a text file: one eigenvalue per line, or a symmetric matrix as CSV
/// (rows of comma-separated numbers) whose eigenvalues are taken.
///
/// Blank lines and lines starting with `#` are ignored. Every rejection names the file and,
/// where it applies, the line.
public enum SpectrumFile {
    /// Relative asymmetry |A_ij − A_ji| ≤ tolerance·max|A| accepted as rounding in a CSV matrix.
    public static let symmetryTolerance = 1e-10
    /// Negative eigenvalues of a CSV matrix down to −tolerance·λ_max are rounding and set to 0.
    public static let negativeTolerance = 1e-12

    /// Reads and parses the spectrum file at `path`.
    /// The largest file read (bytes): a 20000-value spectrum is ~0.5 MB and a 5000 × 5000 matrix ~0.5 GB.
    public static let maximumFileSize = 1 << 30
    /// The largest symmetric matrix read (order); its eigenvalues are a dense O(n³) solve.
    public static let maximumMatrixOrder = 5000

    public static func load(path: String) throws(RibbonError) -> Spectrum {
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
        return try parse(text, path: path)
    }

    /// Parses `text` as one eigenvalue per line or as a symmetric CSV matrix; `path` names the source in
    /// messages and in the spectrum.
    public static func parse(_ text: String, path: String) throws(RibbonError) -> Spectrum {
        var rows: [(line: Int, values: [Double])] = []
        // Lines end in \n or \r\n (one Character in Swift, so split on isNewline rather than "\n").
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard rows.count < 20_000 else {
                throw RibbonError(
                    .invalidInput,
                    "\(path): more than 20000 eigenvalues (or matrix rows); the dimension is capped at 20000")
            }
            var values: [Double] = []
            for field in line.split(separator: ",", omittingEmptySubsequences: false) {
                let token = field.trimmingCharacters(in: .whitespaces)
                guard let v = Double(token), v.isFinite else {
                    let shown = token.count > 40 ? token.prefix(40) + "…" : Substring(token)
                    throw RibbonError(
                        .invalidInput,
                        "\(path):\(index + 1): '\(shown)' is not a finite number; expected one eigenvalue per line or a CSV matrix"
                    )
                }
                values.append(v)
            }
            rows.append((index + 1, values))
        }
        guard !rows.isEmpty else {
            throw RibbonError(
                .invalidInput, "\(path): no eigenvalues found; expected one eigenvalue per line or a CSV matrix")
        }
        let eigenvalues: [Double]
        if rows.allSatisfy({ $0.values.count == 1 }) {
            eigenvalues = try vector(rows, path: path)
        } else {
            eigenvalues = try matrixEigenvalues(rows, path: path)
        }
        guard eigenvalues.count >= 2 else {
            throw RibbonError(
                .invalidInput, "\(path): a spectrum needs at least 2 eigenvalues (got \(eigenvalues.count))")
        }
        guard eigenvalues[0] > 0 else {
            throw RibbonError(.invalidInput, "\(path): the largest eigenvalue must be > 0")
        }
        return Spectrum(source: .file(path: path), eigenvalues: eigenvalues)
    }

    private static func vector(_ rows: [(line: Int, values: [Double])], path: String) throws(RibbonError) -> [Double] {
        for row in rows where row.values[0] < 0 {
            throw RibbonError(
                .invalidInput,
                "\(path):\(row.line): eigenvalue \(row.values[0]) is negative; a correlation spectrum is ≥ 0")
        }
        return rows.map { $0.values[0] }.sorted(by: >)
    }

    private static func matrixEigenvalues(_ rows: [(line: Int, values: [Double])], path: String) throws(RibbonError)
        -> [Double]
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
        let top = values[0]
        if let worst = values.last, worst < -negativeTolerance * max(top, 0) {
            throw RibbonError(
                .invalidInput,
                "\(path): matrix has eigenvalue \(worst) < 0; a correlation matrix must be positive semi-definite")
        }
        return values.map { max($0, 0) }
    }
}
