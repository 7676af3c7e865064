import RealModule

/// The values of one scan axis, parsed from `a:b:n` (n inclusive linear points), `log:a:b:n`
/// (n inclusive log-spaced points) or a comma list `x,y,z`.
public struct GridAxis: Sendable, Equatable {
    /// How error messages name the grid (the CLI passes its option, e.g. `--ratio`).
    public let name: String
    /// The grid values in order (rounded for integer axes).
    public let values: [Double]
    /// The text the user gave, recorded in the metadata.
    public let specification: String

    /// An axis from values already parsed.
    public init(name: String, values: [Double], specification: String) {
        self.name = name
        self.values = values
        self.specification = specification
    }

    /// Parses a grid specification. Endpoints are exact; errors say what is allowed.
    public static func parse(_ text: String, name: String, integer: Bool = false) throws(RibbonError) -> GridAxis {
        let syntax = "use a:b:n (n inclusive points), log:a:b:n (log-spaced, a > 0) or a comma list"
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .parameter("\(name) grid is empty; \(syntax)") }
        var values: [Double]
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1 {
            values = []
            for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let token = item.trimmingCharacters(in: .whitespaces)
                guard let v = Double(token), v.isFinite else {
                    throw .parameter("\(name) grid: '\(token)' is not a finite number; \(syntax)")
                }
                values.append(v)
            }
        } else {
            let isLog = parts[0] == "log"
            let fields = isLog ? Array(parts.dropFirst()) : parts
            guard fields.count == 3, let a = Double(fields[0]), let b = Double(fields[1]), let n = Int(fields[2]),
                a.isFinite, b.isFinite
            else {
                throw .parameter("\(name) grid '\(text)' is malformed; \(syntax)")
            }
            guard n >= 1 else { throw .parameter("\(name) grid '\(text)': n must be at least 1 (got \(n))") }
            guard n <= 10_000_000 else { throw .parameter("\(name) grid '\(text)': n must be at most 1e7") }
            guard b >= a else {
                // Perhaps MATLAB's start:step:stop, e.g. 1:0.5:3.
                if !isLog, let stop = Double(fields[2]), b > 0, stop > a {
                    let count = (stop - a) / b + 1
                    if abs(count - count.rounded()) < 1e-9 {
                        throw .parameter(
                            "\(name) grid '\(text)': a:b:n means n points from a to b, not start:step:stop; for \(fields[0]) to \(fields[2]) in steps of \(fields[1]) write \(fields[0]):\(fields[2]):\(Int(count.rounded()))"
                        )
                    }
                }
                throw .parameter(
                    "\(name) grid '\(text)': a:b:n needs b ≥ a (got \(a) > \(b)); a:b:n means n points from a to b")
            }
            if isLog && a <= 0 { throw .parameter("\(name) grid '\(text)': a log grid needs a > 0 (got \(a))") }
            if n == 1 && a != b { throw .parameter("\(name) grid '\(text)': n = 1 needs a = b") }
            values = (0..<n).map { i in
                if i == 0 { return a }
                if i == n - 1 { return b }
                let t = Double(i) / Double(n - 1)
                return isLog ? Double.exp(Double.log(a) + t * (Double.log(b) - Double.log(a))) : a + t * (b - a)
            }
        }
        if integer {
            // A listed value must already be an integer (10.5 is refused, as `widths` refuses it); generated
            // grids (a:b:n, log:a:b:n) are rounded on purpose.
            if parts.count == 1, let bad = values.first(where: { $0.rounded() != $0 }) {
                throw .parameter("\(name) values must be integers (got \(bad))")
            }
            values = values.map { $0.rounded() }
            if Set(values).count != values.count {
                var hint = "use fewer points or a list"
                if parts.count > 1, let n = Int(parts.last!), n > 1 {
                    // The largest point count whose rounded values are distinct.
                    let prefix = parts.dropLast().joined(separator: ":")
                    func distinct(_ m: Int) -> Bool {
                        guard let axis = try? parse(prefix + ":\(m)", name: name) else { return false }
                        return Set(axis.values.map { $0.rounded() }).count == m
                    }
                    // Binary search (distinctness is monotone in m for these grids).
                    var lo = 1, hi = n - 1
                    var fits: Int? = nil
                    while lo <= hi {
                        let mid = (lo + hi) / 2
                        if distinct(mid) { fits = mid; lo = mid + 1 } else { hi = mid - 1 }
                    }
                    if let fits {
                        hint = "at most \(fits) points stay distinct, e.g. \(prefix):\(fits); or give a list"
                    }
                }
                throw .parameter("\(name) grid '\(text)' repeats an integer after rounding; \(hint)")
            }
        }
        return GridAxis(name: name, values: values, specification: trimmed)
    }
}
