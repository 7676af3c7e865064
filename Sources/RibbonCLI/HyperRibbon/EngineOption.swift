import ArgumentParser
import RibbonCore

extension WidthMethod: ExpressibleByArgument {}

/// `--engine`: which eigen-solution the exact widths use, so a user can check the large-d engine against the
/// dense one on their own spectrum.
struct EngineOption: ParsableArguments {
    @Option(
        help:
            "Exact widths: automatic (dense up to \(WidthSpectrum.denseLimit) kept modes, the large-d engine above), dense (every variance; slow at large d) or low-rank (the large-d engine at any d, e.g. to compare with dense)."
    )
    var engine: WidthMethod = .automatic
}
