import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT (Ctrl-C) and SIGTERM (a cluster's time limit) into a flag that a long scan checks
/// between blocks, so it stops with every written row complete and its sidecar updated.
public final class InterruptFlag: Sendable {
    private let raised = Atomic<Bool>(false)
    private let signal = Atomic<Int32>(0)
    nonisolated(unsafe) private var sources: [DispatchSourceSignal] = []

    /// A lowered flag; call `watch` to start listening.
    public init() {}

    /// Starts watching SIGINT and SIGTERM (their default action is replaced until `stop`).
    public func watch() {
        for sig in [SIGINT, SIGTERM] {
            Foundation.signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                raised.store(true, ordering: .relaxed)
                signal.store(sig, ordering: .relaxed)
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and restores the default actions of SIGINT and SIGTERM.
    public func stop() {
        for source in sources { source.cancel() }
        sources.removeAll()
        Foundation.signal(SIGINT, SIG_DFL)
        Foundation.signal(SIGTERM, SIG_DFL)
    }

    /// Whether SIGINT or SIGTERM has arrived since `watch`.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
    /// The signal that raised the flag (0 if none).
    public var signalNumber: Int32 { signal.load(ordering: .relaxed) }
}
