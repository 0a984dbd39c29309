import Dispatch
import Foundation
import Synchronization

/// Watches SIGINT, SIGTERM and SIGHUP for the life of a run. SIGINT and SIGTERM stop the
/// trials: the first calls `handler(.stop(immediately: false))` (stop gracefully), any later
/// one `.stop(immediately: true)` (kill at once). SIGHUP (the terminal or SSH session closed)
/// calls `handler(.hangUp)`: hporun is to go, and its trials to go on without it (a trial
/// outlives hporun unharmed, and the next run follows it); it does not count as a first
/// Ctrl-C. Under `nohup` SIGHUP arrives ignored, and stays so: that run outlives its terminal.
///
/// SIGPIPE is ignored from then on (and stays so): hporun must never die because the
/// reader of its output went away (`hporun ... | head -3`); the CLI stops writing to a
/// closed output and the run goes on. Trials do not inherit it: swift-subprocess resets
/// every signal to its default in the child.
///
/// hporun may itself be started with these signals blocked (a parent that spawned it from a
/// Dispatch worker thread passes its blocked mask on, LINUX.md item 1), so they are
/// unblocked first; then ignored for default delivery and read from Dispatch sources
/// (LINUX.md item 9).
public final class InterruptSignals {
    /// What a signal asks of the run.
    public enum Request: Sendable, Equatable {
        /// SIGINT or SIGTERM: stop the running trials (at once from the second one on).
        case stop(immediately: Bool)
        /// SIGHUP: end hporun, leaving its trials running.
        case hangUp
    }

    private let sources: [any DispatchSourceSignal]
    private let watched: [Int32]

    public init(handler: @escaping @Sendable (Request) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let previous = signal(SIGHUP, SIG_IGN)
        watched = unsafeBitCast(previous, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
            ? [SIGINT, SIGTERM] : [SIGINT, SIGTERM, SIGHUP]
        var mask = sigset_t()
        sigemptyset(&mask)
        for signalNumber in watched { sigaddset(&mask, signalNumber) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        var sources: [(Int32, any DispatchSourceSignal)] = []
        let counter = SignalCounter()
        for signalNumber in watched {
            signal(signalNumber, SIG_IGN)
            sources.append((signalNumber, DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())))
        }
        self.sources = sources.map(\.1)
        for (signalNumber, source) in sources {
            source.setEventHandler {
                handler(signalNumber == SIGHUP ? .hangUp : .stop(immediately: counter.increment() > 1))
            }
            source.resume()
        }
    }

    /// Stops watching and restores the default actions (SIGPIPE stays ignored: the last
    /// lines may still be written to a closed output).
    public func cancel() {
        for source in sources { source.cancel() }
        for signalNumber in watched { signal(signalNumber, SIG_DFL) }
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
