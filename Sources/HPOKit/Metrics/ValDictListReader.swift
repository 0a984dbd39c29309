import Foundation

/// Reads `val_dict_list.json`, the TEST history training code may write instead of (or
/// besides) emetrics: `[{"steps": 1, "accuracy": 0.6}, {"steps": 2, ...}]`.
///
/// In bounded memory whatever the file holds: it is read in chunks and each entry of the
/// list is parsed alone (an entry longer than `LineReader.lineLimit`, or nested deeper
/// than `EMetricsLineParser.maxDepth`, is skipped), into a bounded `TestHistory`. Only a
/// regular file of at most `sizeLimit` bytes is read (`RegularFile`); a list cut short (its
/// writer was killed) gives the entries before the cut.
public enum ValDictListReader {
    public static let sizeLimit = 256 << 20

    /// The history, or nil when the file is missing, is not such a list, or is refused.
    public static func read(_ url: URL, keeping objective: String? = nil) -> TestHistory? {
        (try? load(url, keeping: objective).get()) ?? nil
    }

    /// The history (nil when the file is missing or is not a list), or why the file was not read.
    public static func load(_ url: URL, keeping objective: String? = nil) -> Result<TestHistory?, FileRefusal>
    {
        let fd: Int32
        switch RegularFile.reading(url.path) {
        case .missing: return .success(nil)
        case .refused(let why): return .failure(why)
        case .file(let descriptor, let info):
            fd = descriptor
            if info.st_size > sizeLimit {
                close(fd)
                return .failure(.tooLarge(path: url.path, limit: sizeLimit))
            }
        }
        defer { close(fd) }
        var scanner = ListScanner(history: TestHistory(keeping: objective))
        var buffer = [UInt8](repeating: 0, count: LineReader.chunkSize)
        var offset: UInt64 = 0
        while offset < UInt64(sizeLimit), !scanner.done {
            let count = buffer.withUnsafeMutableBytes { RegularFile.read(fd, into: $0, at: offset) }
            guard count > 0 else { break }
            offset += UInt64(count)
            buffer.withUnsafeBufferPointer { scanner.scan(UnsafeBufferPointer(rebasing: $0[..<count])) }
        }
        return .success(scanner.isList ? scanner.history : nil)
    }
}

/// Finds the entries of a JSON list as its bytes arrive, without recursion: a depth
/// counter and a string flag tell where each top-level entry ends.
private struct ListScanner {
    var history: TestHistory
    private(set) var isList = false
    private(set) var done = false
    private var started = false
    private var entry: [UInt8] = []
    private var inEntry = false, overlong = false
    private var depth = 0, inString = false, escaped = false
    private var index = 0

    init(history: TestHistory) {
        self.history = history
    }

    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes where !done {
            let space = byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            if !started {
                if space { continue }
                started = true
                isList = byte == UInt8(ascii: "[")
                done = !isList
                continue
            }
            if !inEntry {
                if space || byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") {
                    done = true
                    continue
                }
                inEntry = true
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ","):
                    if depth > 0 {
                        if byte != UInt8(ascii: ",") { depth -= 1 }
                    } else if byte != UInt8(ascii: "}") {
                        finishEntry()
                        done = byte == UInt8(ascii: "]")
                        continue
                    }
                default: break
                }
            }
            if overlong { continue }
            if entry.count == LineReader.lineLimit {
                overlong = true
                entry.removeAll()
            } else {
                entry.append(byte)
            }
        }
    }

    private mutating func finishEntry() {
        index += 1
        defer {
            entry.removeAll(keepingCapacity: entry.count <= 64 << 10)
            (inEntry, overlong, depth) = (false, false, 0)
        }
        guard !overlong, entry.first == UInt8(ascii: "{") else { return }
        var values: [String: Double]
        var texts: [String]
        switch entry.withUnsafeBufferPointer(EMetricsLineParser.numbers) {
        case .value(let parsed): (values, texts) = parsed
        case .tooDeep: return
        case .unknown, .iterationNotANumber:  // (`numbers` reads no iteration)
            guard let object = LenientJSON.object(Data(entry)) as? [String: Any] else { return }
            values = object.compactMapValues(MetricRecord.number)
            texts = object.keys.filter { values[$0] == nil }
        }
        let steps = values.removeValue(forKey: "steps").flatMap { Int(exactly: $0.rounded()) } ?? index
        history.add(MetricRecord(group: "test", iteration: steps, values: values,
                                 textValues: texts.filter { $0 != "steps" }.sorted()))
    }
}
