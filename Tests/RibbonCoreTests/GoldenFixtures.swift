/// The committed golden files (`scripts/golden.py`, mpmath) as typed values: a renamed or missing key fails
/// loudly at decoding instead of as a cast deep inside a test.

/// `e2_golden.json`: exact variances of the trajectory covariance, E2 (discrete) or E3 (flow).
struct E2Golden: Decodable {
    struct SpectrumSpec: Decodable {
        let kind: String
        let lambda1: Double
        let slope: Double?
        let alpha: Double?
        let dim: Int
    }

    struct Case: Decodable {
        let name: String
        let spectrum: SpectrumSpec
        let eta, steps, ratio, sigma0: Double
        let target: String
        let flow: Bool
        let variances: [Double]
    }

    let cases: [Case]
}

/// `special_golden.json`: time averages, pair covariances and the special functions.
struct SpecialGolden: Decodable {
    struct TimeAverage: Decodable { let h, steps, value: Double }
    /// Discrete cases give h_i, h_j and steps; flow cases give x_i = λ_iτ, x_j.
    struct PairCovariance: Decodable {
        let hI, hJ, xI, xJ, steps: Double?
        let flow: Bool
        let value: Double
    }
    struct Symbol: Decodable {
        let c, fMax, fMin: Double
        /// (θ, f(θ)) pairs.
        let f: [[Double]]
    }
    struct ThetaValues: Decodable { let q, theta2, theta3, theta4: Double }
    struct Elliptic: Decodable {
        let m: Double
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let K: Double
        /// (u, dn(u|m)) pairs.
        let dn: [[Double]]
    }
    struct QPochhammer: Decodable {
        let c, minus, plus, tanhProduct: Double
        let n: Int
    }
    struct Hurwitz: Decodable { let s, a, value: Double }
    struct Student: Decodable { let p, nu, value: Double }
    struct Normal: Decodable { let p, value: Double }

    let timeAverage: [TimeAverage]
    let pairCovariance: [PairCovariance]
    let toeplitzSymbol: [Symbol]
    let theta: [ThetaValues]
    let elliptic: [Elliptic]
    let qPochhammer: [QPochhammer]
    let hurwitzZeta: [Hurwitz]
    let studentQuantile: [Student]
    let normalQuantile: [Normal]
}
