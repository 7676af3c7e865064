import ArgumentParser
import Foundation
import RibbonCore
import RibbonIO
import RibbonSim

/// `verify --from-scan FILE`: the verifier at points of a scan, spread over its grid and phases, with the
/// scan's progress bar, a per-point result naming what failed, and table, CSV or JSON output.
extension Verify {
    /// What one scan point gave: its verification, or the error that stopped it (a status row, not an abort).
    struct ScanPointResult {
        let point: ScanVerificationPoint
        let runs: Int
        let verification: Verification?
        /// The point's report: its parameters and checks (none when it could not be simulated).
        let report: Report
        let error: String?
        var passed: Bool? { verification?.allPass }
    }

    func verifyScan(_ path: String, metadata: RunMetadata) throws {
        guard output.format != .markdown else {
            throw RibbonError(
                .invalidParameter,
                "--from-scan writes table, csv, jsonl or json (got --format markdown); the table is the summary for people"
            )
        }
        let (all, skipped) = try ScanVerificationPoints.read(path: path, side: side)
        guard !all.isEmpty else {
            let why = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
            throw RibbonError(
                .invalidInput, "'\(path)' has no rows to verify" + (why.isEmpty ? " (no data rows)" : ": \(why)"))
        }
        let points = ScanVerificationPoints.spread(all, count: maxPoints)
        var progress = ProgressBar(total: points.count)
        progress.update(done: 0, force: true)
        var results: [ScanPointResult] = []
        for (done, p) in points.enumerated() {
            results.append(verifyPoint(p))
            progress.update(done: done + 1, force: done + 1 == points.count)
        }
        progress.finish()
        let header =
            "ribbon verify --from-scan \(path) · \(points.count) of \(all.count) points (spread over the grid and both phases) · n=\(simulation.samples) seed=\(simulation.seed) · joint test per point at family-wise α = \(NumberFormat.short(falseAlarm))"
        let text: String
        switch output.format {
        case .table, .markdown: text = scanTable(results, header: header, skipped: skipped)
        case .csv, .jsonl: text = ReportWriter(metadata: metadata).render(results.map(\.report), as: output.format)
        case .json:
            text = scanJSON(results, path: path, total: all.count, metadata: metadata).serialized(pretty: true) + "\n"
        }
        try OutputFile.write(
            text, to: output.output, metadata: metadata,
            sidecar: [
                ("study", .string("verify --from-scan")), ("scan", .string(path)),
                ("format", .string(output.format.rawValue)),
            ])
        if results.contains(where: { $0.passed != true }) { throw ExitCode(1) }
    }

    private func verifyPoint(_ p: ScanVerificationPoint) -> ScanPointResult {
        var runs = simulation.runs
        func parameters(_ error: String?) -> [Field] {
            Verification.pointParameters(
                scanIndex: p.scanIndex, side: p.side, spectrum: p.spectrum, knobs: p.knobs, criterion: p.criterion,
                batch: p.batch, samples: simulation.samples, runs: runs, seed: simulation.seed, error: error)
        }
        func failed(_ message: String) -> ScanPointResult {
            ScanPointResult(
                point: p, runs: runs, verification: nil,
                report: Report(study: "verify", title: "verify (error)", parameters: parameters(message)),
                error: message)
        }
        do {
            var settings = try simulation.settings(
                spectrum: p.spectrum, knobs: p.knobs, scanBatch: p.batch.map { ($0, p.labelNoise) })
            if let detect { settings = try planRuns(settings, criterion: p.criterion, detect: detect).0 }
            runs = settings.runs
            let result = try Simulation(settings)
            let v = try Verification(
                simulation: result, criterion: p.criterion, top: top, alpha: falseAlarm, bootstrap: bootstrap,
                nullReplicates: nullReplicates)
            return ScanPointResult(
                point: p, runs: runs, verification: v,
                report: v.report(simulation: result, criterion: p.criterion, point: parameters(nil)), error: nil)
        } catch let error as RibbonError {
            return failed(error.message)
        } catch {
            return failed("\(error)")
        }
    }

    /// Boundaries whose location is not fully tested: the HR verdict is not judged on both sides. Each comes
    /// with the sides that were judged and the R that would judge the others.
    private func untestedBoundaries(_ results: [ScanPointResult]) -> [(
        point: ScanVerificationPoint, judged: [String], runs: Int?
    )] {
        Dictionary(grouping: results.filter { $0.point.axis != nil }, by: \.point.scanIndex).sorted { $0.key < $1.key }
            .compactMap { _, pair in
                let open = pair.filter { $0.verification?.verdictPass == nil }
                guard !open.isEmpty, pair.allSatisfy({ $0.verification != nil }) else { return nil }
                return (
                    pair[0].point, pair.filter { $0.verification?.verdictPass != nil }.map(\.point.side),
                    open.compactMap { $0.verification?.verdictRuns }.max()
                )
            }
    }

