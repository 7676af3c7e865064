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

/// `boundary_golden.json` (`scripts/boundary_golden.py`): corner terms, end phases, corner phases and levels.
struct BoundaryGolden: Decodable {
    struct CornerTerms: Decodable {
        let c: Double
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let E: [Double]
    }
    struct EndPhases: Decodable { let omega, value: [Double] }
    struct CornerPhase: Decodable {
        let c: Double
        let m: Int
        let x, omega, deltaPhi: [Double]
    }
    struct CornerPhases: Decodable { let cases: [CornerPhase] }
    /// Levels f(cω_k) = s_k η(T+1) at slope c and steps T.
    struct Levels: Decodable {
        let c: Double
        // swift-format-ignore: AlwaysUseLowerCamelCase
        let T: Double
        let sScaled: [Double]
    }

    let cornerE: [CornerTerms]
    let phi0: EndPhases
    let cornerPhase: CornerPhases
    let levels: [Levels]
    let exactLevels: [Levels]
}

/// `mixture_ode_golden.json` (`scripts/mixture_ode_golden.py`): the effective-dynamics statistics over time.
struct MixtureODEGolden: Decodable {
    struct Case: Decodable {
        let classes: Int
        let lambda, ridge, stepConstant: Double
        /// Each state: `time` and the summary's scalars by name (m_diag, m_offdiag, R_perp_diag, …).
        let states: [[String: Double]]
    }

    let cases: [Case]
}
