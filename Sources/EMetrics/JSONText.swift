/// JSON text written the way Python's `json.dumps` writes it with its defaults
/// (`ensure_ascii=True`), so the Swift and Python writers produce the same bytes.
enum JSONText {
    /// `s` as a JSON string literal: `"`, `\` and control characters escaped (`\n`, `\t`,
    /// `\u001b`, ...), every non-ASCII character as `\uXXXX` (lowercase hex, surrogate pairs
    /// above U+FFFF).
    static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for unit in s.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += "\\u" + hex4(unit)
            }
        }
        out += "\""
        return out
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
