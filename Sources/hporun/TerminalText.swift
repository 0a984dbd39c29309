import Foundation
import HPOKit

/// Text from a manifest, a trial or the disk, made safe and readable for a terminal. Every
/// human-readable output of hporun (`validate`, the progress lines, `status`, `best`) goes
/// through `escaped` (or `value`, which quotes too): a name, a value, a failure reason or a
/// trial's `--tee` line can never move the cursor, clear the screen, change colours or turn
/// text right to left. `--json` and `export` write exact data instead (JSON, CSV).
enum TerminalText {
    /// The text with every character that a terminal would act on instead of showing written
    /// as an escape: ESC as `\e`, a newline as `\n`, a tab as `\t`, a carriage return as
    /// `\r`, other C0 and C1 controls, DEL, bidirectional overrides and isolates
    /// (U+202A-U+202E, U+2066-U+2069), marks (U+200E, U+200F, U+061C) and the line and
    /// paragraph separators as `\u{202E}` and so on. Anything else is kept as it is.
    static func escaped(_ text: String) -> String {
        if isPlain(text) { return text }
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Several lines (a manifest's errors, a config.json): each escaped, the newlines kept.
    static func escapedLines(_ text: String) -> String {
        if isPlain(text) { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }
            .joined(separator: "\n")
    }

    /// A hyperparameter's value as a person reads it: numbers as they are, a string bare when
    /// it is one plain word (`adam`), else quoted with its quotes and backslashes escaped
    /// (`"two words"`, `""`, `"say \"hi\""`, `"\e[2J"`).
    static func value(_ value: ParameterValue) -> String {
        guard case .string(let string) = value else { return value.description }
        return quoted(string)
    }

    /// A string bare when it is one plain word, else in double quotes, escaped.
    static func quoted(_ string: String) -> String {
        let plain = !string.isEmpty && !string.unicodeScalars.contains { scalar in
            needsEscape(scalar) || scalar.properties.isWhitespace || "\"'\\`$".unicodeScalars.contains(scalar)
        }
        if plain { return string }
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where needsEscape(scalar): out += escape(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A word of a command line as a person would type it into a shell: bare when it is made
    /// of safe characters, else in single quotes; escaped for the terminal.
    static func shellWord(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || "_@%+=:,./-".unicodeScalars.contains(scalar)
        }
        if safe { return word }
        return escaped("'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'")
    }

    /// A trial's output line as a terminal would have shown it: a progress bar that redraws
    /// itself with carriage returns shows its last state; the rest is escaped.
    static func outputLine(_ line: String) -> String {
        if isPlain(line) { return line }
        var shown = Substring(line)
        if shown.hasSuffix("\r") { shown = shown.dropLast() }
        if let lastReturn = shown.lastIndex(of: "\r") { shown = shown[shown.index(after: lastReturn)...] }
        return escaped(String(shown))
    }

    /// Printable ASCII only (most lines): nothing to escape, no line break, no carriage
    /// return. Checked on the UTF-8 bytes, so `--tee` stays linear and cheap per line.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in !bytes.contains { $0 &- 0x20 >= 0x5F } }  // outside 0x20...0x7E
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{1B}": "\\e"
        case "\n": "\\n"
        case "\t": "\\t"
        case "\r": "\\r"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    /// How many columns the text takes on a terminal (East Asian wide characters and most
    /// emoji take two, combining marks none); escaped text has no controls left to count.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + columns($1) }
    }

    static func columns(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x0300...0x036F, 0x200B...0x200F, 0xFE00...0xFE0F, 0x20D0...0x20FF: 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: 2
        default: 1
        }
    }

    /// The text cut to at most `width` columns, ending with `…` when something was cut.
    static func truncated(_ text: String, toColumns width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        var out = String.UnicodeScalarView()
        var used = 0
        for scalar in text.unicodeScalars {
            let size = columns(scalar)
            if used + size > width - 1 { break }
            out.append(scalar)
            used += size
        }
        return String(out) + "…"
    }
}
