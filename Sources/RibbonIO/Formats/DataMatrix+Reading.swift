import Foundation
import RibbonCore

/// Reading an n × d data matrix from a file: `.npy` (float64, C order; see ``NpyReader``) or CSV.
extension DataMatrix {
    /// The largest data file read (bytes): 20000 features × 20000 float64 samples is 3.2 GB.
    public static let maximumFileSize = 1 << 32

    /// The matrix in the file at `path`: a .npy file (recognised by its magic bytes, whatever its name)
    /// or CSV (rows of comma-separated numbers, one sample per row, an optional header line of column
    /// names; blank lines and `#` comments skipped).
    public static func read(path: String) throws(RibbonError) -> DataMatrix {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes, (attributes[.type] as? FileAttributeType) != .typeDirectory else {
            throw RibbonError(
                .invalidInput, "data file '\(path)' does not exist; allowed: a .npy file (float64, C order) or CSV")
        }
        if let size = attributes[.size] as? Int, size > maximumFileSize {
            throw RibbonError(
                .invalidInput, "data file '\(path)' has \(size) bytes; at most \(maximumFileSize) are read")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw RibbonError(.invalidInput, "cannot read data file '\(path)': \(error.localizedDescription)")
        }
        if NpyReader.isNpy(data) { return try NpyReader.read(data, source: path) }
        if path.lowercased().hasSuffix(".npy") {
            throw RibbonError(.invalidInput, "\(path): not a .npy file (no \\x93NUMPY magic); write it with numpy.save")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RibbonError(
                .invalidInput, "\(path): neither a .npy file nor UTF-8 text; allowed: .npy (float64, C order) or CSV")
        }
        return try csv(text, source: path)
    }

    /// Parses CSV text: one sample per row, every row with the same number of comma-separated numbers;
    /// the first row may instead be a header of column names (fields that are not numbers).
    public static func csv(_ text: String, source: String) throws(RibbonError) -> DataMatrix {
        var values: [Double] = []
        var columns: Int? = nil
        var rows = 0
        var sawHeader = false
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if rows == 0 && !sawHeader && fields.allSatisfy({ Double($0.trimmingCharacters(in: .whitespaces)) == nil })
            {
                sawHeader = true
                columns = fields.count
                continue
            }
            if let columns, fields.count != columns {
                throw RibbonError(
                    .invalidInput,
                    "\(source):\(index + 1): \(fields.count) fields, expected \(columns) (every row of the data matrix has d numbers)"
                )
            }
            columns = fields.count
            for (k, field) in fields.enumerated() {
                values.append(
                    try NumberField.finite(
                        field, at: "\(source):\(index + 1): field \(k + 1)",
                        expected: "expected rows of comma-separated numbers (after at most one header line)"))
            }
            rows += 1
        }
        guard rows > 0, let columns else {
            throw RibbonError(.invalidInput, "\(source): no data rows; expected rows of comma-separated numbers")
        }
        return try DataMatrix(rows: rows, columns: columns, values: values, source: source)
    }
}
