import RibbonCore
import RibbonSim

/// Outputs of `ribbon simulate` (and the settings `verify` records).
extension SimulationSettings {
    /// Settings, seed and conventions as JSON (recorded with every simulation output).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("samples", .integer(samples)), ("runs", .integer(runs)), ("checkpoints", .string(schedule.name)),
            ("seed", .string(String(seed))), ("reduction", .string(reduction.rawValue)),
            ("components", .integer(components)), ("embedding", .string(embedding.rawValue)),
        ]
        switch likelihood {
        case .regression(let noise):
            members += [
                ("likelihood", .string("regression")), ("noise_sd", .number(noise)),
                ("distance_scale_s", .number(distanceScale)),
            ]
        case .classification(let c): members += [("likelihood", .string("classification")), ("classes", .integer(c))]
        }
        if let noise = sgd {
            members += [
                ("sgd_batch", .integer(noise.batch)), ("sgd_label_noise", .number(noise.labelNoise)),
                ("sgd_sampling", .string(noise.sampling.rawValue)),
                (
                    "sgd_theory",
                    .string(
                        "exact second-moment recursion for Gaussian inputs: ΔV ← QΔVQ + η²s(ΛPΛ + tr(ΛP)Λ + σ_ε²Λ), s = 1/B (× (n−B)/(n−1) without replacement)"
                    )
                ),
            ]
        }
        members.append(
            (
                "data",
                .string(
                    "X = √n Q diag(√λ) Uᵀ: Gaussian directions whitened so XᵀX/n = U diag(λ) Uᵀ exactly; U Haar-random")
            ))
        members.append(
            (
                "training",
                .string(
                    sgd != nil
                        ? "minibatch SGD in the original basis, w ← w − η (1/B) Σ_b x_b(x_bᵀw − y_b)"
                        : knobs.dynamics == .discrete
                            ? "explicit full-batch GD in the original basis, w ← w − η(Σw − Xᵀy/n)"
                            : "gradient flow by exact matrix exponential w(τ) = w* + e^{−Στ}(w₀ − w*), τ = ηt")
            ))
        return .object(members)
    }
}

extension Simulation {
    /// The simulation as one JSON object: parameters, settings, inPCA results, distance anomalies,
    /// conventions and provenance.
    public func json(metadata: RunMetadata, criterion: HyperRibbonCriterion) -> JSONValue {
        let s = settings
        var members: [(String, JSONValue)] =
            RunMetadata.versionMembers + [

                ("parameters", .parameters(spectrum: s.spectrum, knobs: s.knobs, criterion: criterion)),
                ("simulation", s.json),
                ("points", .integer(pointCount)),
                (
                    "failed_runs",
                    .array(failures.map { .object([("run", .integer($0.run)), ("step", .integer($0.step))]) })
                ),
                ("inpca", Self.json(embedding, scale: s.distanceScale)),
                (
                    "distance_anomalies",
                    .object([
                        ("infinite", .integer(anomalies.infinite)), ("negative", .integer(anomalies.negative)),
                        ("nan", .integer(anomalies.notANumber)), ("most_negative", .number(anomalies.mostNegative)),
                    ])
                ),
            ]
        if let f = fisherLimit { members.append(("fisher_limit_inpca", Self.json(f, scale: .nan))) }
        members.append(
            (
                "conventions",
                RunMetadata.json(
                    Conventions(
                        dynamics: s.knobs.dynamics, target: s.knobs.target, criterion: criterion,
                        checkpoints: s.schedule))
            ))
        members.append(("provenance", metadata.json()))
        return .object(members)
    }

    static func json(_ e: InPCA, scale: Double) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("method", .string(e.method)),
            ("eigenvalues", .numbers(e.eigenvalues)),
            ("explained_stress", .numbers(e.explainedStress)),
            ("negative_among_computed", .integer(e.negativeCount)),
            ("lanczos_relative_residual", .number(e.relativeResidual)),
        ]
        if scale.isFinite { members.append(("variances", .numbers(e.eigenvalues.map { $0 / scale }))) }
        return .object(members)
    }

    /// eigenvalues.csv: k, eigenvalue e_k, variance e_k/s (regression), explained stress χ_k,
    /// and for classification the Fisher-limit eigenvalue beside it.
    public func eigenvalueCSV() -> String {
        var t = CSVTable(header: [
            "k", "eigenvalue", "variance", "explained_stress", "fisher_limit_eigenvalue", "ratio_to_fisher_limit",
        ])
        let stress = embedding.explainedStress
        for (k, e) in embedding.eigenvalues.enumerated() {
            let f = fisherLimit.flatMap { k < $0.eigenvalues.count ? $0.eigenvalues[k] : nil }
            t.append([
                .integer(k + 1), .number(e),
                .number(settings.distanceScale.isFinite ? e / settings.distanceScale : nil),
                .number(stress[k]), .number(f), .number(f.map { e / $0 }),
            ])
        }
        return t.render()
    }

    /// distances.csv: the square N × N Bhattacharyya matrix, points in coordinates.csv order, so
    /// another inPCA implementation can re-embed exactly these points (nil without the distance path).
    public func distanceCSV() -> String? {
        guard let d = distances else { return nil }
        let n = pointCount
        var text = ""
        text.reserveCapacity(n * n * 20)
        for a in 0..<n {
            text += (0..<n).map { NumberFormat.roundTrip(d[a * n + $0]) }.joined(separator: ",") + "\n"
        }
        return text
    }

    /// coordinates.csv: run, step t, weight π, x_1…x_K.
    public func coordinateCSV() -> String {
        let k = embedding.eigenvalues.count
        var t = CSVTable(header: ["run", "step", "weight"] + (1...max(k, 1)).map { "x_\($0)" })
        let perRun = times.count
        for (a, x) in embedding.coordinates.enumerated() {
            let run = a / perRun, j = a % perRun
            t.append(
                [.integer(run), .integer(times[j]), .number(weights[j] / Double(pointCount / perRun))]
                    + x.map { .number($0) })
        }
        return t.render()
    }
}
