import Foundation

/// Text for an HTML page. Everything that comes from an experiment (names, values, failure
/// reasons, the command) goes through `escape`, in text and in attributes alike: a
/// hyperparameter may well be called `<script>`.
enum HTML {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters (a terminal escape, a NUL) are shown, not passed on.
                if character.value < 0x20, character != "\n", character != "\t" {
                    out += String(format: "\\u{%02X}", character.value)
                } else {
                    out.unicodeScalars.append(character)
                }
            }
        }
        return out
    }

    /// A JSON string literal safe inside a `<script>` element: quotes, backslashes and
    /// controls escaped, and `<`, `>`, `&`, U+2028 and U+2029 as `\u` escapes, so no data
    /// can close the element or start markup.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A relative URL for an href: each path segment percent-encoded (a space, `#`, `?`
    /// or `"` in a folder name stays part of the path), then escaped for the attribute.
    static func href(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.addingPercentEncoding(withAllowedCharacters: segmentCharacters) ?? String(segment)
        }
        var joined = segments.joined(separator: "/")
        // A first segment with a colon would read as a scheme (`a:b/trials`): anchor it.
        if let first = segments.first, first.contains(":") { joined = "./" + joined }
        return escape(joined)
    }

    private static let segmentCharacters: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~!$&()*+,;=:@")
        return set
    }()

    /// A number as a plot label or table cell: 4 significant digits.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.4g", value)
    }

    /// A coordinate in an SVG, to a tenth of a pixel (smaller files, same picture).
    static func coordinate(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(format: "%.1f", rounded)
    }

    /// Seconds as `4.2 s`, `3 min 20 s`, `2 h 05 min`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        if seconds < 3600 { return "\(Int(seconds) / 60) min \(String(format: "%02d", Int(seconds) % 60)) s" }
        return "\(Int(seconds) / 3600) h \(String(format: "%02d", (Int(seconds) % 3600) / 60)) min"
    }
}
