import GSL
import RibbonCore

/// Top eigenpairs of G = XᵀX/scale for X with `rows` rows and `parameters` columns, stored
/// column-major (`x[i * rows + j]`, i < parameters), computed on the smaller side: the D × D matrix
/// itself, or the rows × rows (NTK) side XXᵀ/scale, which has the same nonzero spectrum; its
/// eigenvectors u map back to parameter space as Xᵀu (returned normalised).
enum GramSpectrum {
    static func top(
        _ x: [Double], parameters d: Int, rows: Int, scale: Double, count: Int,
        tolerance: Double = 1e-13
    ) throws(RibbonError) -> TopEigensolver.Result {
        let ntkSide = rows < d
        let order = ntkSide ? rows : d
        let matrix: [Double]
        if ntkSide {
            var transposed = [Double](repeating: 0, count: rows * d)
            for i in 0..<d { for j in 0..<rows { transposed[j * d + i] = x[i * rows + j] } }
            matrix = OutlierSimulation.gram(transposed, count: rows, length: d, scale: scale)
        } else {
            matrix = OutlierSimulation.gram(x, count: d, length: rows, scale: scale)
        }
        let top: TopEigensolver.Result
        do {
            top = try matrix.withUnsafeBufferPointer { (a) throws(GSLError) in
                try TopEigensolver.largestMagnitude(count: min(count, order), order: order, tolerance: tolerance) {
                    v, out in
                    InPCA.multiply(a, v, into: &out, order: order)
                }
            }
        } catch { throw RibbonError(.numerical, "top eigenpairs failed: \(error)") }
        guard ntkSide else { return top }
        let vectors = top.vectors.map { u -> [Double] in
            var v = (0..<d).map { i in (0..<rows).reduce(0.0) { $0 + x[i * rows + $1] * u[$1] } }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in v.indices { v[i] /= norm }
            return v
        }
        return TopEigensolver.Result(
            values: top.values, vectors: vectors, relativeResidual: top.relativeResidual, iterations: top.iterations)
    }
}
