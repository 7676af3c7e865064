import RibbonIO

/// `reproduce --check`: a recomputed table against the committed one.
extension ReproduceCatalog {
    /// Relative tolerance of the comparison: the computations are deterministic; this allows for a
    /// different libm or compiler reordering on another machine.
    public static let tolerance = 1e-9

    /// nil if equal: same shape, text cells equal, numeric cells within `tolerance` relative.
    public static func compare(_ a: String, _ b: String) -> String? {
        let la = a.split(separator: "\n"), lb = b.split(separator: "\n")
        guard la.count == lb.count else { return "\(la.count) lines committed, \(lb.count) recomputed" }
        for (i, (x, y)) in zip(la, lb).enumerated() where x != y {
            let fx = CSVTable.fields(x), fy = CSVTable.fields(y)
            guard fx.count == fy.count else { return "line \(i + 1) differs" }
            for (u, v) in zip(fx, fy) where u != v {
                guard let p = Double(u), let q = Double(v), abs(p - q) <= tolerance * max(abs(p), abs(q)) else {
                    return "line \(i + 1): '\(u)' committed, '\(v)' recomputed"
                }
            }
        }
        return nil
    }
}
