/// One `{{ name }}` in a command's text: the name and where it stands, in UTF-8 bytes.
/// A name is an identifier (letters, digits, `_`, `-`, `.`), with blanks allowed around it.
struct Placeholder: Sendable, Equatable {
    var name: String
    var range: Range<Int>

    /// Every placeholder in `bytes`, left to right, none overlapping. Only the text as written
    /// is searched: a value put in its place is never searched again.
    static func all(in bytes: [UInt8]) -> [Placeholder] {
        var found: [Placeholder] = []
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == UInt8(ascii: "{"), bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            var close = index + 2
            while close + 1 < bytes.count, !(bytes[close] == UInt8(ascii: "}") && bytes[close + 1] == UInt8(ascii: "}")) {
                close += 1
            }
            guard close + 1 < bytes.count else { break }
            if let name = identifier(bytes[(index + 2)..<close]) {
                found.append(Placeholder(name: name, range: index..<(close + 2)))
                index = close + 2
            } else {
                index += 1  // `{{{ x }}}`: the placeholder may start one brace later
            }
        }
        return found
    }

    /// Every placeholder in a text.
    static func all(in text: String) -> [Placeholder] {
        all(in: Array(text.utf8))
    }

    /// The name between the braces, blanks around it removed, when it is an identifier.
    private static func identifier(_ inner: ArraySlice<UInt8>) -> String? {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = inner.firstIndex(where: { !blank($0) }), let last = inner.lastIndex(where: { !blank($0) })
        else { return nil }
        let name = inner[first...last]
        let allowed: (UInt8) -> Bool = { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
        }
        guard name.allSatisfy(allowed) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    /// The argv words a shell makes of a placeholder typed unquoted (`{{ lr }}` arrives as
    /// `{{`, `lr`, `}}`; `--lr={{ lr }}` as `--lr={{`, `lr`, `}}`), joined back into one word:
    /// two or three words are joined with one space when that makes exactly one placeholder
    /// more than the words hold apart.
    static func joiningSplitWords(_ words: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        next: while index < words.count {
            if words[index].contains("{{") {
                for count in 2...3 where index + count <= words.count {
                    let group = Array(words[index..<(index + count)])
                    let apart = group.reduce(0) { $0 + all(in: $1).count }
                    let joined = group.joined(separator: " ")
                    if all(in: joined).count == apart + 1 {
                        result.append(joined)
                        index += count
                        continue next
                    }
                }
            }
            result.append(words[index])
            index += 1
        }
        return result
    }
}
