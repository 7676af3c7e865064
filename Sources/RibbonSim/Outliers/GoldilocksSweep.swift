import GSL
import RealModule
import RibbonCore

/// The Goldilocks zone measured on `GoldilocksNetwork` (OUTLIERS.md §1): along the weight scale α,
/// ρ_D = Tr H/‖H‖_F of the exact Hessian, and in random d-dimensional sections P (Haar) the trace
/// ratio Tr(PᵀHP)/‖PᵀHP‖_F and the fraction of positive eigenvalues (mean ± SE over sections),
/// beside the section formulas evaluated at the measured ρ_D; optionally training restricted to
/// random affine subspaces θ = αθ₀ + Pφ (full-batch GD on φ, η = 1/‖H(αθ₀)‖₂, success = training
/// accuracy ≥ 0.9).
public struct GoldilocksSweep: Sendable {
    public struct SectionRow: Sendable {
        public let scale: Double, dimension: Int
        /// ρ_D of the full Hessian, softmax curvature factor 1 − E‖p‖², ‖H′‖_F/‖H‖_F.
        public let rho: Double, curvatureFactor: Double, crossShare: Double
        public let traceRatioPredicted: Double, traceRatio: Double, traceRatioSE: Double
        public let positivePredicted: Double, positiveFraction: Double, positiveSE: Double
    }

    public struct TrainingRow: Sendable {
        public let scale: Double, dimension: Int, runs: Int
        public let successShare: Double, meanAccuracy: Double, rate: Double
    }

    public static let successAccuracy = 0.9

    public let sectionRows: [SectionRow]
    public let trainingRows: [TrainingRow]

    /// Sweeps `scales` × `dimensions` with `sections` random sections each; `training` (steps, runs) adds subspace training.
    public init(
        network: GoldilocksNetwork, scales: [Double], dimensions: [Int], sections: Int, seed: UInt64,
        training: (steps: Int, runs: Int)? = nil
    ) throws(RibbonError) {
        let n = network.parameterCount
        guard !scales.isEmpty, scales.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw .parameter("scales must be finite numbers > 0")
        }
        guard !dimensions.isEmpty, dimensions.allSatisfy({ $0 >= 1 && $0 <= n }) else {
            throw .parameter("section dimensions must be in 1...D = \(n)")
        }
        guard sections >= 2 else { throw .parameter("sections must be at least 2 for an error bar (got \(sections))") }
        if let training, !(training.steps >= 1 && training.steps <= 100_000 && training.runs >= 1) {
            throw .parameter("training needs 1…100000 steps and at least 1 run")
        }
        var sectionRows: [SectionRow] = [], trainingRows: [TrainingRow] = []
        for (a, alpha) in scales.enumerated() {
            let theta = network.initial.map { alpha * $0 }
            let (h, g, curvature) = network.hessian(theta)
            var trace = 0.0, frobenius = 0.0, crossNorm = 0.0
            for q in 0..<n { trace += h[q * n + q] }
            for q in 0..<(n * n) { frobenius += h[q] * h[q]; crossNorm += (h[q] - g[q]) * (h[q] - g[q]) }
            let rho = trace / frobenius.squareRoot()
            let spectralNorm: Double
            do { spectralNorm = try SymmetricEigensolver(order: n).eigenvalues(of: h).map(abs).max() ?? 1 } catch {
                throw RibbonError(.numerical, "Hessian eigenvalues failed: \(error)")
            }
            for (b, d) in dimensions.enumerated() {
                let rng = RandomGenerator(seed: seed).child(1000 * a + b)
                var ratios: [Double] = [], positives: [Double] = []
                let solver: SymmetricEigensolver
                do { solver = try SymmetricEigensolver(order: d) } catch { throw RibbonError(.numerical, "\(error)") }
                for _ in 0..<sections {
                    let p = try network.randomSection(dimension: d, rng: rng)
                    let section = network.project(h, onto: p, dimension: d)
                    let values: [Double]
                    do { values = try solver.eigenvalues(of: section) } catch {
                        throw RibbonError(.numerical, "section eigenvalues failed: \(error)")
                    }
                    let tr = values.reduce(0, +), fro = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
                    ratios.append(fro > 0 ? tr / fro : .nan)
                    positives.append(Double(values.filter { $0 > 0 }.count) / Double(d))
                }
                let (ratio, ratioSE) = SeedStatistics.meanAndStandardError(ratios),
                    (positive, positiveSE) = SeedStatistics.meanAndStandardError(positives)
                sectionRows.append(
                    SectionRow(
                        scale: alpha, dimension: d, rho: rho, curvatureFactor: curvature,
                        crossShare: (crossNorm / frobenius).squareRoot(),
                        traceRatioPredicted: GoldilocksSection.traceRatio(rho: rho, dimension: d), traceRatio: ratio,
                        traceRatioSE: ratioSE,
                        positivePredicted: GoldilocksSection.positiveFraction(rho: rho, dimension: d),
                        positiveFraction: positive, positiveSE: positiveSE))
                if let training {
                    let rate = 1 / max(spectralNorm, 1e-3)
                    let sections = try (0..<training.runs).map { (r) throws(RibbonError) in
                        try network.randomSection(
                            dimension: d, rng: RandomGenerator(seed: seed + 1 + UInt64(r)).child(1000 * a + b))
                    }
                    let results = SeedStatistics.parallelRuns(training.runs) { r throws(RibbonError) in
                        network.trainInSubspace(
                            scale: alpha, section: sections[r], dimension: d, steps: training.steps, rate: rate
                        ).accuracy
                    }
                    var accuracies: [Double] = []
                    for result in results { accuracies.append(try result.get()) }
                    trainingRows.append(
                        TrainingRow(
                            scale: alpha, dimension: d, runs: training.runs,
                            successShare: Double(accuracies.filter { $0 >= Self.successAccuracy }.count)
                                / Double(training.runs),
                            meanAccuracy: accuracies.reduce(0, +) / Double(training.runs), rate: rate))
                }
            }
        }
        self.sectionRows = sectionRows
        self.trainingRows = trainingRows
    }
}
