import GSL
import RibbonCore

/// Kernel regression trained by gradient descent in function space on the training points:
/// f ← f − η (K/n)(f − f*), with K the kernel matrix of the spectrum's own seeded inputs.
///
/// Feature coordinates: with K/n = U Λ Uᵀ, the features Φ = √n U Λ^{1/2} satisfy ΦΦᵀ = K and
/// ΦᵀΦ/n = Λ, so f = Φw is the linear model of THEORY.md with spectrum Λ. Initialisation
/// w₀ ~ N(0, σ₀² I) gives f₀ ~ N(0, σ₀² K); the teacher w* follows the target profile in these
/// coordinates. The updates themselves use K only (function space), never the eigenbasis.
enum KernelTraining {
    /// Trajectories of f/√n (so the covariance eigenvalues are the z-variances μ_k of E2), and the
    /// eigenvectors of K/n (descending), in which z = Uᵀ f/√n.
    static func train(
        _ settings: KernelSpectrum.Settings, knobs: Knobs, runs: Int, times: [Int], weights: [Double],
        rng: RandomGenerator
    ) throws(RibbonError) -> (Trajectories, [[Double]]) {
        let n = settings.samples
        let k = KernelSpectrum.normalizedMatrix(settings)  // K/n
        let system: (values: [Double], vectors: [[Double]])
        do { system = try SymmetricEigensystem.decompose(k, order: n) } catch {
            throw RibbonError(.numerical, "eigendecomposition of the kernel matrix failed: \(error)")
        }
        let lambda = system.values.map { max($0, 0) }
        let root = Double(n).squareRoot()
        // f = Φ w = √n Σ_i √λ_i w_i u_i.
        func function(_ w: [Double]) -> [Double] {
            var f = [Double](repeating: 0, count: n)
            for i in 0..<n where lambda[i] > 0 {
                let c = root * lambda[i].squareRoot() * w[i]
                for a in 0..<n { f[a] += c * system.vectors[i][a] }
            }
            return f
        }
        let teacher = function(knobs.target.teacher(eigenvalues: lambda, ratio: knobs.ratio, sigma0: knobs.sigma0))
        var points = [[[Double]]](repeating: [], count: runs)
        let last = times.last ?? 0
        var residual = [Double](repeating: 0, count: n)
        for r in 0..<runs {
            var f = function((0..<n).map { _ in knobs.sigma0 * rng.gaussian() })
            var next = 0
            for t in 0...last {
                if next < times.count && times[next] == t { points[r].append(f.map { $0 / root }); next += 1 }
                if t == last { break }
                for a in 0..<n { residual[a] = f[a] - teacher[a] }
                for a in 0..<n {
                    var s = 0.0
                    for b in 0..<n { s += k[a * n + b] * residual[b] }
                    f[a] -= knobs.eta * s
                }
            }
        }
        return (Trajectories(times: times, weights: weights, points: points, failures: []), system.vectors)
    }
}
