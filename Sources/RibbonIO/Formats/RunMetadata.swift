import GSL
import Foundation
import RibbonCore

/// Provenance recorded with every output: what produced it, from which code, and how.
public struct RunMetadata: Sendable {
    /// The ribbon version (semantic versioning).
    public static let version = "0.1.0"
    /// The version of the output schema (column and key names, their meaning and units). It changes only when
    /// a name or meaning changes; new columns or keys may be added without a change (README, "Output schema").
    public static let schemaVersion = 2

    /// The version of the GSL library linked.
    public static var gslVersion: String { GSLLibrary.version }

    /// `schema_version` and `version`, the first members of every JSON document.
    public static var versionMembers: [(String, JSONValue)] {
        [("schema_version", .integer(schemaVersion)), ("version", .string(version))]
    }

    /// The arguments the run was started with, program path first.
    public let commandLine: [String]
    /// When the run started.
    public let started: Date
    /// What the run read and what reading it changed (e.g. `spectrum_files`: a spectrum file cut to d,
    /// rescaled, or with round-off negatives set to 0); written into every provenance block, empty for most runs.
    public var inputs: [(String, JSONValue)] = []

    /// Provenance of the current process by default.
    public init(commandLine: [String] = CommandLine.arguments, started: Date = Date()) {
        self.commandLine = commandLine
        self.started = started
    }

    /// The git commit of the source tree the running binary was built in, read from `.git`
    /// next to the build folder (no `git` process needed); "unknown" outside a checkout.
    public static let gitCommit: String = {
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<8 {
            let git = dir.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                let trimmed = head.trimmingCharacters(in: .whitespacesAndNewlines)
                guard trimmed.hasPrefix("ref: ") else { return trimmed }
                let ref = String(trimmed.dropFirst(5))
                if let hash = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
                    return hash.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                if let packed = try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8),
                    let line = packed.split(separator: "\n").first(where: { $0.hasSuffix(" " + ref) })
                {
                    return String(line.prefix(while: { $0 != " " }))
                }
                return "unknown"
            }
            dir.deleteLastPathComponent()
        }
        return "unknown"
    }()

    /// Appends `value` to the array `inputs[key]` (created on first use).
    public mutating func appendInput(_ key: String, _ value: JSONValue) {
        if let k = inputs.firstIndex(where: { $0.0 == key }), case .array(let items) = inputs[k].1 {
            inputs[k].1 = .array(items + [value])
        } else {
            inputs.append((key, .array([value])))
        }
    }

    /// The provenance block as JSON.
    public func json(extra: [(String, JSONValue)] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("schema_version", .integer(Self.schemaVersion)),
            ("ribbon_version", .string(Self.version)),
            ("git_commit", .string(Self.gitCommit)),
            ("gsl_version", .string(GSLLibrary.version)),
            ("command_line", .array(commandLine.map(JSONValue.string))),
            ("started", .string(ISO8601DateFormatter().string(from: started))),
        ]
        members += inputs
        members += extra
        return .object(members)
    }

    /// Conventions as a JSON object (key → statement).
    public static func json(_ conventions: Conventions) -> JSONValue {
        .object(conventions.entries.map { ($0.key, JSONValue.string($0.value)) })
    }
}
