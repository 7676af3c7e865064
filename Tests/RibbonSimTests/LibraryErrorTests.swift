import Testing

@testable import RibbonCore
@testable import RibbonSim

/// The library speaks of its own parameters; a front end names its controls from the error's topic (the CLI's
/// hints are tested with the commands). Each case is a setting the simulator refuses.
@Suite("Simulator errors name parameters, not command-line flags")
struct LibraryErrorTests {
    static func refusal(_ make: () throws(RibbonError) -> Void) -> RibbonError? {
        do {
            try make()
            return nil
        } catch { return error }
    }

    @Test("Refused settings carry a topic and no flag")
    func topics() throws {
        let spectrum = try Spectrum.geometric(slope: 1, dimension: 10)
        let flow = try Knobs(eta: 1, steps: 10, ratio: 1, dynamics: .flow)
        let cases: [(RibbonError.Topic, () throws(RibbonError) -> Void)] = [
            (
                .dynamics,
                { () throws(RibbonError) in
                    _ = try SimulationSettings(
                        spectrum: spectrum, knobs: flow, samples: 20, runs: 3, likelihood: .classification(classes: 3))
                }
            ),
            (
                .target,
                { () throws(RibbonError) in
                    _ = try SimulationSettings(
                        spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1, target: .outputs), samples: 20,
                        runs: 3, likelihood: .classification(classes: 3))
                }
            ),
            (
                .batch,
                { () throws(RibbonError) in
                    _ = try SimulationSettings(
                        spectrum: spectrum, knobs: try Knobs(steps: 10, ratio: 1), samples: 20, runs: 3,
                        likelihood: .classification(classes: 3), sgd: try SGDNoise(batch: 4, labelNoise: 0))
                }
            ),
            (
                .dynamics,
                { () throws(RibbonError) in
                    _ = try SimulationSettings(
                        spectrum: spectrum, knobs: flow, samples: 20, runs: 3,
                        sgd: try SGDNoise(batch: 4, labelNoise: 0))
                }
            ),
        ]
        for (topic, make) in cases {
            let error = try #require(Self.refusal(make), "\(topic) was not refused")
            #expect(error.topic == topic, "\(error.message)")
            #expect(!error.message.contains("--"), "\(error.message)")
        }
    }
}
