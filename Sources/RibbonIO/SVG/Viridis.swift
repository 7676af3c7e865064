/// The viridis colour map (perceptually uniform, readable in grey scale and by colour-blind
/// readers), from 11 anchors interpolated linearly in sRGB.
public enum Viridis {
    static let anchors: [(Double, Double, Double)] = [
        (0.267, 0.005, 0.329), (0.283, 0.141, 0.458), (0.254, 0.265, 0.530), (0.207, 0.372, 0.553),
        (0.164, 0.471, 0.558), (0.128, 0.567, 0.551), (0.135, 0.659, 0.518), (0.267, 0.749, 0.441),
        (0.478, 0.821, 0.318), (0.741, 0.873, 0.150), (0.993, 0.906, 0.144),
    ]

    /// The colour at t ∈ [0, 1] (clamped) as `#rrggbb`.
    public static func color(_ t: Double) -> String {
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
        let i = min(Int(x), anchors.count - 2), f = x - Double(i)
        let a = anchors[i], b = anchors[i + 1]
        func hex(_ v: Double) -> String {
            let n = Int((v * 255).rounded())
            return (n < 16 ? "0" : "") + String(n, radix: 16)
        }
        return "#" + hex(a.0 + f * (b.0 - a.0)) + hex(a.1 + f * (b.1 - a.1)) + hex(a.2 + f * (b.2 - a.2))
    }
}
