import Foundation
import RibbonCore

/// Comma-separated option values (`--dims 250,1000`, `--times 1,2,5`): every item must parse.
enum CommaList {
    static func parse<T>(_ text: String, option name: String, _ parse: (String) -> T?) throws -> [T] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var values: [T] = []
        for item in items {
            guard let v = parse(item) else {
                throw RibbonError.parameter("--\(name): '\(item)' is not a valid number; give a comma list, e.g. 1,2,5")
            }
            values.append(v)
        }
        guard !values.isEmpty else { throw RibbonError.parameter("--\(name) is empty") }
        return values
    }
}
