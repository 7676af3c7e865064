/// One number of a text file (a spectrum file, a CSV data matrix): read, or refused with the place and what
/// was expected, so every file reader says the same thing the same way.
public enum NumberField {
    /// The finite number in `field` (surrounding spaces allowed). `location` says where (`file:line`, `field k`),
    /// `expected` what the file should hold; a long token is shortened to 40 characters in the message.
    public static func finite(_ field: Substring, at location: String, expected: String) throws(RibbonError) -> Double {
        let token = field.trimmingCharacters(in: .whitespaces)
        guard let v = Double(token), v.isFinite else {
            let shown = token.count > 40 ? token.prefix(40) + "…" : Substring(token)
            throw RibbonError(.invalidInput, "\(location): '\(shown)' is not a finite number; \(expected)")
        }
        return v
    }
}
