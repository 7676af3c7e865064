import Foundation

/// How numbers are printed: round-trip for files, short for people.
public enum NumberFormat {
    /// Shortest decimal that reads back to the same double; `nan`, `inf`, `-inf` for non-finite.
    public static func roundTrip(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return "\(x)"
    }

    /// Six significant digits for tables read by people.
    public static func short(_ x: Double, digits: Int = 6) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let magnitude = abs(x)
        if magnitude >= 1e-3 && magnitude < 1e6 {
            return String(format: "%.\(digits)g", x)
        }
        return String(format: "%.\(digits - 1)e", x)
    }

    /// Compact axis labels: integers below 1e5 as integers, otherwise %g with a bare exponent (1e6).
    public static func compact(_ x: Double) -> String {
        if x.isFinite && x == x.rounded() && abs(x) < 1e5 { return String(Int(x)) }
        return String(format: "%g", x).replacingOccurrences(of: "e+0", with: "e").replacingOccurrences(
            of: "e+", with: "e"
        )
        .replacingOccurrences(of: "e-0", with: "e-")
    }

    /// A signed percentage such as `+13.7%`.
    public static func percent(_ x: Double) -> String {
        if !x.isFinite { return roundTrip(x) }
        let p = 100 * x
        return abs(p) < 0.01 && p != 0 ? String(format: "%+.1e%%", p) : String(format: "%+.2f%%", p)
    }
}
