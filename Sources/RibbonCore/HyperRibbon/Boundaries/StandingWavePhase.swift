import GSL
import RealModule
import Synchronization

/// The phase Φ(ω; c) = Φ₀(ω) + δΦ(ω; c) of the standing-wave quantisation of the signal levels
/// (BOUNDARIES.md §2.3, tag: asymptotic, derived):
///
///   ω_k ln(T+1) + Φ(ω_k; c) = πk,   s_k = σ₀² f(cω_k)/(η(T+1)).
///
/// Φ₀ is the sum of three end phases in closed form (Gamma functions, GSL); δΦ is the corner's scattering
/// phase (``HilbertCorner``), tabulated once per c on ``nodeCount`` points of ω ∈ (0, 0.999π/c],
/// unwrapped from ω → 0⁺, and read through a natural cubic spline (GSL). It does not depend on T, ρ* or ε.
public struct StandingWavePhase: Sendable {
    /// The slope c.
    public let slope: Double
    /// Nodes ω_j of the δΦ table (denser near 0, where δΦ rises steeply for c ≳ 2).
    public let nodes: [Double]
    /// δΦ at the nodes, on the continuous branch.
    public let cornerPhase: [Double]
    /// Φ₀ at the nodes: every level search starts from Φ at the nodes, and Φ₀ (two complex log-Gammas) does not
    /// depend on T, so it is evaluated once per table instead of once per node per search.
    public let endPhase: [Double]
    /// Whether det(I + E G) < 0 at the band top (ω → 0): the corner binds a level above the band, which the
    /// quantisation does not describe (BOUNDARIES.md says c ≳ 2.5; measured here from c ≈ 2.3, see
    /// ``HilbertCorner``). δΦ then starts at π, and the k = 1 root sits at the band top.
    public let bindsLevelAboveBand: Bool
    private let spline: CubicSpline

    /// Base table size: the spec's "about 48 points", raised to 64 for the steep start near c ≈ 2.4; intervals
    /// where the phase moves by more than 0.2 rad are refined further.
    public static let nodeCount = 64
    /// The table ends at 0.999π/c: the band bottom f(π) is where the derivation is weakest, and levels
    /// beyond the last node are treated as below the band (s_k = 0).
    public static let bandFraction = 0.999
    /// Largest phase change between neighbouring nodes (rad): finer steps keep the spline within ~1e-6 rad.
    static let refinementStep = 0.05
    /// The range of c in which the derivation holds (BOUNDARIES.md §2.3: valid for c ≤ 2.5; measured from 0.25).
    public static let validSlopes: ClosedRange<Double> = 0.25...2.5

    /// Whether c lies in ``validSlopes`` (ends included to 1e-12 relative, so exp(log 2.5) counts).
    public static func isValid(slope c: Double) -> Bool {
        c >= validSlopes.lowerBound * (1 - 1e-12) && c <= validSlopes.upperBound * (1 + 1e-12)
    }

    /// Builds the table for slope c (about 4 ms on one core); use ``shared(slope:)`` to reuse it.
    public init(slope c: Double) throws(RibbonError) {
        guard c.isFinite, c > 0 else { throw .parameter("slope must be a finite number > 0 (got \(c))") }
        slope = c
        let corner = try HilbertCorner(slope: c)
        let top = Self.bandFraction * Double.pi / c
        let n = Self.nodeCount
        var nodes = (1...n).map { top * Double.pow(Double($0) / Double(n), 1.5) }
        func principal(_ w: Double) -> (phase: Double, binds: Bool) {
            let det = corner.scatteringDeterminant(at: w)
            return (Double.atan2(y: det.im, x: det.re), det.re < 0)
        }
        var raw = nodes.map { principal($0).phase }
        let binds = principal(nodes[0]).binds
        // Refine where the principal phase moves by more than `refinementStep` between nodes (narrow resonances near the
        // band bottom, e.g. c = 0.5 at x ≈ 0.952, where δΦ rises by 2.4 rad): midpoints, at most 10 levels deep.
        var i = 0, inserted = 0
        while i < nodes.count - 1 && inserted < 400 {
            let jump = abs(Self.wrap(raw[i + 1] - raw[i]))
            if jump > Self.refinementStep && nodes[i + 1] - nodes[i] > top / Double(n * 1024) {
                let mid = 0.5 * (nodes[i] + nodes[i + 1])
                nodes.insert(mid, at: i + 1)
                raw.insert(principal(mid).phase, at: i + 1)
                inserted += 1
            } else {
                i += 1
            }
        }
        var phases: [Double] = []
        for p in raw {
            let phase = phases.last.map { p + 2 * Double.pi * (($0 - p) / (2 * Double.pi)).rounded() } ?? p
            guard phase.isFinite else { throw RibbonError(.numerical, "corner phase not finite, c = \(c)") }
            phases.append(phase)
        }
        // At the band top det(I + E G) is real: δΦ(0) = 0 when it is positive, ±π (the principal branch the
        // first node continues) when a level is bound above the band.
        let xs = [0.0] + nodes, ys = [Double.pi * (phases[0] / Double.pi).rounded()] + phases
        do { spline = try CubicSpline(x: xs, y: ys) } catch {
            throw RibbonError(.numerical, "corner phase spline: \(error)")
        }
        var ends: [Double] = []
        for w in nodes { ends.append(try Self.endPhases(w)) }
        self.nodes = nodes
        cornerPhase = phases
        endPhase = ends
        bindsLevelAboveBand = binds
    }

