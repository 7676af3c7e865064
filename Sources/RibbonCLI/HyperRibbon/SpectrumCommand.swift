import ArgumentParser
import RibbonCore
import RibbonIO

/// `ribbon spectrum`: the eigenvalues a theory command would use, their local slopes and fitted
/// laws; for kernel:rbf also the closed-form Mehler spectrum beside the matrix one.
struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract:
            "Show a spectrum: eigenvalues, local slopes c_i = ln(λ_i/λ_{i+1}), fitted geometric and power laws (and Mehler for kernel:rbf).",
        discussion: """
            Kernel spectra are the eigenvalues of K/n for n Gaussian inputs in p dimensions (seeded). For \
            the RBF kernel the Mehler closed form (exact for the integral operator, tag exact) is printed \
            beside; the matrix values converge to it as n grows (Nyström).

            Example: ribbon spectrum --spectrum kernel:rbf --kernel-inputs 1 --kernel-samples 1000 --dim 20
            """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Eigenvalues to list.")
    var top: Int = 15

    @Option(
        help:
            "Output format: table or markdown (for people), csv (long/tidy: one row per eigenvalue, the spectrum's parameters on every row), jsonl or json."
    )
    var format: ReportFormat = .table

    func run() throws {
        var metadata = RunMetadata()
        let spectrum = try model.makeSpectrum(recording: &metadata)
        let shape = SpectrumShape(spectrum, count: 50)
        var mehler: [Double]? = nil
        if case .kernel(let k) = spectrum.source, k.kind == .rbf {
            mehler = KernelSpectrum.mehlerEigenvalues(k, count: min(top, spectrum.dimension))
        }
        let report = SpectrumShape.report(spectrum, shape: shape, top: top, mehler: mehler)
        print(ReportWriter(metadata: metadata).render([report], as: format), terminator: "")
    }
}
