import Foundation

/// Each trial runs in its own directory (the protocol puts config.json there), so a relative
/// path in the command would name a file in the trial's directory, not the one the user
/// meant. The rule: a word of the command that names an existing file or directory, relative
/// to where the user meant it, is made absolute; so is the value of a `--opt=path` or
/// `NAME=path` word. The program (the first word) only when it contains a `/`, because a
/// bare name is looked up on the PATH. Words with a placeholder, and in a shell line words
/// with quotes, `$`, globs or other shell syntax, and output redirections, stay as written.
///
/// After `--`, "where the user meant it" is the folder hporun was started in; in the
/// manifest's `command`, the manifest's folder. The result is what the trials run and what
/// experiment.json records, so the same command typed from another folder, naming the same
/// files, resumes the same experiment.
public enum CommandPaths {
    /// The words of a command given after `--`, resolved against `directory`.
    public static func resolving(_ arguments: [String], in directory: String) -> [String] {
        arguments.enumerated().map { index, word in
            if index == 0 { return word.contains("/") ? (absolute(word, in: directory) ?? word) : word }
            return resolvedWord(word, in: directory, quote: false) ?? word
        }
    }

    /// A `/bin/sh -c` line with its plain words resolved against `directory`.
    public static func resolving(shellLine line: String, in directory: String) -> String {
        let scan = ShellLineScanner(line)
        var result: [UInt8] = []
        var position = 0
        for word in scan.words where word.isPlain {
            let replacement: String? = switch word.role {
            case .command: word.text.contains("/") ? absolute(word.text, in: directory).map(shellWord) : nil
            case .argument, .input, .assignment: resolvedWord(word.text, in: directory, quote: true)
            case .otherRedirection: nil
            }
            guard let replacement else { continue }
            result += scan.bytes[position..<word.range.lowerBound]
            result += Array(replacement.utf8)
            position = word.range.upperBound
        }
        result += scan.bytes[position...]
        return String(decoding: result, as: UTF8.self)
    }

    /// The word with its path made absolute, or nil when it names no existing file.
    static func resolvedWord(_ word: String, in directory: String, quote: Bool) -> String? {
        guard !word.contains("{{") else { return nil }
        let render: (String) -> String = { quote ? shellWord($0) : $0 }
        if !word.hasPrefix("-"), let path = absolute(word, in: directory) { return render(path) }
        if let equals = word.firstIndex(of: "="),
           let path = absolute(String(word[word.index(after: equals)...]), in: directory) {
            return String(word[...equals]) + render(path)
        }
        return nil
    }

    /// The absolute path of `path` in `directory` when it is relative and exists: with `.`
    /// and `..` removed when that names the same file (not through a symbolic link).
    static func absolute(_ path: String, in directory: String) -> String? {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.hasPrefix("~") else { return nil }
        let joined = directory.hasSuffix("/") ? directory + path : directory + "/" + path
        var status = stat()
        guard stat(joined, &status) == 0 else { return nil }
        let normal = lexicallyNormalized(joined, trailingSlash: path.hasSuffix("/"))
        var normalStatus = stat()
        let same = stat(normal, &normalStatus) == 0 && normalStatus.st_dev == status.st_dev
            && normalStatus.st_ino == status.st_ino
        return same ? normal : joined
    }

    /// `/a/./b/../c` as `/a/c`, without looking at the filesystem.
    static func lexicallyNormalized(_ path: String, trailingSlash: Bool) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        let joined = "/" + parts.joined(separator: "/")
        return trailingSlash && joined != "/" ? joined + "/" : joined
    }

    /// A path as one shell word: as it is when every byte is plain, else single-quoted.
    static func shellWord(_ path: String) -> String {
        path.utf8.allSatisfy(ShellLineScanner.isPlain) ? path : CommandTemplate.shellQuoted(path)
    }
}
