import ArgumentParser
import Dispatch
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `ribbon bench`: speed of the engine on fixed workloads, medians over repeated runs.
///
/// A subcommand rather than a separate benchmark target, so a user measures exactly the binary
/// they run, with no extra build; the workloads call the same library code the commands use.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the engine on fixed workloads (median of repeats) and print a table.",
        discussion:
            "Workloads: the eigenvalue step alone (own solver vs GSL and LAPACK, 200 × 200), widths at d = 200 and 2000, a 64 × 64 dense verdict scan at d = 200 on 1 and on all cores, a ratio boundary trace, inPCA top-20 of N = 4000 points, and a full verify (d = 50, n = 500, R = 40, T = 1000). With --large: the large-spectrum engine (power laws at d = 3072 and 20000, boundaries at d = 3072, spectrum --from-data on 5000 × 3072 and 2000 × 20000) and the d = 200 scan with and without sharing across r. Build with -c release before measuring."
    )

    @Option(help: "Repeats per workload (the median is reported).")
    var repeats: Int = 5

    @Flag(help: "Smaller workloads (a quick smoke run, e.g. in CI).")
    var quick = false

    @Flag(
        help:
            "Measure scaling instead: widths time vs d, scan time vs grid size, inPCA time vs N, with growth exponents."
    )
    var scaling = false

    @Flag(
        help:
            "Only the large-spectrum workloads (issue 14): power-law scans at d = 3072, one point at d = 20000, boundaries at d = 3072, spectrum --from-data on 5000 × 3072 and 2000 × 20000, and the d = 200 scan with and without sharing across r."
    )
    var large = false

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1 (got \(repeats))") }
    }

    struct Workload {
        let name: String
        let units: Double
        let unitName: String
        let body: () throws -> Void
    }

    /// Median seconds of `repeats` runs of `body`.
    func median(_ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    /// Least-squares slope of log(time) against log(size): the growth exponent.
    static func exponent(_ sizes: [Double], _ times: [Double]) -> Double {
        let x = sizes.map { Foundation.log($0) }, y = times.map { Foundation.log($0) }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        return sxy / x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
    }

    func runScaling(_ criterion: HyperRibbonCriterion) throws {
        print(
            "ribbon \(RunMetadata.version) bench --scaling · \(ProcessInfo.processInfo.activeProcessorCount) cores · median of \(repeats)"
        )
        let solvers = EigenvalueSolvers()
        let dims = quick ? [50, 100, 200] : [50, 100, 200, 500, 1000, 2000, 5000]
        for c in [1.0, 0.1] {
            var times: [Double] = []
            var line = "widths vs d (c=\(c), T=1000, r=10):"
            for d in dims {
                let spectrum = try Spectrum.geometric(slope: c, dimension: d)
                let knobs = try Knobs(steps: 1000, ratio: 10)
                var kept = 0
                let t = try median {
                    let cov = try TrajectoryCovariance(
                        spectrum: spectrum, knobs: knobs, truncation: TrajectoryCovariance.defaultTruncation)
                    kept = cov.order
                    _ = criterion.verdict(for: try WidthSpectrum(covariance: cov, solvers: solvers))
                }
                times.append(t)
                line += "  d=\(d): \(Self.seconds(t)) (kept \(kept))"
            }
            print(line + String(format: "  → exponent %.2f", Self.exponent(dims.map(Double.init), times)))
        }
        let sides = quick ? [4, 8] : [8, 16, 32, 64]
        var scanTimes: [Double] = []
        var line = "dense scan vs grid points (d=200, r=10, c∈[0.1,4], T∈[1,1e6], all cores):"
        for side in sides {
            let slopes = try GridAxis.parse("log:0.1:4:\(side)", name: "--slope").values
            let steps = try GridAxis.parse("log:1:1e6:\(side)", name: "--steps").values.map { $0.rounded() }
            let points = slopes.flatMap { c in steps.map { (c, $0) } }
            let jobs = ProcessInfo.processInfo.activeProcessorCount
            let t = median {
                DispatchQueue.concurrentPerform(iterations: jobs) { w in
                    let cache = EigenvalueSolvers()
                    for i in stride(from: w, to: points.count, by: jobs) {
                        let cov = try! TrajectoryCovariance(
                            spectrum: Spectrum.geometric(slope: points[i].0, dimension: 200),
                            knobs: Knobs(steps: points[i].1, ratio: 10),
                            truncation: TrajectoryCovariance.defaultTruncation)
                        _ = criterion.verdict(for: try! WidthSpectrum(covariance: cov, solvers: cache))
                    }
                }
            }
            scanTimes.append(t)
            line += "  \(points.count): \(Self.seconds(t))"
        }
        print(line + String(format: "  → exponent %.2f", Self.exponent(sides.map { Double($0 * $0) }, scanTimes)))
        let ns = quick ? [250, 500] : [500, 1000, 2000, 4000]
        var inpcaTimes: [Double] = []
        line = "inPCA top-20 vs N (L1 distances, Lanczos):"
        for n in ns {
            let rng = SeededRandomGenerator(seed: 1)
            let cloud = (0..<n).map { _ in (0..<12).map { _ in rng.gaussian() } }
            let (distances, _) = Bhattacharyya.matrix(cloud, jobs: 2) { a, b in
                zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) }
            }
            let weights = [Double](repeating: 1 / Double(n), count: n)
            let t = try median { _ = try InPCA(distances: distances, weights: weights, components: 20) }
            inpcaTimes.append(t)
            line += "  N=\(n): \(Self.seconds(t))"
        }
        print(line + String(format: "  → exponent %.2f", Self.exponent(ns.map(Double.init), inpcaTimes)))
    }

    func run() throws {
        let criterion = try HyperRibbonCriterion()
        if scaling { return try runScaling(criterion) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        if large { return try report(try largeSpectrumWorkloads(criterion), cores: cores) }
        let side = quick ? 8 : 64
        func widths(_ d: Int, truncation: Double?) throws -> Workload {
            let spectrum = try Spectrum.geometric(slope: 1, dimension: d)
            let knobs = try Knobs(steps: 1000, ratio: 10)
            let solvers = EigenvalueSolvers()
            let label = truncation == nil ? "full matrix" : "proven truncation"
            return Workload(name: "widths d=\(d), c=1, T=1000, r=10 (\(label))", units: 1, unitName: "call") {
                let covariance = try TrajectoryCovariance(spectrum: spectrum, knobs: knobs, truncation: truncation)
                _ = criterion.verdict(for: try WidthSpectrum(covariance: covariance, solvers: solvers))
            }
        }
        let slopes = try GridAxis.parse("log:0.1:4:\(side)", name: "--slope").values
        let stepValues = try GridAxis.parse("log:1:1e6:\(side)", name: "--steps").values.map { $0.rounded() }
        let grid = slopes.flatMap { c in stepValues.map { (c, $0) } }
        /// HR verdicts over the grid on `jobs` threads (the scan's per-point work).
        func verdicts(jobs: Int, truncation: Double?) -> [Bool] {
            let out = UnsafeMutableBufferPointer<Bool>.allocate(capacity: grid.count)
            defer { out.deallocate() }
            nonisolated(unsafe) let buffer = out
            DispatchQueue.concurrentPerform(iterations: jobs) { worker in
                let solvers = EigenvalueSolvers()
                for i in stride(from: worker, to: grid.count, by: jobs) {
                    let spectrum = try! Spectrum.geometric(slope: grid[i].0, dimension: 200)
                    let covariance = try! TrajectoryCovariance(
                        spectrum: spectrum, knobs: Knobs(steps: grid[i].1, ratio: 10), truncation: truncation)
                    buffer[i] =
                        criterion.verdict(for: try! WidthSpectrum(covariance: covariance, solvers: solvers))
                        .isHyperRibbon
                }
            }
            return Array(out)
        }
        func scan(jobs: Int, truncation: Double?) -> Workload {
            Workload(
                name: "dense scan \(side)×\(side) d=200, r=10, jobs=\(jobs)\(truncation == nil ? ", full matrix" : "")",
                units: Double(grid.count), unitName: "point"
            ) { _ = verdicts(jobs: jobs, truncation: truncation) }
        }
        let boundary = Workload(name: "boundary --axis ratio, c=1, T=1000, d=200", units: 1, unitName: "trace") {
            let base = PhasePoint(
                model: .geometric(lambda1: 1, dimension: 200), shape: 1,
                knobs: try Knobs(steps: 1000, ratio: 1), criterion: criterion)
            _ = try BoundarySolver(axis: .ratio).solve(base)
        }
        // inPCA of a non-Euclidean (classification-like) distance matrix: Lanczos top-20.
        let points = quick ? 600 : 4000
        let rng = SeededRandomGenerator(seed: 1)
        let cloud = (0..<points).map { _ in (0..<12).map { _ in rng.gaussian() } }
        let (distances, _) = Bhattacharyya.matrix(cloud, jobs: cores) { a, b in
            var s = 0.0
            for i in a.indices { s += abs(a[i] - b[i]) }  // an L1 distance: not Euclidean, negative e_k appear
            return s
        }
        let weights = [Double](repeating: 1 / Double(points), count: points)
        let inpca = Workload(name: "inPCA top-20, N=\(points) (Lanczos)", units: 1, unitName: "embedding") {
            _ = try InPCA(distances: distances, weights: weights, components: 20)
        }
        let verify = Workload(
            name: "verify d=\(quick ? 20 : 50) n=\(quick ? 100 : 500) R=40 T=1000 log:60, exact null 4000 replicates",
            units: 1, unitName: "run"
        ) {
            let settings = try SimulationSettings(
                spectrum: Spectrum.geometric(slope: 1, dimension: quick ? 20 : 50),
                knobs: Knobs(steps: 1000, ratio: 10), samples: quick ? 100 : 500, runs: 40,
                schedule: .logSpaced(60), seed: 1)
            _ = try Verification(simulation: try Simulation(settings), criterion: criterion)
        }
        // The eigenvalue step alone, on one full 200 × 200 covariance (c = 0.1, T = 1e6: no truncation).
        let matrix = try TrajectoryCovariance(
            spectrum: Spectrum.geometric(slope: 0.1, dimension: 200),
            knobs: Knobs(steps: 1e6, ratio: 10)
        ).matrix
        let own = SymmetricEigenvalueSolver(order: 200)
        let eigenOwn = Workload(
            name: "eigenvalues 200×200 covariance (own Householder + QL)", units: 1, unitName: "matrix"
        ) {
            _ = try own.eigenvalues(of: matrix)
        }
        let eigenGSL = Workload(
            name: "eigenvalues 200×200 covariance (GSL gsl_eigen_symm)", units: 1, unitName: "matrix"
        ) {
            _ = try referenceEigenvalues(of: matrix, order: 200)
        }
        let eigenLAPACK = Workload(
            name: "eigenvalues 200×200 covariance (LAPACK dsyevd, OpenBLAS)", units: 1, unitName: "matrix"
        ) {
            _ = try lapackEigenvalues(of: matrix, order: 200)
        }
        let tau = TrajectoryCovariance.defaultTruncation
        var workloads = [
            eigenOwn, eigenGSL, eigenLAPACK, try widths(200, truncation: tau), try widths(200, truncation: nil),
            try widths(quick ? 400 : 2000, truncation: tau), scan(jobs: 1, truncation: tau),
        ]
        if cores > 1 { workloads += [scan(jobs: cores, truncation: tau), scan(jobs: cores, truncation: nil)] }
        workloads += [boundary] + (try closedFormWorkloads(criterion)) + [inpca, verify]
        // OUTLIERS.md §2: the effective-dynamics ODE, online SGD, and test matrices (matrix-free Lanczos).
        let setting = try MixtureSGDSetting(classes: 4, lambda: 20, ridge: 0.02, stepConstant: 1)
        let dynamics = try MixtureDynamics(setting: setting)
        workloads.append(
            Workload(
                name: "effective-dynamics ODE to t = 20 (k = 4, \(dynamics.expectation))", units: 1, unitName: "solve"
            ) {
                _ = try dynamics.solve(at: [20])
            })
        let sgdDimension = quick ? 200 : 1000
        let sgd = try MixtureSGD(setting: setting, dimension: sgdDimension)
        workloads.append(
            Workload(
                name: "online SGD k = 4, d = \(sgdDimension), t = 20", units: Double(sgd.stepIndex(time: 20)),
                unitName: "step"
            ) {
                _ = try sgd.run(seed: 1, times: [20])
            })
        let blockDimension = quick ? 500 : 4000
        let blockSGD = try MixtureSGD(setting: setting, dimension: blockDimension)
        let block = MixtureTestMatrices(
            at: [Double](repeating: 0, count: 4 * blockDimension), sgd: blockSGD,
            samples: 4 * blockDimension, rng: SeededRandomGenerator(seed: 2))
        workloads.append(
            Workload(
                name:
                    "test Hessian block \(blockDimension)×\(blockDimension) (M̃ = \(4 * blockDimension)), top 8, matrix-free Lanczos",
                units: 1, unitName: "spectrum"
            ) {
                _ = try block.top(.hessian(0), count: 8)
            })
        let fullDimension = quick ? 200 : 1000
        let fullHessian = MixtureTestMatrices(
            at: [Double](repeating: 0, count: 4 * fullDimension),
            sgd: try MixtureSGD(setting: setting, dimension: fullDimension),
            samples: 4 * fullDimension, rng: SeededRandomGenerator(seed: 3))
        workloads.append(
            Workload(
                name:
                    "full Hessian \(4 * fullDimension)×\(4 * fullDimension) (d = \(fullDimension)), top 20, matrix-free Lanczos",
                units: 1, unitName: "spectrum"
            ) {
                _ = try fullHessian.fullHessianTop(count: 20)
            })

        try report(workloads, cores: cores)
        let truncated = verdicts(jobs: cores, truncation: tau), full = verdicts(jobs: cores, truncation: nil)
        let differ = zip(truncated, full).filter { $0 != $1 }.count
        print(
            "verdicts: proven truncation vs full matrix differ at \(differ) of \(grid.count) grid points (\(truncated.filter { $0 }.count) hyper-ribbons)"
        )
    }

    /// Runs every workload `repeats` times and prints the median table.
    func report(_ workloads: [Workload], cores: Int) throws {
        print(
            "ribbon \(RunMetadata.version) bench · \(cores) cores · GSL \(RunMetadata.gslVersion) · median of \(repeats)"
        )
        var table = TextTable(
            headers: ["workload", "median", "per unit", "rate"], alignments: [.left, .right, .right, .right])
        for w in workloads {
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                try w.body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let median = times.sorted()[times.count / 2]
            table.append([
                w.name, Self.seconds(median), Self.seconds(median / w.units) + "/" + w.unitName,
                String(format: "%.1f %@/s", w.units / median, w.unitName),
            ])
        }
        print(table.render())
    }

    /// Issue 14's targets: the large-d engine on power laws at d = 3072 and 20000, boundaries at d = 3072, data
    /// spectra, and the d = 200 geometric scan with the r-independent parts shared (r varying fastest) or not (r slowest).
    func largeSpectrumWorkloads(_ criterion: HyperRibbonCriterion) throws -> [Workload] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        /// Exact widths and verdicts at `points` on all cores, each worker with its own workspace.
        func evaluate(_ points: [PhasePoint]) {
            DispatchQueue.concurrentPerform(iterations: cores) { worker in
                let solvers = EigenvalueSolvers()
                for i in stride(from: worker, to: points.count, by: cores) {
                    let p = points[i]
                    _ = p.criterion.verdict(for: try! p.exactWidths(spectrum: try! p.spectrum(), solvers: solvers))
                }
            }
        }
        /// shape × T × r points of `model`, r varying fastest (as in `ribbon scan`).
        func grid(_ model: SpectrumModel, _ shapes: [Double], _ steps: [Double], _ ratios: [Double]) throws
            -> [PhasePoint]
        {
            var points: [PhasePoint] = []
            for shape in shapes {
                for t in steps {
                    for r in ratios {
                        points.append(
                            PhasePoint(
                                model: model, shape: shape, knobs: try Knobs(steps: t, ratio: r), criterion: criterion))
                    }
                }
            }
            return points
        }
        let alphas = quick ? [0.5, 1.5, 3] : [0.5, 0.75, 1, 1.5, 2, 2.2, 2.5, 3]
        let scan3072 = try grid(.powerLaw(lambda1: 1, dimension: 3072), alphas, [10, 1e3, 1e5], [0.3, 3, 30])
        let one20000 = try grid(.powerLaw(lambda1: 1, dimension: 20_000), [1], [1e4], [30])
        let slopes = try GridAxis.parse("log:0.1:4:\(quick ? 4 : 16)", name: "--slope").values
        let steps = try GridAxis.parse("log:1:1e6:\(quick ? 4 : 16)", name: "--steps").values.map { $0.rounded() }
        let ratios = try GridAxis.parse("log:0.1:1000:\(quick ? 4 : 16)", name: "--ratio").values
        func geometric(ratioFastest: Bool) throws -> [PhasePoint] {
            let points = try grid(.geometric(lambda1: 1, dimension: 200), slopes, steps, ratios)
            guard !ratioFastest else { return points }
            // The same points with r varying slowest: consecutive points never share a family.
            let n = ratios.count
            return (0..<points.count).map { i in points[(i % (points.count / n)) * n + i / (points.count / n)] }
        }
        let shared = try geometric(ratioFastest: true), unshared = try geometric(ratioFastest: false)
        var out = [
            Workload(
                name: "large-d scan: power α ∈ [0.5, 3] × T × r, d = 3072 (\(scan3072.count) points, all cores)",
                units: Double(scan3072.count), unitName: "point"
            ) { evaluate(scan3072) },
            Workload(name: "large-d point: power α = 1, T = 1e4, r = 30, d = 20000", units: 1, unitName: "point") {
                evaluate(one20000)
            },
            Workload(
                name: "dense d = 200 geometric scan \(shared.count) points, r fastest (B₁, D shared across r)",
                units: Double(shared.count), unitName: "point"
            ) { evaluate(shared) },
            Workload(
                name: "dense d = 200 geometric scan \(unshared.count) points, r slowest (nothing shared)",
                units: Double(unshared.count), unitName: "point"
            ) { evaluate(unshared) },
        ]
        // `spectrum --from-data` without the file: a seeded n × d matrix with decaying column scales, through the
        // dense XᵀX/n route (n ≥ d) and the Gram route (n < d).
        for (n, d) in quick ? [(600, 300), (300, 2000)] : [(5000, 3072), (2000, 20_000)] {
            let data = try Self.syntheticData(rows: n, columns: d)
            out.append(
                Workload(
                    name: "spectrum --from-data, \(n) × \(d) (\(n >= d ? "XᵀX/n" : "Gram XXᵀ/n"), all cores)", units: 1,
                    unitName: "spectrum"
                ) { _ = try DataSpectrum(data, centred: true, source: "bench", jobs: cores) })
        }
        for axis in [BoundaryAxis.ratio, .steps] {
            let base = PhasePoint(
                model: .powerLaw(lambda1: 1, dimension: 3072), shape: 2.2,
                knobs: try Knobs(steps: 1000, ratio: 30), criterion: criterion)
            out.append(
                Workload(
                    name: "boundary --axis \(axis.rawValue), power α = 2.2, d = 3072 (T = 1000 / r = 30)", units: 1,
                    unitName: "boundary"
                ) { _ = try BoundarySolver(axis: axis).solve(base) })
        }
        return out
    }

    /// A seeded n × d data matrix, column j scaled by e^{−j/500} (a slowly decaying spectrum, like image data).
    static func syntheticData(rows n: Int, columns d: Int) throws -> DataMatrix {
        let rng = SeededRandomGenerator(seed: 3)
        let scales = (0..<d).map { exp(-Double($0) / 500) }
        var values = [Double](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { values[i * d + j] = scales[j] * rng.gaussian() } }
        return try DataMatrix(rows: n, columns: d, values: values, source: "bench")
    }

    static func seconds(_ s: Double) -> String {
        s >= 1
            ? String(format: "%.2f s", s)
            : s >= 1e-3 ? String(format: "%.2f ms", s * 1e3) : String(format: "%.1f µs", s * 1e6)
    }

    /// BOUNDARIES.md §2 forms against the exact search: the Φ table (once per c), a derived-composite r* at
    /// d = 200 and 20000 (the cost must not grow with d), the recommended T* beside the exact T*, and the
    /// exact small-T verdict.
    func closedFormWorkloads(_ criterion: HyperRibbonCriterion) throws -> [Workload] {
        func base(c: Double, steps: Double, ratio: Double, d: Int = 200) throws -> PhasePoint {
            PhasePoint(
                model: .geometric(lambda1: 1, dimension: d), shape: c, knobs: try Knobs(steps: steps, ratio: ratio),
                criterion: criterion)
        }
        var out = [
            Workload(
                name: "Φ table for one c (δΦ: resolvent quadrature + det on ≥ 64 nodes), c = 1.3", units: 1,
                unitName: "table"
            ) {
                _ = try StandingWavePhase(slope: 1.3)
            }
        ]
        for d in [200, 20_000] {
            let p = try base(c: 1, steps: 1000, ratio: 1, d: d)
            let spectrum = try p.spectrum()
            out.append(
                Workload(
                    name: "closed-form r* (derived composite, pairwise + ledger), c=1, T=1000, d=\(d)", units: 1,
                    unitName: "boundary"
                ) {
                    _ = try ClosedFormVerdict.composite(.derivedComposite, point: p, spectrum: spectrum)
                        .ratioBoundary(criterion: criterion, range: 1e-3...1e4)
                })
        }
        let steps = try BoundarySolver(axis: .steps, range: 1...1e6)
        let p = try base(c: 1, steps: 1, ratio: 1000)
        out.append(
            Workload(
                name: "closed-form T* (recommended, per-point hybrid), c=1, r=1000, d=200", units: 1,
                unitName: "boundary"
            ) {
                _ = try steps.solve(p) { q throws(RibbonError) in
                    guard let v = try ClosedFormVerdict.recommendedVerdict(point: q) else {
                        throw .parameter("outside the measured setting")
                    }
                    return v
                }
            })
        out.append(
            Workload(name: "exact T* (E2 + Brent), c=1, r=1000, d=200", units: 1, unitName: "boundary") {
                _ = try steps.solve(p)
            })
        for t in [10.0, 64] {
            let q = try base(c: 1, steps: t, ratio: 3)
            out.append(
                Workload(name: "small-T verdict (exact, Haynsworth), T=\(Int(t)), d=200", units: 1, unitName: "verdict")
                {
                    _ = try ClosedFormVerdict.verdict(.smallSteps, point: q)
                })
        }
        return out
    }
}
