import Foundation

/// Reads the complete lines added to a text log since the last poll (a trial's stdout.log
/// or stderr.log), for `--tee`. A partial last line waits for its newline.
public struct LogTail: Sendable {
    public let path: String
    private var offset: UInt64 = 0
    private var partial = Data()

    public init(path: String) {
        self.path = path
    }

    /// New complete lines; with `flush`, a final line without a newline too.
    public mutating func poll(flush: Bool = false) -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return [] }
        offset += UInt64(data.count)
        partial.append(data)
        var lines: [String] = []
        while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
            partial = Data(partial[(newline + 1)...])
        }
        if flush, !partial.isEmpty {
            lines.append(String(decoding: partial, as: UTF8.self))
            partial.removeAll()
        }
        return lines
    }
}
