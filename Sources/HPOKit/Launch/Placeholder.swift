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
        guard let first = inner.firstIndex(where: { !isBlank($0) }), let last = inner.lastIndex(where: { !isBlank($0) })
        else { return nil }
        let name = inner[first...last]
        guard name.allSatisfy(isNameByte) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    /// The names of `names` that stand, outside every complete placeholder, right after `{{`
    /// or right before `}}` (blanks between allowed): a placeholder with a brace missing. Each
    /// with its offset in the text's UTF-8 bytes.
    static func halfWritten(in text: String, names: Set<String>) -> [(name: String, offset: Int)] {
        var bytes = Array(text.utf8)
        for placeholder in all(in: bytes) {
            for index in placeholder.range { bytes[index] = UInt8(ascii: " ") }
        }
        func braces(_ brace: UInt8, from start: Int, step: Int) -> Bool {
            var index = start
            while bytes.indices.contains(index), isBlank(bytes[index]) { index += step }
            let next = index + step
            return bytes.indices.contains(index) && bytes.indices.contains(next) && bytes[index] == brace && bytes[next] == brace
        }
        var found: [(name: String, offset: Int)] = []
        var index = 0
        while index < bytes.count {
            guard isNameByte(bytes[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[start..<index], as: UTF8.self)
            if names.contains(name),
               braces(UInt8(ascii: "{"), from: start - 1, step: -1) || braces(UInt8(ascii: "}"), from: index, step: 1) {
                found.append((name, start))
            }
        }
        return found
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
