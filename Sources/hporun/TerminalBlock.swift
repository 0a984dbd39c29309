import Dispatch
import Foundation

/// A few lines kept at the bottom of a terminal and redrawn in place (the running trials and
/// the progress line). The cursor rests at the start of the line below the block, so a line
/// anybody else writes lands below it rather than in the middle of it. Each line is cut to
/// the terminal's width (TIOCGWINSZ, read at every draw), so none wraps and moving the cursor
/// up by the number of lines drawn always reaches the block's first line.
struct TerminalBlock {
    let descriptor: Int32
    private(set) var lines: [String] = []

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// The terminal's size, 80x24 when it does not say.
    static func size(of descriptor: Int32) -> (columns: Int, rows: Int) {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 else { return (80, 24) }
        return (size.ws_col > 0 ? Int(size.ws_col) : 80, size.ws_row > 0 ? Int(size.ws_row) : 24)
    }

    /// The bytes that erase the block: up to its first line, then clear to the end of the screen.
    /// A terminal made narrower since may re-wrap the block's lines (VTE, kitty) or cut them
    /// (xterm, tmux); counting one row per line errs on the safe side: at worst a fragment of
    /// the old block stays above the new one, and no line above the block is ever erased.
    mutating func erase() -> String {
        guard !lines.isEmpty else { return "" }
        defer { lines = [] }
        return "\r\u{1B}[\(lines.count)A\u{1B}[J"
    }

    /// The bytes that replace the block with `newLines` (escaped text; cut to the width here),
    /// or nil when the screen already shows them.
    mutating func redraw(_ newLines: [String], columns: Int) -> String? {
        // The last column stays free: a line that fills the width would leave the cursor
        // pending a wrap, which terminals handle differently.
        let fitted = newLines.map { TerminalText.truncated($0, toColumns: max(1, columns - 1)) }
        guard fitted != lines else { return nil }
        let erasing = erase()
        lines = fitted
        return erasing + fitted.map { $0 + "\u{1B}[K\n" }.joined()
    }
}

/// Writes to a descriptor with write(2): whole, retried on EINTR, errors ignored (a closed
/// terminal or pipe must not stop a run; FileHandle's legacy `write` would trap).
enum RawOutput {
    /// Whether the descriptor is a regular file (a log), not a terminal, a pipe or a socket.
    static func isRegularFile(_ descriptor: Int32) -> Bool {
        var info = stat()
        return fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    static func write(_ text: String, to descriptor: Int32) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}

/// Calls a closure every `interval` on a queue of its own until cancelled: the clock of the
/// live status ticks even when no event comes.
final class Ticker: @unchecked Sendable {
    // A Dispatch source is safe to use from any thread; it is set once, in `init`.
    private let timer: any DispatchSourceTimer

    init(every interval: Duration, _ tick: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "hporun.ticker"))
        let nanoseconds = Int(interval.components.seconds) * 1_000_000_000
            + Int(interval.components.attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds))
        timer.setEventHandler(handler: tick)
        timer.resume()
    }

    func cancel() {
        timer.cancel()
    }
}
