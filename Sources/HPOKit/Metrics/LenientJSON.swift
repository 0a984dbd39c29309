import Foundation

/// JSON as training code really writes it: Python's `json.dumps` writes bare `NaN`,
/// `Infinity` and `-Infinity`, which JSONSerialization on Linux rejects (it has no JSON5
/// option there). On a parse failure the bare words outside strings are quoted
/// (`"nan"`, `"inf"`, `"-inf"`) and the text parsed again; the number readers understand them.
/// Text nested deeper than `EMetricsLineParser.maxDepth` is refused before it is parsed, so
/// no parser recurses without bound.
enum LenientJSON {
    static func object(_ data: Data) -> Any? {
        guard !nestingExceeds(data, limit: EMetricsLineParser.maxDepth) else { return nil }
        if let object = try? JSONSerialization.jsonObject(with: data) { return object }
        guard let quoted = quoteNonFinite(data) else { return nil }
        return try? JSONSerialization.jsonObject(with: quoted)
    }

    /// The text with bare NaN/Infinity quoted, nil when it has none.
    static func quoteNonFinite(_ data: Data) -> Data? {
        let words: [(String, String)] = [("-Infinity", "\"-inf\""), ("Infinity", "\"inf\""), ("NaN", "\"nan\"")]
        let bytes = [UInt8](data)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var inString = false, escaped = false, changed = false
        var index = 0
        outer: while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else {
                for (word, replacement) in words where bytes[index...].starts(with: word.utf8) {
                    out.append(contentsOf: replacement.utf8)
                    index += word.utf8.count
                    changed = true
                    continue outer
                }
            }
            out.append(byte)
            index += 1
        }
        return changed ? Data(out) : nil
    }

    /// Whether objects and arrays nest deeper than `limit` (strings are skipped), in one
    /// pass without recursion.
    static func nestingExceeds<Bytes: Sequence<UInt8>>(_ bytes: Bytes, limit: Int) -> Bool {
        var depth = 0
        var inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true }
                else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return false
    }
}
