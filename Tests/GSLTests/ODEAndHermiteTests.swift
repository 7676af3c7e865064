import Foundation
import Testing
@testable import GSL

@Suite("GSL ODE driver and Gauss–Hermite nodes")
struct ODEAndHermiteTests {
    @Test("rk8pd: the harmonic oscillator returns to (cos t, −sin t) to 1e-9 over 10 periods")
    func harmonicOscillator() throws {
        let times = [0.5, 2 * Double.pi, 20 * Double.pi]
        let states = try ODEIntegrator.solve(initial: [1, 0], from: 0, at: times) { _, y, dy in
            dy[0] = y[1]
            dy[1] = -y[0]
        }
        for (t, s) in zip(times, states) {
            // 1e-10 per-step tolerance over ~10³ steps: 1e-9 is the accumulated budget.
            #expect(abs(s[0] - cos(t)) < 1e-9 && abs(s[1] + sin(t)) < 1e-9)
        }
    }

    @Test("A time equal to the start returns the initial state untouched")
    func startTime() throws {
        let states = try ODEIntegrator.solve(initial: [3], from: 0, at: [0, 1]) { _, y, dy in dy[0] = -y[0] }
        #expect(states[0] == [3])
        #expect(abs(states[1][0] - 3 * exp(-1)) < 1e-9)
    }

    /// The caller's own error type: it also stands for GSL failures, so it passes through typed.
    struct Marker: GSLFailureConvertible {
        init() {}
        init(gslFailure: GSLError) {}
    }

    @Test("An error in the right-hand side stops the integration and comes back unchanged")
    func rightHandSideError() {
        #expect(throws: Marker.self) {
            try ODEIntegrator.solve(initial: [1], from: 0, at: [1]) { (t, _, dy) throws(Marker) in
                if t > 0.5 { throw Marker() }
                dy[0] = 1
            }
        }
    }

    @Test("A non-finite derivative is a GSL error, not a NaN state")
    func nonFiniteDerivative() {
        #expect(throws: GSLError.self) {
            try ODEIntegrator.solve(initial: [1], from: 0, at: [1]) { _, _, dy in dy[0] = .nan }
        }
    }

    @Test("Gauss–Hermite (standard normal weight): moments exact below degree 2n, E cos Z = e^{−1/2}")
    func hermiteMoments() throws {
        let rule = try Quadrature.gaussHermite(nodes: 6)
        func moment(_ p: Int) -> Double { zip(rule.nodes, rule.weights).reduce(0) { $0 + $1.1 * pow($1.0, Double(p)) } }
        // E Z^{2j} = (2j − 1)!!: 1, 1, 3, 15, 105, 945 for degrees 0…10 (< 12 = 2n).
        for (p, exact) in [(0, 1.0), (2, 1), (4, 3), (6, 15), (8, 105), (10, 945)] {
            #expect(abs(moment(p) - exact) <= 1e-12 * exact, "degree \(p)")
        }
        #expect(abs(moment(3)) < 1e-12)
        // Degree 12 is beyond the rule: 10395 exact, the rule is off.
        #expect(abs(moment(12) - 10395) > 1)
        let twenty = try Quadrature.gaussHermite(nodes: 20)
        let c = zip(twenty.nodes, twenty.weights).reduce(0) { $0 + $1.1 * cos($1.0) }
        #expect(abs(c - exp(-0.5)) < 1e-14)
    }
}
