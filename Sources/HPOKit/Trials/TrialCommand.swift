import Foundation

/// How a trial's command runs: argv directly (what follows `--`), or one string through
/// `/bin/sh -c` (the manifest's `command`, as WML ran it).
///
/// In experiment.json argv is a plain JSON array (`["python3", "train.py"]`) and the shell
/// line an object (`{"shell": "python3 train.py --lr 0.1"}`). Files written by hporun 0.1
/// (`{"argv": {"_0": [...]}}`, `{"shell": {"_0": "..."}}`) are still read.
public enum TrialCommand: Sendable, Codable, Equatable {
    case argv([String])
    case shell(String)

    public var display: String {
        switch self {
        case .argv(let arguments): arguments.joined(separator: " ")
        case .shell(let command): command
        }
    }

    private enum Key: String, CodingKey { case argv, shell }
    /// The key Swift's synthesized coding gave an enum case's single value (hporun 0.1).
    private enum OldValueKey: String, CodingKey { case value = "_0" }

    public init(from decoder: any Decoder) throws {
        if let arguments = try? decoder.singleValueContainer().decode([String].self) {
            self = .argv(arguments)
            return
        }
        let container = try decoder.container(keyedBy: Key.self)
        if let line = try? container.decode(String.self, forKey: .shell) {
            self = .shell(line)
        } else if container.contains(.shell) {
            self = .shell(try container.nestedContainer(keyedBy: OldValueKey.self, forKey: .shell).decode(String.self, forKey: .value))
        } else if container.contains(.argv) {
            self = .argv(try container.nestedContainer(keyedBy: OldValueKey.self, forKey: .argv).decode([String].self, forKey: .value))
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a command is a JSON array of words, or {\"shell\": \"a line for /bin/sh -c\"}"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .argv(let arguments):
            var container = encoder.singleValueContainer()
            try container.encode(arguments)
        case .shell(let line):
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(line, forKey: .shell)
        }
    }
}
