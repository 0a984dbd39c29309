import Foundation
import HPOKit

/// Bytes on their way to a descriptor, gathered so that a trial printing millions of lines
/// under `--tee` costs one `write(2)` per 64 KiB rather than one per line, and a line of
/// printable ASCII (most lines) goes in as its bytes, with no String built for it.
/// Anything else in a line goes through `TerminalText.outputLine` (escaped), so the
/// guarantees on hostile output are the same as line by line.
struct OutputBuffer {
    /// Past this many bytes the buffer should be written out.
    static let limit = 1 << 16

    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(Self.limit + 4096)
    }

    var isEmpty: Bool { bytes.isEmpty }
    var isFull: Bool { bytes.count >= Self.limit }

    /// Text that is already safe for a terminal, as it is.
    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A batch of a trial's output lines, each as `[SUBID] line` or `[SUBID stderr] line`
    /// and a newline, the line escaped for a terminal (`TerminalText.outputLine`) unless it is
    /// printable ASCII, which goes in as its bytes. With a `descriptor`, the buffer is written
    /// to it whenever it is full, so that it never holds much more than `limit` whatever the
    /// batch. SUBIDs are hporun's own (digits): not escaped.
    mutating func appendOutputLines(_ lines: OutputLines, subid: String, isError: Bool, writingTo descriptor: Int32? = nil) {
        let prefix = Array("[\(subid)\(isError ? " stderr" : "")] ".utf8)
        lines.forEachLine { line in
            bytes.append(contentsOf: prefix)
            if Self.isPrintableASCII(line) {
                bytes.append(contentsOf: line)
            } else {
                bytes.append(contentsOf: TerminalText.outputLine(String(decoding: line, as: UTF8.self)).utf8)
            }
            bytes.append(UInt8(ascii: "\n"))
            if let descriptor, isFull { write(to: descriptor) }
        }
    }

    /// Whether every byte is printable ASCII (0x20...0x7E): nothing to escape. One pass
    /// without a branch per byte (the compiler vectorises it).
    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var outside: UInt8 = 0
        for byte in bytes { outside |= (byte &- 0x20) >= 0x5F ? 1 : 0 }
        return outside == 0
    }

    /// Writes everything held to `descriptor` (all of it, through short writes and EINTR;
    /// dropped on another error: output is best effort) and empties the buffer.
    mutating func write(to descriptor: Int32) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
