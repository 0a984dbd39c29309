import Foundation

/// Lines a trial wrote to its stdout or stderr, handed over for `--tee` in batches rather
/// than one by one: the bytes of each line, as the trial wrote them, each followed by a
/// newline. Nothing is decoded nor escaped here (the CLI escapes what a terminal must not
/// see); a batch of a million lines is one array, not a million strings. hporun's own
/// notes about the log (a cut line, a log read again) are lines of the batch too.
public struct OutputLines: Sendable {
    /// The lines, each ending in a newline.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A batch of these lines (a newline in one is shown as a space).
    public init(_ lines: [String]) {
        for line in lines { appendNote(line) }
    }

    public var isEmpty: Bool { bytes.isEmpty }

    /// A line without its newline.
    mutating func append(line: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: line)
        bytes.append(0x0A)
    }

    /// Complete lines, each already ending in a newline: copied in one go.
    mutating func append(lines: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: lines)
    }

    /// A line of hporun's own (or the bytes of a line followed by one); a newline in it (a
    /// path may hold one) is shown as a space: it stays one line.
    mutating func appendNote(_ note: String, after line: UnsafeBufferPointer<UInt8>? = nil) {
        if let line { bytes.append(contentsOf: line) }
        for byte in note.utf8 { bytes.append(byte == 0x0A ? 0x20 : byte) }
        bytes.append(0x0A)
    }

    /// Empties the batch, keeping its storage when nobody else holds it (the next batch
    /// then costs no allocation).
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Calls `body` with each line, without its newline, in order: a view valid only
    /// during the call.
    public func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            guard let base = all.baseAddress else { return }
            var start = 0
            while start < all.count {
                let end = memchr(base + start, 0x0A, all.count - start)
                    .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? all.count
                body(UnsafeBufferPointer(rebasing: all[start..<end]))
                start = end + 1
            }
        }
    }

    /// The lines as text (invalid UTF-8 repaired), for a reader that wants strings.
    public var strings: [String] {
        var lines: [String] = []
        forEachLine { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }
}
