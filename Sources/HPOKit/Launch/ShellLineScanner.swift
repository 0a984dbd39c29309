/// Reads a `/bin/sh -c` line as a POSIX shell will, without running anything, to learn the
/// quoting around each `{{ name }}` (so its value can be put there safely, or the form
/// refused) and the plain words of the line (so relative paths and the program can be
/// checked). Bytes, not Characters: the shell's special characters are all ASCII, and a
/// combining mark after a quote must not hide the quote.
struct ShellLineScanner {
    /// How the shell reads the text where a placeholder stands.
    enum Context: Sendable, Equatable {
        case unquoted, doubleQuoted, singleQuoted
        /// After an unquoted `#` that starts a word: the shell ignores it.
        case comment
        /// A place where no substitution is both safe and faithful; why, for the user.
        case refused(String)
    }

    struct Site: Sendable, Equatable {
        var placeholder: Placeholder
        var context: Context
    }

    /// What a top-level word of the line is to the shell.
    enum Role: Sendable, Equatable {
        /// The first word of a simple command: the program (or a builtin, a keyword).
        case command
        /// `NAME=value` before the command.
        case assignment
        case argument
        /// The file after `<`.
        case input
        /// After `>`, `>>`, `>|`, `<>`, `>&`, `<&`, `<<`: not a file to resolve.
        case otherRedirection
    }

    struct Word: Sendable, Equatable {
        var range: Range<Int>
        var text: String
        /// Nothing in it is quoted, escaped or expanded: the shell passes it as written.
        var isPlain: Bool
        var role: Role
    }

    let bytes: [UInt8]
    var sites: [Site] = []
    private(set) var words: [Word] = []
    /// A quote or substitution still open at the end: where it opened, and what it is.
    var unclosed: (offset: Int, what: String)?

    let placeholders: [Int: Placeholder]
    var index = 0
    private var wordStart: Int?
    private var wordIsPlain = true
    private var expectCommand = true
    private var nextRole: Role?
    private var heredocNext: Bool?
    private var pendingHeredocs: [(delimiter: [UInt8], stripTabs: Bool)] = []

    init(_ line: String) {
        bytes = Array(line.utf8)
        placeholders = Dictionary(uniqueKeysWithValues: Placeholder.all(in: bytes).map { ($0.range.lowerBound, $0) })
        scanLine()
    }

    private static let reservedKeepingCommand: Set<String> = [
        "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
    ]

    private mutating func scanLine() {
        while index < bytes.count {
            if let placeholder = placeholders[index] {
                beginWord()
                wordIsPlain = false
                sites.append(Site(placeholder: placeholder, context: .unquoted))
                index = placeholder.range.upperBound
                continue
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                endWord()
                index += 1
            case UInt8(ascii: "\n"):
                endWord()
                expectCommand = true
                index += 1
                readHeredocBodies()
            case UInt8(ascii: "#") where wordStart == nil:
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    if let placeholder = placeholders[index] {
                        sites.append(Site(placeholder: placeholder, context: .comment))
                        index = placeholder.range.upperBound
                    } else {
                        index += 1
                    }
                }
            case UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"), UInt8(ascii: "("), UInt8(ascii: ")"):
                endWord()
                expectCommand = true
                index += 1
            case UInt8(ascii: "<"), UInt8(ascii: ">"):
                redirection()
            case UInt8(ascii: "'"):
                beginWord()
                wordIsPlain = false
                singleQuoted(nested: nil)
            case UInt8(ascii: "\""):
                beginWord()
                wordIsPlain = false
                doubleQuoted(nested: nil)
            case UInt8(ascii: "\\"):
                if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\n") {
                    index += 2  // a line continuation joins the lines
                    continue
                }
                beginWord()
                wordIsPlain = false
                escaped(nested: nil)
            case UInt8(ascii: "`"):
                beginWord()
                wordIsPlain = false
                backticks()
            case UInt8(ascii: "$"):
                beginWord()
                wordIsPlain = false
                dollar(nested: nil, inDoubleQuotes: false)
            default:
                beginWord()
                if !Self.isPlain(byte) { wordIsPlain = false }
                index += 1
            }
        }
        endWord()
    }

    /// Letters, digits, non-ASCII bytes and `._-/+,:@%^=`: what a shell passes unchanged.
    static func isPlain(_ byte: UInt8) -> Bool {
        if byte >= 0x80 { return true }
        let scalar = Unicode.Scalar(byte)
        return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
            || "._-/+,:@%^=".unicodeScalars.contains(scalar)
    }

    private mutating func beginWord() {
        if wordStart == nil {
            wordStart = index
            wordIsPlain = true
        }
    }

    private mutating func endWord() {
        guard let start = wordStart else { return }
        wordStart = nil
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        let role: Role
        if let pending = nextRole {
            role = pending
            nextRole = nil
            if let stripTabs = heredocNext {
                heredocNext = nil
                let delimiter = bytes[start..<index].filter {
                    $0 != UInt8(ascii: "'") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\")
                }
                pendingHeredocs.append((delimiter, stripTabs))
            }
        } else if expectCommand {
            let isAssignment = text.firstIndex(of: "=").map { equals in
                let name = text[..<equals]
                return !name.isEmpty && !(name.first?.isNumber ?? true)
                    && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            } ?? false
            role = isAssignment ? .assignment : .command
            if role == .command { expectCommand = Self.reservedKeepingCommand.contains(text) }
        } else {
            role = .argument
        }
        words.append(Word(range: start..<index, text: text, isPlain: wordIsPlain, role: role))
    }

    /// `<`, `>`, `>>`, `>|`, `<>`, `<&`, `>&`, `<<`, `<<-`, `<<<`, with a file descriptor
    /// number before it (`2>`) taken as part of the operator.
    private mutating func redirection() {
        if let start = wordStart, bytes[start..<index].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            wordStart = nil
        } else {
            endWord()
        }
        let first = bytes[index]
        index += 1
        let second = index < bytes.count ? bytes[index] : 0
        if first == UInt8(ascii: "<"), second == UInt8(ascii: "<") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "<") {
                index += 1  // bash's here-string: a word, not a file
            } else {
                let stripTabs = index < bytes.count && bytes[index] == UInt8(ascii: "-")
                if stripTabs { index += 1 }
                heredocNext = stripTabs
            }
            nextRole = .otherRedirection
            return
        }
        if [UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "&")].contains(second)
            || (first == UInt8(ascii: "<") && second == UInt8(ascii: ">")) {
            index += 1
        }
        nextRole = first == UInt8(ascii: "<") && second != UInt8(ascii: "&") && second != UInt8(ascii: ">")
            ? .input : .otherRedirection
    }

    /// At the start of a line after `<<WORD`: the here-documents' bodies, up to each delimiter.
    private mutating func readHeredocBodies() {
        for heredoc in pendingHeredocs {
            while index < bytes.count {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                for (start, placeholder) in placeholders where start >= index && start < end {
                    sites.append(Site(placeholder: placeholder, context: .refused("inside a here-document")))
                }
                var line = bytes[index..<end]
                if heredoc.stripTabs { line = line.drop { $0 == UInt8(ascii: "\t") } }
                index = min(end + 1, bytes.count)
                if Array(line) == heredoc.delimiter { break }
            }
        }
        pendingHeredocs = []
    }
}
