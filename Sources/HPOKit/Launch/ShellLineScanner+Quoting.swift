/// The quoted and substituted parts of a shell line: where a placeholder's value can go as a
/// quoted reference, and where it cannot.
extension ShellLineScanner {
    mutating func record(_ placeholder: Placeholder, _ context: Context, nested: String?) {
        sites.append(Site(placeholder: placeholder, context: nested.map { .refused($0) } ?? context))
        index = placeholder.range.upperBound
    }

    /// `'...'`: nothing inside is special.
    mutating func singleQuoted(nested: String?) {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
            if let placeholder = placeholders[index] {
                record(placeholder, .singleQuoted, nested: nested)
            } else {
                index += 1
            }
        }
        if index >= bytes.count { unclosed = unclosed ?? (start, "a ' quote") } else { index += 1 }
    }

    /// `"..."`: `$`, backquotes and backslashes stay special.
    mutating func doubleQuoted(nested: String?) {
        let start = index
        index += 1
        while index < bytes.count {
            if let placeholder = placeholders[index] {
                record(placeholder, .doubleQuoted, nested: nested)
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"): escaped(nested: nested)
            case UInt8(ascii: "`"): backticks()
            case UInt8(ascii: "$"): dollar(nested: nested, inDoubleQuotes: true)
            default: index += 1
            }
        }
        unclosed = unclosed ?? (start, "a \" quote")
    }

    /// A backslash and the byte it escapes.
    mutating func escaped(nested: String?) {
        if index + 1 < bytes.count, let placeholder = placeholders[index + 1] {
            record(placeholder, .refused("right after a backslash"), nested: nested)
        } else {
            index = min(index + 2, bytes.count)
        }
    }

    /// `` `...` ``: an old-style command substitution, whose text the shell parses again.
    mutating func backticks() {
        let start = index
        index += 1
        while index < bytes.count {
            if let placeholder = placeholders[index] {
                record(placeholder, .refused("inside `...` (a command substitution)"), nested: nil)
                continue
            }
            switch bytes[index] {
            case UInt8(ascii: "`"):
                index += 1
                return
            case UInt8(ascii: "\\"): escaped(nested: "inside `...` (a command substitution)")
            default: index += 1
            }
        }
        unclosed = unclosed ?? (start, "a ` command substitution")
    }

    /// `$name`, `${...}`, `$(...)`, `$((...))`, `$'...'`, `$"..."`.
    mutating func dollar(nested: String?, inDoubleQuotes: Bool) {
        let next = index + 1 < bytes.count ? bytes[index + 1] : 0
        if let placeholder = placeholders[index + 1] {
            record(placeholder, .refused("right after a '$'"), nested: nested)
        } else if next == UInt8(ascii: "(") {
            index += 2
            substitution(closing: UInt8(ascii: ")"), why: nested ?? "inside $(...) (a command substitution)")
        } else if next == UInt8(ascii: "{") {
            index += 2
            substitution(closing: UInt8(ascii: "}"), why: nested ?? "inside ${...} (a parameter expansion)")
        } else if next == UInt8(ascii: "'"), !inDoubleQuotes {
            index += 1
            ansiQuoted(why: nested ?? "inside $'...'")
        } else if next == UInt8(ascii: "\""), !inDoubleQuotes {
            index += 1
            doubleQuoted(nested: nested ?? "inside $\"...\"")
        } else {
            index += 1
        }
    }

    /// bash's `$'...'`, where backslashes escape (dash reads `$` then `'...'`).
    mutating func ansiQuoted(why: String) {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "'") {
            if let placeholder = placeholders[index] {
                record(placeholder, .refused(why), nested: nil)
            } else {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
        }
        if index >= bytes.count { unclosed = unclosed ?? (start, "a $' quote") } else { index += 1 }
    }

    /// The inside of `$(...)` or `${...}`, up to its closing byte; every placeholder in it
    /// is refused. Parentheses nest inside `$(...)`; quotes and substitutions nest in both.
    mutating func substitution(closing: UInt8, why: String) {
        let start = index - 2
        var depth = 0
        while index < bytes.count {
            if let placeholder = placeholders[index] {
                record(placeholder, .refused(why), nested: nil)
                continue
            }
            let byte = bytes[index]
            if byte == closing {
                index += 1
                if depth == 0 { return }
                depth -= 1
                continue
            }
            switch byte {
            case UInt8(ascii: "(") where closing == UInt8(ascii: ")"):
                depth += 1
                index += 1
            case UInt8(ascii: "'"): singleQuoted(nested: why)
            case UInt8(ascii: "\""): doubleQuoted(nested: why)
            case UInt8(ascii: "\\"): escaped(nested: why)
            case UInt8(ascii: "`"): backticks()
            case UInt8(ascii: "$"): dollar(nested: why, inDoubleQuotes: false)
            default: index += 1
            }
        }
        unclosed = unclosed ?? (start, closing == UInt8(ascii: ")") ? "a $( substitution" : "a ${ expansion")
    }
}
