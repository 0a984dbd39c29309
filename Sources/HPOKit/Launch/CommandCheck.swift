import Foundation

/// A training command that cannot start, found before any trial runs (so a typo does not
/// spend the budget on trials that all fail the same way).
public enum CommandError: Error, Sendable, Equatable, LocalizedError {
    /// A bare program name found in no PATH directory; a close name that is, if any; and
    /// whether a file of that name is in the folder where it was typed.
    case notOnPath(program: String, path: String, suggestion: String?, fileHere: Bool)
    case missing(path: String)
    case notExecutable(path: String)
    case isDirectory(path: String)

    public var errorDescription: String? {
        switch self {
        case .notOnPath(let program, let path, let suggestion, let fileHere):
            var text = "cannot run the command: '\(program)' is not a program on the PATH (\(path))"
            if let suggestion { text += "; did you mean '\(suggestion)'?" } else { text += "; check its spelling." }
            if fileHere { text += " To run the file '\(program)' of this folder, write ./\(program)." }
            return text + " Nothing was run."
        case .missing(let path):
            return "cannot run the command: \(path) does not exist; check the path (a relative path is taken "
                + "from the folder hporun is started in, or for the manifest's command from the manifest's folder). "
                + "Nothing was run."
        case .notExecutable(let path):
            return "cannot run the command: \(path) is not executable; make it so (chmod +x \(path)) or name its "
                + "interpreter first (e.g. python3 \(path)). Nothing was run."
        case .isDirectory(let path):
            return "cannot run the command: \(path) is a directory, not a program. Nothing was run."
        }
    }
}

/// Finds the program of a trial's command as the launcher will: a path must be an executable
/// file; a bare name must be on the PATH. In a shell line only a plain first word is checked
/// (not a builtin, a keyword or an expansion), since the shell decides the rest.
public enum CommandCheck {
    /// Builtins and reserved words of POSIX sh: the shell runs them, not a program.
    static let shellWords: Set<String> = [
        ".", ":", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec", "exit",
        "export", "false", "fc", "fg", "getopts", "hash", "jobs", "kill", "local", "printf", "pwd", "read",
        "readonly", "return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit", "umask",
        "unalias", "unset", "wait", "if", "then", "else", "elif", "fi", "do", "done", "case", "esac", "while",
        "until", "for", "in", "{", "}", "!", "time", "function", "source",
    ]

    /// Why the command's program cannot start, or nil. `path` is the PATH the trials get;
    /// `directory` is where a bare name would have been typed (for the `./name` hint).
    public static func problem(in command: TrialCommand, path: String?, directory: String) -> CommandError? {
        let program: String
        switch command {
        case .argv(let arguments):
            guard let first = arguments.first else { return nil }
            program = first
        case .shell(let line):
            let scan = ShellLineScanner(line)
            guard let first = scan.words.first(where: { $0.role == .command }), first.isPlain,
                  !shellWords.contains(first.text) else { return nil }
            program = first.text
        }
        guard !program.contains("{{") else { return nil }
        let searchPath = path ?? "/usr/local/bin:/usr/bin:/bin"
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : directory + "/" + program
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                return .missing(path: program)
            }
            if isDirectory.boolValue { return .isDirectory(path: program) }
            return access(full, X_OK) == 0 ? nil : .notExecutable(path: program)
        }
        if find(program, in: searchPath) != nil { return nil }
        return .notOnPath(
            program: program, path: searchPath, suggestion: nearestProgram(to: program, in: searchPath),
            fileHere: FileManager.default.fileExists(atPath: directory + "/" + program))
    }

    /// The first executable file named `program` in the PATH's directories.
    static func find(_ program: String, in path: String) -> String? {
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            var isDirectory: ObjCBool = false
            if access(candidate, X_OK) == 0, FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory),
               !isDirectory.boolValue {
                return candidate
            }
        }
        return nil
    }

    /// The PATH program whose name is nearest to `program`, when near enough to be a typo.
    static func nearestProgram(to program: String, in path: String) -> String? {
        var best: (name: String, distance: Int)?
        let limit = max(1, min(2, program.count / 3))
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: String(directory))) ?? []
            for name in names where abs(name.count - program.count) <= limit {
                let distance = editDistance(program, name)
                if distance <= limit, distance < (best?.distance ?? .max) || (distance == best?.distance && name < best!.name),
                   access("\(directory)/\(name)", X_OK) == 0 {
                    best = (name, distance)
                }
            }
        }
        return best?.name
    }
}
