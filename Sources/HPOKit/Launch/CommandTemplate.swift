import Foundation

/// Fills `{{ name }}` placeholders in a trial's command with its hyperparameters' values
/// (Polyaxon's convention, PROTOCOL.md section 5). In argv form each argument gets the raw
/// value; in the `/bin/sh -c` form the value is shell-quoted, so a string value can never
/// inject a command.
public struct CommandTemplate: Sendable, Equatable {
    public let command: TrialCommand

    public init(_ command: TrialCommand) {
        self.command = command
    }

    /// The names used in placeholders, in order of appearance.
    public var placeholderNames: [String] {
        let texts: [String] = switch command {
        case .argv(let arguments): arguments
        case .shell(let line): [line]
        }
        return texts.flatMap { text in Self.matches(in: text).map(\.name) }
    }

    /// Placeholders naming no hyperparameter of the space (a typo the user must fix).
    public func unknownPlaceholders(in space: SearchSpace) -> [String] {
        let names = Set(space.hyperParameters.map(\.name))
        return placeholderNames.filter { !names.contains($0) }
    }

    /// The command with every placeholder replaced by the config's value.
    public func filled(with config: Config) -> TrialCommand {
        switch command {
        case .argv(let arguments):
            return .argv(arguments.map { Self.replace(in: $0, config: config, quote: false) })
        case .shell(let line):
            return .shell(Self.replace(in: line, config: config, quote: true))
        }
    }

    /// `'...'` with each `'` written as `'\''`: the one quoting POSIX sh never interprets.
    public static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func replace(in text: String, config: Config, quote: Bool) -> String {
        var result = ""
        var rest = text[...]
        for match in matches(in: text) {
            result += text[rest.startIndex..<match.range.lowerBound]
            if let value = config[match.name] {
                result += quote ? shellQuoted(value.description) : value.description
            } else {
                result += text[match.range]
            }
            rest = text[match.range.upperBound...]
        }
        return result + rest
    }

    private static func matches(in text: String) -> [(name: String, range: Range<String.Index>)] {
        var found: [(String, Range<String.Index>)] = []
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex),
              let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) {
            let name = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "{" }) {
                found.append((name, open.lowerBound..<close.upperBound))
            }
            searchStart = close.upperBound
        }
        return found
    }
}
