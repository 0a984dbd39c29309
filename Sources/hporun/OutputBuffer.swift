import Foundation

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

    /// A trial's output line as `[SUBID] line` or `[SUBID stderr] line` and a newline, the
    /// line escaped for a terminal. SUBIDs are hporun's own (digits): not escaped.
    mutating func appendOutputLine(_ line: String, subid: String, isError: Bool) {
        bytes.append(UInt8(ascii: "["))
        bytes.append(contentsOf: subid.utf8)
        if isError { bytes.append(contentsOf: " stderr".utf8) }
        bytes.append(contentsOf: "] ".utf8)
        var line = line
        let plain = line.withUTF8 { utf8 in
            guard Self.isPrintableASCII(utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { bytes.append(contentsOf: TerminalText.outputLine(line).utf8) }
        bytes.append(UInt8(ascii: "\n"))
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
