import Foundation
import Synchronization

/// hporun's own stdout and stderr, written with write(2). An output whose reader has gone
/// (EPIPE, as in `hporun ... | head -3`; a run ignores SIGPIPE) or that fails otherwise is
/// given up for good: nothing more is written there, and the run goes on to its normal end
/// (its trials finish, the directory records everything). FileHandle's `write(_:)` would
/// trap instead (LINUX.md item 6).
enum StandardStreams {
    private static let givenUp = Mutex<Set<Int32>>([])

    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        if givenUp.withLock({ $0.contains(descriptor) }) { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0, errno == EINTR {
                continue
            } else if written < 0, errno == EAGAIN {
                var ready = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                if poll(&ready, 1, 1_000) <= 0 || ready.revents & Int16(POLLOUT) == 0 { break }
            } else {
                break
            }
        }
        if !bytes.isEmpty { givenUp.withLock { _ = $0.insert(descriptor) } }
    }
}
