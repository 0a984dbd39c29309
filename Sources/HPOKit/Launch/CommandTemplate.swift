import Foundation

/// Fills `{{ name }}` placeholders in a trial's command with its hyperparameters' values
/// (Polyaxon's convention, PROTOCOL.md section 5), so that the program receives each value
/// byte for byte and nothing in a value ever runs.
///
/// In argv form each argument gets the raw value. In the `/bin/sh -c` form the values never
/// enter the line's text where the shell would parse them: the line starts by setting one
/// shell variable per value, each value single-quoted (the one quoting POSIX sh never
/// interprets), and each placeholder becomes a reference to its variable, written for the
/// quoting around it: `"${V}"` unquoted, `${V}` inside "...", `'"${V}"'` inside '...'. An
/// expansion's result is never parsed again, so whatever the shell makes of the line, a value
/// stays a value. Where no reference is faithful (inside `$(...)`, backquotes, `${...}`, a
/// here-document, after a backslash or a `$`), `problems` says so and the run is refused.
public struct CommandTemplate: Sendable, Equatable {
    public let command: TrialCommand

    public init(_ command: TrialCommand) {
        self.command = command
    }

    /// The words a shell passes for an unquoted `{{ lr }}` (`{{`, `lr`, `}}`; or `--lr={{`,
    /// `lr`, `}}`) joined back into the one word the user meant.
    public static func joiningSplitPlaceholders(_ words: [String]) -> [String] {
        Placeholder.joiningSplitWords(words)
    }

    /// The names used in placeholders, in order of appearance.
    public var placeholderNames: [String] {
        let texts: [String] = switch command {
        case .argv(let arguments): arguments
        case .shell(let line): [line]
        }
        return texts.flatMap { Placeholder.all(in: $0).map(\.name) }
    }

    /// Placeholders naming no hyperparameter of the space (a typo the user must fix).
    public func unknownPlaceholders(in space: SearchSpace) -> [String] {
        let names = Set(space.hyperParameters.map(\.name))
        var seen: Set<String> = []
        return placeholderNames.filter { !names.contains($0) && seen.insert($0).inserted }
    }

    /// Hyperparameters' names written with a brace missing (`{{lr}`, `{lr}}`, `{{ lr`), which
    /// no placeholder matches: the program would get the braces as they are.
    public func halfWrittenPlaceholders(in space: SearchSpace) -> [String] {
        let names = Set(space.hyperParameters.map(\.name))
        let texts: [String] = switch command {
        case .argv(let arguments): arguments
        case .shell(let line): [line]
        }
        var seen: Set<String> = []
        return texts.flatMap { Placeholder.halfWritten(in: $0, names: names).map(\.name) }.filter { seen.insert($0).inserted }
    }

    /// Placeholders of a shell line that cannot be filled safely, and a quote left open.
    public var problems: [CommandProblem] {
        guard case .shell(let line) = command else { return [] }
        let scan = ShellLineScanner(line)
        var problems: [CommandProblem] = scan.sites.compactMap { site in
            guard case .refused(let why) = site.context else { return nil }
            let text = "{{ \(site.placeholder.name) }}"
            return CommandProblem(
                in: scan.bytes, at: site.placeholder.range,
                message: "\(text) stands \(why), where no value can be put safely",
                fix: Self.fix(for: why, name: site.placeholder.name))
        }
        if let unclosed = scan.unclosed {
            problems.append(CommandProblem(
                in: scan.bytes, at: unclosed.offset..<(unclosed.offset + 1), message: "\(unclosed.what) is not closed",
                fix: "close it; /bin/sh would refuse the line"))
        }
        return problems.sorted { $0.offset < $1.offset }
    }

    private static func fix(for why: String, name: String) -> String {
        if why.hasPrefix("right after a backslash") { return "remove the backslash before {{ \(name) }}" }
        if why.hasPrefix("right after a '$'") { return "remove the '$' before {{ \(name) }}" }
        return "put {{ \(name) }} where the shell reads it directly: bare, in \"...\" or in '...' "
            + "(e.g. set a variable first: v={{ \(name) }}; ... \"$v\")"
    }

    /// The command with every placeholder replaced by the config's value.
    public func filled(with config: Config) -> TrialCommand {
        switch command {
        case .argv(let arguments):
            return .argv(arguments.map { Self.replacing(in: $0, config: config) })
        case .shell(let line):
            return .shell(Self.filledShellLine(line, config: config))
        }
    }

    /// `'...'` with each `'` written as `'\''`: the one quoting POSIX sh never interprets.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The shell variable that carries a hyperparameter's value in a `/bin/sh -c` line:
    /// `HPORUN_VALUE_` and the name, each byte other than a letter, digit or `_` as `_XX` (hex).
    public static func variableName(for name: String) -> String {
        "HPORUN_VALUE_" + name.utf8.map { byte in
            let keep = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == 0x5F
            return keep ? String(Unicode.Scalar(byte)) : "_" + String(byte, radix: 16, uppercase: true)
        }.joined()
    }

    private static func replacing(in text: String, config: Config) -> String {
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        var position = 0
        for placeholder in Placeholder.all(in: bytes) {
            result += bytes[position..<placeholder.range.lowerBound]
            if let value = config[placeholder.name] {
                result += Array(value.description.utf8)
            } else {
                result += bytes[placeholder.range]
            }
            position = placeholder.range.upperBound
        }
        result += bytes[position...]
        return String(decoding: result, as: UTF8.self)
    }

    private static func filledShellLine(_ line: String, config: Config) -> String {
        let scan = ShellLineScanner(line)
        var result: [UInt8] = []
        var position = 0
        var assignments: [String] = []
        var assigned: Set<String> = []
        for site in scan.sites {
            let name = site.placeholder.name
            guard let value = config[name] else { continue }
            let variable = variableName(for: name)
            let reference: String
            switch site.context {
            case .unquoted: reference = "\"${\(variable)}\""
            case .doubleQuoted: reference = "${\(variable)}"
            case .singleQuoted: reference = "'\"${\(variable)}\"'"
            case .comment, .refused: continue  // left as written: no value goes there
            }
            if assigned.insert(name).inserted { assignments.append("\(variable)=\(shellQuoted(value.description))") }
            result += scan.bytes[position..<site.placeholder.range.lowerBound]
            result += Array(reference.utf8)
            position = site.placeholder.range.upperBound
        }
        result += scan.bytes[position...]
        let body = String(decoding: result, as: UTF8.self)
        return assignments.isEmpty ? body : assignments.joined(separator: " ") + "; " + body
    }
}

/// A placeholder of a shell command that cannot be filled safely (or a quote left open),
/// with where it is in the command's text.
public struct CommandProblem: Sendable, Equatable {
    /// Byte offset in the command's UTF-8 text.
    public var offset: Int
    /// 1-based line and column (in characters) within the command's text.
    public var line: Int
    public var column: Int
    /// What is wrong as written (`{{ opt }}`, a quote), to find it in the manifest's text.
    public var text: String
    public var message: String
    public var fix: String

    init(in bytes: [UInt8], at range: Range<Int>, message: String, fix: String) {
        let offset = range.lowerBound
        self.offset = offset
        text = String(decoding: bytes[range], as: UTF8.self)
        let before = bytes[..<offset]
        let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
        self.message = message
        self.fix = fix
    }
}
