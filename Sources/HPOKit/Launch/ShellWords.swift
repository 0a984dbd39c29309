/// Splits a string of command-line arguments the way a POSIX shell splits words, with no
/// expansion of anything: blanks separate words; '...' keeps everything literally; "..."
/// keeps everything but a backslash before " or \; a backslash outside quotes keeps the
/// next character. Used for `--slurm-args "--partition=gpu --gres=gpu:1"`, whose words
/// then reach sbatch as separate arguments, never through a shell.
public enum ShellWords {
    public struct UnclosedQuote: Error, Sendable, Equatable, CustomStringConvertible {
        public var quote: Character
        public var description: String { "a \(quote) quote is not closed" }
    }

    public static func split(_ text: String) throws(UnclosedQuote) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "'" { closed = true; break }
                    word.append(next)
                }
                if !closed { throw UnclosedQuote(quote: "'") }
            case "\"":
                inWord = true
                var closed = false
                while let next = iterator.next() {
                    if next == "\"" { closed = true; break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { break }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
                if !closed { throw UnclosedQuote(quote: "\"") }
            case "\\":
                inWord = true
                if let next = iterator.next() { word.append(next) }
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
