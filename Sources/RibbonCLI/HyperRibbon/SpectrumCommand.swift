import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO

/// `ribbon spectrum`: the eigenvalues a theory command would use, their local slopes and fitted
/// laws; for kernel:rbf also the closed-form Mehler spectrum beside the matrix one. With --from-data, the
/// spectrum of a data set (eigenvalues of XᵀX/n), written as a spectrum file the other commands read.
struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract:
            "Show a spectrum: eigenvalues, local slopes c_i = ln(λ_i/λ_{i+1}), fitted geometric and power laws (and Mehler for kernel:rbf); or compute one from data.",
        discussion: """
            Kernel spectra are the eigenvalues of K/n for n Gaussian inputs in p dimensions (seeded). For \
            the RBF kernel the Mehler closed form (exact for the integral operator, tag exact) is printed \
            beside; the matrix values converge to it as n grows (Nyström).

            --from-data FILE reads an n × d data matrix (n samples in rows, d features in columns) and \
            computes the eigenvalues of Σ = XᵀX/n (divided by n, not n − 1: THEORY.md §1), the columns \
            centred first unless --no-center; the choice is printed on stderr and recorded in the file. When \
            n < d the n × n Gram matrix XXᵀ/n is diagonalised instead (same nonzero eigenvalues) and the rest \
            are zeros; min(n, d) ≤ \(DataSpectrum.maximumOrder), d ≤ \(DataSpectrum.maximumDimension). \
            --output writes the spectrum file that --spectrum FILE reads (there --dim keeps the top d and \
            --lambda1 rescales).

            Example: ribbon spectrum --spectrum kernel:rbf --kernel-inputs 1 --kernel-samples 1000 --dim 20
            Example: ribbon spectrum --from-data X.npy --output spectrum.txt
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(
        name: .customLong("from-data"),
        help: ArgumentHelp(
            "Compute the spectrum of an n × d data matrix: .npy (float64 '<f8', C order, 2-D) or CSV (one sample per row, an optional header line of column names).",
            valueName: "FILE"))
    var fromData: String?

    @Flag(
        inversion: .prefixedNo,
        help:
            "With --from-data: subtract the column means first (default); --no-center uses the raw columns (Σ is then the uncentred second moment)."
    )
    var center = true

    @Option(
        help: ArgumentHelp(
            "Also write the spectrum to FILE (and FILE.meta.json): # comment lines, the header line 'eigenvalue', one eigenvalue per line, descending, as %.17g (reads back exactly); - writes it to standard output instead of the report.",
            valueName: "FILE"))
    var output: String?

    @Option(help: "Eigenvalues to list.")
    var top: Int = 15

    @Option(
        help:
            "Output format: table or markdown (for people), csv (long/tidy: one row per eigenvalue, the spectrum's parameters on every row), jsonl or json."
    )
    var format: ReportFormat = .table

    func validate() throws {
        guard fromData != nil else {
            if !center { throw ValidationError("--no-center applies to --from-data FILE") }
            return
        }
        if model.spectrum != "geometric" || model.slope != nil || model.alpha != nil {
            throw ValidationError("--from-data computes the spectrum from data; remove --spectrum, --slope and --alpha")
        }
        if model.dim != nil || model.lambda1 != nil {
            throw ValidationError(
                "--dim and --lambda1 apply where the spectrum file is read (e.g. scan --spectrum FILE --dim 50 --lambda1 1); --from-data writes every eigenvalue as computed"
            )
        }
    }

    func run() throws {
        var metadata = RunMetadata()
        var report: Report
        let spectrum: Spectrum
        if let fromData {
            let started = Date()
            let matrix = try DataMatrix.read(path: fromData)
            let data = try DataSpectrum(
                matrix, centred: center, source: fromData, jobs: ProcessInfo.processInfo.activeProcessorCount)
            let elapsed = Date().timeIntervalSince(started)
            spectrum = data.spectrum(name: output.flatMap { $0 == "-" ? nil : $0 } ?? fromData)
            let centring =
                center ? "yes (column means subtracted; --no-center keeps the raw columns)" : "no (raw columns)"
            var lines = [
                "spectrum: \(fromData): n = \(data.rows) × d = \(data.columns); centred: \(centring); Σ = XᵀX/n, "
                    + "\(data.method == .covariance ? "\(data.columns) × \(data.columns) covariance" : "\(data.rows) × \(data.rows) Gram (n < d)"); "
                    + String(format: "%.2f s", elapsed) + (output.map { $0 == "-" ? "" : " → \($0)" } ?? "")
            ]
            if data.clampedNegatives > 0 {
                lines.append(
                    "ribbon: note: \(data.clampedNegatives) negative eigenvalue\(data.clampedNegatives == 1 ? "" : "s") from round-off (≥ −\(SpectrumFile.negativeTolerance) λ₁) set to 0"
                )
            }
            FileHandle.standardError.write(Data(lines.map { $0 + "\n" }.joined().utf8))
            if let output {
                try OutputFile.write(
                    SpectrumFile.text(data.eigenvalues, comments: data.comments(data: fromData)), to: output,
                    metadata: metadata,
                    sidecar: [
                        ("from_data", data.json(data: fromData)), ("eigenvalues", .integer(data.eigenvalues.count)),
                        ("format", .string("spectrum file")),
                    ])
            }
            report = SpectrumShape.report(spectrum, shape: SpectrumShape(spectrum, count: 50), top: top, mehler: nil)
            report.conventions += data.fields(data: fromData)
        } else {
            spectrum = try model.makeSpectrum(recording: &metadata)
            var mehler: [Double]? = nil
            if case .kernel(let k) = spectrum.source, k.kind == .rbf {
                mehler = KernelSpectrum.mehlerEigenvalues(k, count: min(top, spectrum.dimension))
            }
            if let output {
                try OutputFile.write(
                    SpectrumFile.text(spectrum.eigenvalues, comments: ["spectrum: \(spectrum.summary), descending"]),
                    to: output, metadata: metadata,
                    sidecar: [
                        ("spectrum", ReportWriter.object(ModelParameters.spectrum(spectrum))),
                        ("eigenvalues", .integer(spectrum.dimension)), ("format", .string("spectrum file")),
                    ])
            }
            report = SpectrumShape.report(
                spectrum, shape: SpectrumShape(spectrum, count: 50), top: top, mehler: mehler)
        }
        if output == "-" { return }
        print(ReportWriter(metadata: metadata).render([report], as: format), terminator: "")
    }
}
