import Foundation
import RibbonCore
import RibbonSim

/// Reads the predictions of `verify --against FILE`: JSON {"variances": [...], "ratios"?, "explained_stress"?,
/// "hyper_ribbon"?}, the JSON `ribbon widths --format json` writes (its "exact" object), or a CSV with a
/// `variance` column ordered by k (optional `ratio` and `explained_stress` columns). A JSON file may name the
/// predictions' tag (`"tag": "asymptotic"`); without one they are asymptotic (exact for the widths JSON).
public enum TheoryFile {
    public static func read(_ path: String) throws(RibbonError) -> TheoryPrediction {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RibbonError(.invalidInput, "cannot read predictions file '\(path)'")
        }
        if path.lowercased().hasSuffix(".csv") { return try csv(String(decoding: data, as: UTF8.self), source: path) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RibbonError(.invalidInput, "'\(path)' is neither a JSON object nor a .csv file")
        }
        // `ribbon widths --format json`: the predictions are its "exact" object.
        let body = (object["exact"] as? [String: Any]) ?? object
        func numbers(_ key: String) throws(RibbonError) -> [Double]? {
            guard let raw = body[key] else { return nil }
            guard let list = raw as? [Any] else {
                throw RibbonError(.invalidInput, "\(path): \"\(key)\" must be a list of numbers")
            }
            var out: [Double] = []
            for (i, x) in list.enumerated() {
                guard let n = x as? NSNumber else {
                    throw RibbonError(
                        .invalidInput,
                        "\(path): \"\(key)\"[\(i)] is not a number (got \(x)); use numbers, not null or strings")
                }
                out.append(n.doubleValue)
            }
            return out
        }
        guard let variances = try numbers("variances") else {
            throw RibbonError(
                .invalidInput,
                "\(path): no \"variances\" (give {\"variances\": [μ₁, μ₂, …]} or the JSON of ribbon widths)")
        }
        // The tag of the file's predictions: its "tag", exact for the widths JSON (E2), else asymptotic (a law under test).
        var tag: ResultTag = object["exact"] is [String: Any] ? .exact : .asymptotic
        if let raw = object["tag"] {
            guard let name = raw as? String, let named = ResultTag(rawValue: name), named != .measured else {
                let allowed = ResultTag.allCases.filter { $0 != .measured }.map(\.rawValue).joined(separator: ", ")
                throw RibbonError(.invalidInput, "\(path): \"tag\" must be one of \(allowed) (got \(raw))")
            }
            tag = named
        }
        return try TheoryPrediction(
            variances: variances, ratios: try numbers("ratios"), explainedStress: try numbers("explained_stress"),
            hyperRibbon: body["hyper_ribbon"] as? Bool, source: path, tag: tag)
    }

    static func csv(_ text: String, source: String) throws(RibbonError) -> TheoryPrediction {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { !$0.isEmpty }
        guard let header = lines.first.map(CSVTable.fields), header.contains("variance") else {
            throw RibbonError(
                .invalidInput, "\(source): no `variance` column (a CSV of predictions needs one, ordered by k)")
        }
        func values(_ name: String) throws(RibbonError) -> [Double]? {
            guard let c = header.firstIndex(of: name) else { return nil }
            var out: [Double] = []
            for (i, line) in lines.dropFirst().enumerated() {
                let cells = CSVTable.fields(line)
                guard c < cells.count else {
                    throw RibbonError(.invalidInput, "\(source): line \(i + 2) has no \(name) cell")
                }
                if cells[c].isEmpty { continue }
                guard let x = Double(cells[c]) else {
                    throw RibbonError(
                        .invalidInput, "\(source): line \(i + 2): \(name) '\(cells[c].prefix(40))' is not a number")
                }
                out.append(x)
            }
            return out
        }
        return try TheoryPrediction(
            variances: try values("variance") ?? [], ratios: try values("ratio"),
            explainedStress: try values("explained_stress"), source: source)
    }
}
