import GSL
import Testing
@testable import RibbonCore
@testable import RibbonSim

@Suite("Goldilocks zone on a small ReLU network")
struct GoldilocksTests {
    static let network = try! GoldilocksNetwork(classes: 3, inputDimension: 6, hidden: 5, samples: 40, seed: 2)

    /// Central differences of the loss (step 1e-5: truncation ~1e-10, rounding ~1e-11 on a loss of order 1).
    @Test("The gradient matches central differences of the loss to 1e-7")
    func gradient() {
        let theta = Self.network.initial.map { 1.3 * $0 }
        let g = Self.network.lossAndGradient(theta).gradient
        for q in theta.indices {
            var plus = theta, minus = theta
            plus[q] += 1e-5
            minus[q] -= 1e-5
            let fd = (Self.network.lossAndGradient(plus).loss - Self.network.lossAndGradient(minus).loss) / 2e-5
            #expect(abs(fd - g[q]) < 1e-7, "parameter \(q)")
        }
    }

    /// Central differences of the gradient: an independent route to H = G + H′ (exact away from ReLU kinks;
    /// a 1e-6 step crosses no kink here, checked by the 1e-6 agreement itself).
    @Test("The Hessian matches central differences of the gradient to 1e-6; Tr H′ = 0")
    func hessian() {
        let theta = Self.network.initial.map { 1.3 * $0 }
        let n = Self.network.parameterCount
        let (h, g, _) = Self.network.hessian(theta)
        for q in 0..<n {
            var plus = theta, minus = theta
            plus[q] += 1e-6
            minus[q] -= 1e-6
            let gp = Self.network.lossAndGradient(plus).gradient, gm = Self.network.lossAndGradient(minus).gradient
            for s in 0..<n { #expect(abs((gp[s] - gm[s]) / 2e-6 - h[s * n + q]) < 1e-6, "H[\(s), \(q)]") }
        }
        var traceCross = 0.0
        for q in 0..<n { traceCross += h[q * n + q] - g[q * n + q] }
        #expect(abs(traceCross) < 1e-15)
    }

    @Test("Section trace ratio follows √d ρ_D/√(ρ_D² + d + 1) within 3 SE + 5% at d = 10, 50")
    func sections() throws {
        let network = try GoldilocksNetwork(seed: 1)
        let sweep = try GoldilocksSweep(
            network: network, scales: [0.5, 2], dimensions: [10, 50], sections: 8, seed: 1)
        for r in sweep.sectionRows {
            #expect(
                abs(r.traceRatio - r.traceRatioPredicted) <= 3 * r.traceRatioSE + 0.05 * r.traceRatioPredicted,
                "α = \(r.scale), d = \(r.dimension): \(r.traceRatio) ± \(r.traceRatioSE) vs \(r.traceRatioPredicted)")
        }
        // The curvature factor falls as the softmax freezes with growing logit scale.
        #expect(sweep.sectionRows.last!.curvatureFactor < sweep.sectionRows.first!.curvatureFactor)
    }

    @Test("Training succeeds in the full space and fails on a line")
    func subspaceTraining() throws {
        let network = try GoldilocksNetwork(seed: 1)
        let sweep = try GoldilocksSweep(
            network: network, scales: [0.5], dimensions: [1, network.parameterCount], sections: 2, seed: 3,
            training: (steps: 200, runs: 2))
        #expect(sweep.trainingRows[0].successShare == 0)
        #expect(sweep.trainingRows[1].successShare == 1)
    }

    @Test("Bad settings are refused")
    func badInput() throws {
        #expect(throws: RibbonError.self) { try GoldilocksNetwork(classes: 1, seed: 1) }
        #expect(throws: RibbonError.self) { try GoldilocksNetwork(hidden: 200, seed: 1) }
        let network = try GoldilocksNetwork(seed: 1)
        #expect(throws: RibbonError.self) {
            try GoldilocksSweep(network: network, scales: [1], dimensions: [481], sections: 2, seed: 1)
        }
        #expect(throws: RibbonError.self) {
            try GoldilocksSweep(network: network, scales: [-1], dimensions: [5], sections: 2, seed: 1)
        }
    }
}
