import Dispatch
import Foundation
import Synchronization

/// Watches SIGINT and SIGTERM for the life of a run: the first calls `handler(false)` (stop
/// gracefully), any later one `handler(true)` (kill at once).
///
/// hporun may itself be started with these signals blocked (a parent that spawned it from a
/// Dispatch worker thread passes its blocked mask on, LINUX.md item 1), so they are
/// unblocked first; then ignored for default delivery and read from Dispatch sources
/// (LINUX.md item 9).
public final class InterruptSignals {
    private let sources: [any DispatchSourceSignal]

    public init(handler: @escaping @Sendable (_ immediately: Bool) -> Void) {
        var mask = sigset_t()
        sigemptyset(&mask)
        sigaddset(&mask, SIGINT)
        sigaddset(&mask, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        var sources: [any DispatchSourceSignal] = []
        let counter = SignalCounter()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            sources.append(source)
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler {
                handler(counter.increment() > 1)
            }
            source.resume()
        }
    }

    /// Stops watching and restores the default actions.
    public func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}

private final class SignalCounter: Sendable {
    private let count = Mutex(0)

    func increment() -> Int {
        count.withLock { value in
            value += 1
            return value
        }
    }
}