    private func scanTable(_ results: [ScanPointResult], header: String, skipped: [String: Int]) -> String {
        var table = TextTable(
            headers: [
                "point", "c/α", "T", "r", "R", "HR exact", "HR simulated", "HR judged", "rows passed", "detectable",
                "result", "failing",
            ],
            alignments: [.left, .right, .right, .right, .right, .left, .left, .left, .right, .right, .left, .left])
        for r in results {
            let p = r.point
            let shape = p.spectrum.slope ?? p.spectrum.powerLawExponent
            guard let v = r.verification else {
                table.append([
                    p.label, NumberFormat.short(shape ?? .nan), NumberFormat.short(p.knobs.steps),
                    NumberFormat.short(p.knobs.ratio),
                    "\(r.runs)", "", "", "", "", "", "error", r.error ?? "",
                ])
                continue
            }
            let judged = r.report.judged
            let verdict = v.verdictPass == nil ? (v.verdictRuns.map { "no (R≈\($0))" } ?? "no") : "yes"
            table.append([
                p.label, NumberFormat.short(shape ?? .nan), NumberFormat.short(p.knobs.steps),
                NumberFormat.short(p.knobs.ratio),
                "\(r.runs)", v.exactVerdict.isHyperRibbon ? "yes" : "no",
                v.simulatedVerdict.isHyperRibbon ? "yes" : "no", verdict,
                "\(judged - v.failed)/\(judged)", v.detectable.map { String(format: "%.1f%%", 100 * $0) } ?? "",
                v.allPass ? "pass" : "FAIL", v.failingQuantities.joined(separator: "; "),
            ])
        }
        var lines = [header, "", table.render(), ""]
        let verified = results.compactMap(\.verification)
        let passed = verified.filter(\.allPass).count, errors = results.count - verified.count
        let hrJudged = verified.filter { $0.verdictPass != nil }.count
        var summary =
            "\(passed) of \(results.count) points pass, \(verified.count - passed) FAIL"
            + (errors > 0 ? ", \(errors) could not be simulated" : "")
        summary +=
            "; the HR verdict was judged at \(hrJudged) of \(verified.count) (elsewhere the simulated verdict flips by chance at this R, so a pass says nothing about the phase)"
        if let worst = verified.compactMap(\.detectable).max() {
            summary += "; could detect deviations ≥ \(String(format: "%.1f%%", 100 * worst)) at every point (90% power)"
        }
        lines.append(summary)
        for (p, judged, runs) in untestedBoundaries(results) {
            let what =
                judged.isEmpty
                ? "not tested: the HR verdict is judged on neither side"
                : "tested only \(judged[0]) it: the verdict is not judged on the other side"
            lines.append(
                "boundary \(p.axis ?? "") = \(NumberFormat.short(p.boundary ?? .nan, digits: 4)) (scan row \(p.scanIndex), ÷/× \(NumberFormat.short(side))): location \(what) at this R"
                    + (runs.map { "; R ≈ \($0) would judge it (--runs \($0))" } ?? "; widen --side or raise --runs"))
        }
        if !skipped.isEmpty {
            lines.append(
                "skipped rows: "
                    + skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func pointJSON(_ r: ScanPointResult) -> JSONValue {
        let p = r.point
        var members: [(String, JSONValue)] = [
            ("scan_index", .integer(p.scanIndex)), ("side", .string(p.side)),
            ("axis", p.axis.map(JSONValue.string) ?? .null), ("boundary", .optional(p.boundary)),
            ("parameters", .parameters(spectrum: p.spectrum, knobs: p.knobs, criterion: p.criterion)),
            ("runs", .integer(r.runs)), ("status", .string(r.error == nil ? "ok" : "error")),
            ("error", r.error.map(JSONValue.string) ?? .null), ("passed", r.passed.map(JSONValue.bool) ?? .null),
        ]
        guard let v = r.verification else { return .object(members) }
        members.append(("hyper_ribbon_exact", .bool(v.exactVerdict.isHyperRibbon)))
        members.append(("hyper_ribbon_simulated", .bool(v.simulatedVerdict.isHyperRibbon)))
        members.append(("verdict_judged", .bool(v.verdictPass != nil)))
        members.append(("runs_to_judge_verdict", v.verdictRuns.map(JSONValue.integer) ?? .null))
        members.append(("detectable", .optional(v.detectable)))
        members.append(("failing", .array(v.failingQuantities.map(JSONValue.string))))
        if !r.report.checks.isEmpty {
            members.append(
                ("checks", .array(r.report.checks.map { ReportWriter.object(ReportWriter.checkFields($0)) })))
        }
        return .object(members)
    }

    private func scanJSON(_ results: [ScanPointResult], path: String, total: Int, metadata: RunMetadata) -> JSONValue {
        let verified = results.compactMap(\.verification)
        let untested: [JSONValue] = untestedBoundaries(results).map { p, judged, runs in
            .object([
                ("scan_index", .integer(p.scanIndex)), ("axis", .string(p.axis ?? "")),
                ("boundary", .optional(p.boundary)),
                ("judged_sides", .array(judged.map(JSONValue.string))),
                ("runs_to_judge", runs.map(JSONValue.integer) ?? .null),
            ])
        }
        let summary: JSONValue = .object([
            ("points", .integer(results.count)), ("passed", .integer(verified.filter(\.allPass).count)),
            ("failed", .integer(verified.filter { !$0.allPass }.count)),
            ("errors", .integer(results.count - verified.count)),
            ("verdict_judged", .integer(verified.filter { $0.verdictPass != nil }.count)),
            ("boundaries_not_fully_tested", .array(untested)),
        ])
        let test: JSONValue = .object([
            ("alpha", .number(falseAlarm)), ("null_replicates", .integer(nullReplicates)),
            (
                "method",
                .string(
                    "per point: the exact null law and a max-|z| joint test (GD/flow), studentised bootstrap max-|t| (SGD)"
                )
            ),
        ])
        return .object(
            RunMetadata.versionMembers + [

                ("scan", .string(path)), ("points_in_scan", .integer(total)),
                ("test", test), ("points", .array(results.map(pointJSON))), ("summary", summary),
                ("provenance", metadata.json()),
            ])
    }
}