    /// The last tabulated ω (0.999π/c).
    public var maximumOmega: Double { nodes.last! }

    /// δΦ(ω; c) for 0 ≤ ω ≤ ``maximumOmega``.
    public func cornerPhase(at w: Double) throws(RibbonError) -> Double {
        do { return try spline(w) } catch { throw RibbonError(.numerical, "corner phase: \(error)") }
    }

    /// Φ(ω; c) = Φ₀(ω) + δΦ(ω; c).
    public func phase(at w: Double) throws(RibbonError) -> Double {
        try Self.endPhases(w) + cornerPhase(at: w)
    }

    /// x wrapped into (−π, π].
    static func wrap(_ x: Double) -> Double { x - 2 * Double.pi * (x / (2 * Double.pi)).rounded() }

    // MARK: Φ₀

    /// Φ₀(ω) = 2 arg Γ(1+iω) − 3 arg Γ(½+iω) + 3ω ln 2 − 2 arctan 2ω: early end (Hilbert matrix),
    /// late end (hard cut, Wiener–Hopf) and centring; Φ₀′(0) = γ + 9 ln 2 − 4.
    public static func endPhases(_ w: Double) throws(RibbonError) -> Double {
        2 * (try argGamma(1, w)) - 3 * (try argGamma(0.5, w)) + 3 * w * Double.log(2) - 2 * Double.atan(2 * w)
    }

    /// arg Γ(x + iω) on the continuous branch: GSL's principal value, moved by the multiple of 2π that
    /// brings it nearest to a shifted Stirling estimate (accurate to ~1e-7, far inside ±π).
    public static func argGamma(_ x: Double, _ w: Double) throws(RibbonError) -> Double {
        let principal: Double
        do { principal = try SpecialFunctions.logGamma(real: x, imaginary: w).argument } catch {
            throw RibbonError(.numerical, "arg Γ(\(x) + \(w)i): \(error)")
        }
        let estimate = stirlingArgGamma(x, w)
        return principal + 2 * Double.pi * ((estimate - principal) / (2 * Double.pi)).rounded()
    }

    /// Im ln Γ(x + iω) = Im ln Γ(z + 8) − Σ_{k<8} arg(z + k), with Stirling's series at z + 8.
    static func stirlingArgGamma(_ x: Double, _ w: Double) -> Double {
        let shift = 8.0
        var sum = 0.0
        for k in 0..<Int(shift) { sum += Double.atan2(y: w, x: x + Double(k)) }
        let a = x + shift, b = w
        // (z − ½) ln z − z + 1/(12z) − 1/(360z³), imaginary part.
        let r = (a * a + b * b).squareRoot(), theta = Double.atan2(y: b, x: a)
        let lnRe = Double.log(r)
        let main = (a - 0.5) * theta + b * lnRe - b
        let inv = (re: a / (r * r), im: -b / (r * r))
        let inv3im = 3 * inv.re * inv.re * inv.im - inv.im * inv.im * inv.im
        return main + inv.im / 12 - inv3im / 360 - sum
    }

    // MARK: Cache

    private static let cache = Mutex<[UInt64: StandingWavePhase]>([:])
    /// Tables kept at most (a slope scan evaluates each c once or twice; the cache is emptied when full).
    static let cacheCapacity = 512

    /// The table for slope c, computed once per c and shared (thread-safe).
    public static func shared(slope c: Double) throws(RibbonError) -> StandingWavePhase {
        if let hit = cache.withLock({ $0[c.bitPattern] }) { return hit }
        let table = try StandingWavePhase(slope: c)
        cache.withLock { tables in
            if tables.count >= cacheCapacity { tables.removeAll() }
            tables[c.bitPattern] = table
        }
        return table
    }
}
