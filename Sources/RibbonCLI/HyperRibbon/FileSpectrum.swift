import Foundation
import RibbonCore
import RibbonIO

/// A spectrum FILE as the theory commands and `scan` use it: `--dim` and `--lambda1` applied when given,
/// a one-line note on stderr when reading changed values, and the file recorded in the run's metadata.
enum FileSpectrum {
    static func load(_ path: String, dim: Int?, lambda1: Double?, recording metadata: inout RunMetadata) throws
        -> Spectrum
    {
        let contents = try SpectrumFile.read(path: path)
        if let dim, dim > contents.count {
            throw RibbonError(
                .invalidParameter,
                "--dim \(dim) is larger than the \(contents.count) eigenvalues in '\(path)'; give --dim ≤ \(contents.count) (it keeps the top d), or omit it to use them all"
            )
        }
        let used = try contents.adjusted(dimension: dim, lambda1: lambda1)
        if let note = used.note { FileHandle.standardError.write(Data("ribbon: note: \(note)\n".utf8)) }
        metadata.appendInput("spectrum_files", used.json)
        return used.spectrum
    }
}
