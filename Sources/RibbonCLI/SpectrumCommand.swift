import ArgumentParser
import RibbonCore
import RibbonIO

/// `ribbon spectrum`: the eigenvalues a theory command would use, their local slopes and fitted
/// laws; for kernel:rbf also the closed-form Mehler spectrum beside the matrix one.
struct SpectrumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spectrum",
        abstract: "Show a spectrum: eigenvalues, local slopes c_i = ln(λ_i/λ_{i+1}), fitted geometric and power laws (and Mehler for kernel:rbf).",
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

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() throws {
        let spectrum = try model.makeSpectrum()
        let shape = SpectrumShape(spectrum, count: 50)
        var mehler: [Double]? = nil
        if case .kernel(let k) = spectrum.source, k.kind == .rbf { mehler = KernelSpectrum.mehlerEigenvalues(k, count: min(top, spectrum.dimension)) }
        let count = min(top, spectrum.dimension)
        if format == .json {
            var members: [(String, JSONValue)] = [
                ("spectrum", .string(spectrum.summary)),
                ("eigenvalues", .numbers(spectrum.eigenvalues)),
                ("local_slopes", .numbers(shape.localSlopes)),
                ("geometric_fit", .object([("rate", .number(shape.geometricRate)), ("r_squared", .number(shape.geometricR2))])),
                ("power_fit", .object([("exponent", .number(shape.powerExponent)), ("r_squared", .number(shape.powerR2))])),
                ("fitted_modes", .integer(shape.fittedModes)),
            ]
            if let mehler { members.append(("mehler_eigenvalues", .numbers(mehler))) }
            print(JSONValue.object(members).serialized(pretty: true))
            return
        }
        print("ribbon spectrum · \(spectrum.summary)")
        if shape.fittedModes < 2 || !shape.geometricRate.isFinite {
            // A line through fewer than two positive eigenvalues is undefined: say why instead of printing NaN.
            print("fits: none (only \(shape.fittedModes) positive mode\(shape.fittedModes == 1 ? "" : "s") above the floor; a geometric or power law needs at least 2)")
        } else {
            print("fits over the top \(shape.fittedModes) modes: geometric rate c = \(NumberFormat.short(shape.geometricRate, digits: 4)) (R² = \(NumberFormat.short(shape.geometricR2, digits: 4))), "
                  + "power exponent α = \(NumberFormat.short(shape.powerExponent, digits: 4)) (R² = \(NumberFormat.short(shape.powerR2, digits: 4)))")
        }
        var headers = ["i", "λ_i", "local slope c_i"], align: [TextTable.Alignment] = [.right, .right, .right]
        if mehler != nil { headers += ["Mehler λ_i [exact]", "rel.diff"]; align += [.right, .right] }
        var table = TextTable(headers: headers, alignments: align)
        for i in 0..<count {
            var row = [String(i + 1), NumberFormat.short(spectrum.eigenvalues[i]),
                       i < shape.localSlopes.count ? NumberFormat.short(shape.localSlopes[i], digits: 4) : ""]
            if let m = mehler { row += [NumberFormat.short(m[i]), NumberFormat.percent((spectrum.eigenvalues[i] - m[i]) / m[i])] }
            table.append(row)
        }
        print(table.render())
    }
}
