import ArgumentParser
import RibbonCore

/// Data and kernel of `--spectrum kernel:NAME` (shared by every theory command and `scan`).
struct KernelOptions: ParsableArguments {
    @Option(help: "Kernel spectra: input dimension p of the Gaussian data x ~ N(0, σ_x² I_p).")
    var kernelInputs: Int = 5
    @Option(help: "Kernel spectra: number of samples n (eigenvalues of the n × n matrix K/n).")
    var kernelSamples: Int = 400
    @Option(parsing: .unconditional, help: "Kernel spectra: length scale ℓ of the rbf and laplace kernels.")
    var lengthScale: Double = 1
    @Option(parsing: .unconditional, help: "Kernel spectra: standard deviation σ_x of the Gaussian inputs.")
    var inputScale: Double = 1
    @Option(help: "Kernel spectra: seed of the Gaussian inputs.")
    var kernelSeed: UInt64 = 1

    /// The settings for `kernel:NAME`, or nil when `name` is not a kernel spectrum.
    func settings(named name: String) throws -> KernelSpectrum.Settings? {
        guard name.hasPrefix("kernel:") else { return nil }
        let kindName = String(name.dropFirst("kernel:".count))
        guard let kind = KernelSpectrum.Kind(rawValue: kindName) else {
            throw RibbonError(
                .invalidParameter,
                "unknown kernel '\(kindName)'; allowed: "
                    + KernelSpectrum.Kind.allCases.map { "kernel:" + $0.rawValue }.joined(separator: ", "))
        }
        return try KernelSpectrum.Settings(
            kind: kind, inputDimension: kernelInputs, samples: kernelSamples,
            lengthScale: lengthScale, inputScale: inputScale, seed: kernelSeed)
    }

    /// The kernel spectrum with d eigenvalues, or nil when `name` is not a kernel spectrum.
    func spectrum(named name: String, dimension d: Int) throws -> Spectrum? {
        try settings(named: name).map { s in try KernelSpectrum.spectrum(s, dimension: d) }
    }
}
