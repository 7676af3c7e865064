/// The ratio axis of a composite in closed form: the pairwise thresholds and the ledger of
/// BOUNDARIES.md §2.1–2.2, with no root finding in r.
///
/// Every condition is linear in x = r²:
/// - ratio test k passes ⇔ x(s_{k+1} − ρ*s_k) + (D_{k+1} − ρ*D_k) ≤ 0, i.e. r ≥ r_k with
///   r_k² = (D_{k+1} − ρ*D_k)/(ρ*s_k − s_{k+1}) when ρ*s_k > s_{k+1} (§2.2);
/// - K_ε ≤ j ⇔ x(Σ_{k>j} s_k − ε tr B) + (Σ_{k>j} D_k − ε tr D) ≤ 0, the ledger ℓ_j² of §2.1 once the
///   levels past j are spent.
/// HR holds ⇔ some j has K_ε ≤ j and the first j − 1 ratio tests pass, so the hyper-ribbon set is a union
/// of intervals in r; its ends are the flips (r* = min_j max(ℓ_j, max_{k<j} r_k) when every threshold is
/// a lower one).
extension CompositeSpectrum {
    /// The set {x ≥ 0 : αx + β ≤ 0} as an interval (nil if empty).
    static func solution(_ alpha: Double, _ beta: Double) -> ClosedRange<Double>? {
        if alpha > 0 { let hi = -beta / alpha; return hi >= 0 ? 0...hi : nil }
        if alpha < 0 { return max(0, -beta / alpha)...Double.infinity }
        return beta <= 0 ? 0...Double.infinity : nil
    }

    static func intersect(_ a: ClosedRange<Double>?, _ b: ClosedRange<Double>?) -> ClosedRange<Double>? {
        guard let a, let b else { return nil }
        let lo = max(a.lowerBound, b.lowerBound), hi = min(a.upperBound, b.upperBound)
        return lo <= hi ? lo...hi : nil
    }

    /// For every j: the r² where K_ε ≤ j (the ledger) meets the r² where the first j − 1 ratio tests pass;
    /// their intersection is the piece of the hyper-ribbon set that j accounts for. Stops once the ratio
    /// tests can no longer all pass.
    func pieces(criterion: HyperRibbonCriterion) -> [(
        index: Int, ledger: ClosedRange<Double>, ratios: ClosedRange<Double>, piece: ClosedRange<Double>
    )] {
        let rho = criterion.rho, eps = criterion.epsilon
        var out: [(index: Int, ledger: ClosedRange<Double>, ratios: ClosedRange<Double>, piece: ClosedRange<Double>)] =
            []
        var ratiosClean: ClosedRange<Double>? = 0...Double.infinity  // ∩ of ratio tests k < j − 1
        for j in 1...count {
            if j >= 2 {
                let k = j - 2
                ratiosClean = Self.intersect(
                    ratiosClean,
                    Self.solution(
                        levels.level(k + 1) - rho * levels.level(k),
                        plateauValue(k + 1) - rho * plateauValue(k)))
            }
            guard let clean = ratiosClean else { break }
            if let ledger = Self.solution(levelTails[j] - eps * signalTrace, plateauTails[j] - eps * plateauTrace),
                let piece = Self.intersect(clean, ledger)
            {
                out.append((j, ledger, clean, piece))
            }
        }
        return out
    }

    /// The r with a hyper-ribbon, as sorted disjoint intervals in r (upper end ∞ allowed).
    public func hyperRibbonRatios(criterion: HyperRibbonCriterion) -> [ClosedRange<Double>] {
        var pieces = self.pieces(criterion: criterion).map(\.piece)
        // Union of the pieces, in r.
        pieces.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<Double>] = []
        for p in pieces {
            if let last = merged.last, p.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, p.upperBound)
            } else {
                merged.append(p)
            }
        }
        return merged.map { $0.lowerBound.squareRoot()...$0.upperBound.squareRoot() }
    }

    /// The flips of the composite verdict along r in `range`, in the shape of the exact solver's result
    /// (the bracket of a closed-form flip is the point itself).
    public func ratioBoundary(criterion: HyperRibbonCriterion, range: ClosedRange<Double>) -> BoundarySolver.Result {
        let intervals = hyperRibbonRatios(criterion: criterion)
        var flips: [BoundarySolver.Flip] = []
        for piece in intervals {
            for (end, enters) in [(piece.lowerBound, true), (piece.upperBound, false)]
            where end > range.lowerBound && end < range.upperBound {
                // A flip where K_ε jumps (a ledger end) or where a ratio crosses ρ* (a root).
                let below = verdict(ratio: end * (1 - 1e-9), criterion: criterion)
                let above = verdict(ratio: end * (1 + 1e-9), criterion: criterion)
                flips.append(
                    BoundarySolver.Flip(
                        value: end, entersHyperRibbon: enters, bracket: end...end, iterations: 0,
                        kind: below.kEpsilon != above.kEpsilon ? .jump : .root))
            }
        }
        let status: BoundarySolver.Status
        if flips.isEmpty {
            status = intervals.contains { $0.contains(range.lowerBound) } ? .always : .never
        } else {
            status = flips.count == 1 ? .boundary : .multiple
        }
        return BoundarySolver.Result(axis: .ratio, status: status, flips: flips, evaluations: 0, range: range)
    }

}

extension CompositeSpectrum {
    /// For the piece of the hyper-ribbon set with the smallest r: its j, the ledger's lower end ℓ_j and the
    /// pairwise part max_{k<j−1} r_k (0 when nothing binds), both in r. nil when HR never holds.
    func firstPieceParts(criterion: HyperRibbonCriterion) -> (index: Int, ledger: Double, pairwise: Double)? {
        pieces(criterion: criterion).min { $0.piece.lowerBound < $1.piece.lowerBound }
            .map { ($0.index, $0.ledger.lowerBound.squareRoot(), $0.ratios.lowerBound.squareRoot()) }
    }
}
