import Foundation
import HPOKit

/// Bytes on their way to a descriptor, gathered so that a trial printing millions of lines
/// under `--tee` costs one `write(2)` per 64 KiB rather than one per line, and a line of
/// printable ASCII (most lines) goes in as its bytes: two copies of memory per line, no
/// String, no reference counting. Anything else in a line goes through
/// `TerminalText.outputLine` (escaped), so the guarantees on hostile output are the same as
/// line by line.
struct OutputBuffer: ~Copyable {
    /// Past this many bytes the buffer should be written out.
    static let limit = 1 << 16

    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = Self.limit + 4096
        storage = .allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    var isEmpty: Bool { count == 0 }
    var isFull: Bool { count >= Self.limit }
    /// What the buffer holds (a copy).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// Text that is already safe for a terminal, as it is.
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A batch of a trial's output lines, each as `[SUBID] line` or `[SUBID stderr] line`
    /// and a newline, the line escaped for a terminal (`TerminalText.outputLine`) unless it is
    /// printable ASCII, which goes in as its bytes. With a `descriptor`, the buffer is written
    /// to it whenever it is full, so that it never holds much more than `limit` whatever the
    /// batch. SUBIDs are hporun's own (digits): not escaped.
    mutating func appendOutputLines(_ lines: OutputLines, subid: String, isError: Bool, writingTo descriptor: Int32? = nil) {
        var prefix = "[\(subid)\(isError ? " stderr" : "")] "
        prefix.withUTF8 { prefix in
            lines.bytes.withUnsafeBufferPointer { all in
                guard let base = all.baseAddress else { return }
                var start = 0
                while start < all.count {
                    let end = memchr(base + start, 0x0A, all.count - start)
                        .map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? all.count
                    let line = UnsafeBufferPointer(rebasing: all[start..<end])
                    append(prefix)
                    if Self.isPrintableASCII(line) {
                        append(line)
                    } else {
                        append(TerminalText.outputLine(String(decoding: line, as: UTF8.self)))
                    }
                    append(UInt8(ascii: "\n"))
                    if let descriptor, isFull { write(to: descriptor) }
                    start = end + 1
                }
            }
        }
    }

    /// Whether every byte is printable ASCII (0x20...0x7E): nothing to escape. Eight bytes
    /// at a time in a 64-bit word: a byte below 0x20 borrows into its top bit when 0x20 is
    /// subtracted, a byte above 0x7E has it set once 1 is added (or already has it); a carry or
    /// borrow that crosses into the next byte only happens when one of the two tests is true.
    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(base)
        var outside: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            outside |= ((word &- ones &* 0x20) & ~word) | ((word &+ ones) | word)
            index += 8
        }
        guard outside & tops == 0 else { return false }
        while index < bytes.count {
            if (base[index] &- 0x20) >= 0x5F { return false }
            index += 1
        }
        return true
    }

    /// Writes everything held to `descriptor` (all of it, through short writes and EINTR;
    /// dropped on another error: output is best effort) and empties the buffer.
    mutating func write(to descriptor: Int32) {
        var offset = 0
        while offset < count {
            let written = Foundation.write(descriptor, storage + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        count = 0
    }

    /// Drops everything held, unwritten.
    mutating func discard() { count = 0 }

    private mutating func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (storage + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Room for `more` bytes (the storage doubles when it must grow: a long escaped line).
    private mutating func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = max(capacity * 2, count + more)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        larger.update(from: storage, count: count)
        storage.deallocate()
        (storage, capacity) = (larger, grown)
    }
}
