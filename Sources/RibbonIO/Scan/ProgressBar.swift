import Foundation

/// A one-line progress bar with rate and ETA on stderr, drawn only when stderr is a terminal
/// (a batch job's log stays clean).
public struct ProgressBar {
    /// Number of points the bar counts up to.
    public let total: Int
    /// Whether the bar is drawn (never when `total` is 0).
    public let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast

    /// A bar for `total` points, drawn by default only when stderr is a terminal.
    public init(total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.enabled = enabled && total > 0
    }

    /// Redraws the bar with `done` points finished, at most every 0.1 s unless `force`.
    public mutating func update(done: Int, force: Bool = false) {
        guard enabled else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : .nan
        let width = 30
        let filled = total > 0 ? min(width, width * done / total) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let line = String(
            format: "\r%@ %d/%d %5.1f%%  %.1f pt/s  ETA %@ ", bar, done, total,
            100 * Double(done) / Double(total), rate, Self.duration(eta))
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the bar's line, if it was drawn.
    public func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
