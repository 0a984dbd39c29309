import Yams

/// The command of a v1.1 operation: an inline `component`'s `run.container.command` and
/// `args`, each word quoted for `/bin/sh` (a `{{ name }}` stays where it is). A referenced
/// component (`pathRef`, `urlRef`, `hubRef`) is not read: the command after `--` is used.
extension ManifestReader {
    mutating func operationCommand(_ entries: [Entry], parameters: [HyperParameter]) -> String? {
        for key in ["pathRef", "urlRef", "hubRef"] {
            if let reference = entry(key, in: entries) {
                let target = reference.value.scalar?.string ?? ""
                dialectNotes.append("the command is in the component of \(key) \(target), which hporun does not read: "
                                    + "the command after -- is used")
            }
        }
        guard let component = entry("component", in: entries), let fields = mapping(component.value, "component") else {
            if !entries.contains(where: { ["pathRef", "urlRef", "hubRef"].contains($0.key) }) {
                dialectNotes.append("the operation has no component: give the command after --")
            }
            return nil
        }
        for item in fields where !["run"].contains(item.key) {
            dialectNotes.append("component.\(item.key) is for Polyaxon's platform; ignored")
        }
        guard let run = entry("run", in: fields)?.value.mapping, let container = run["container"],
              let containerFields = mapping(container, "run.container") else {
            dialectNotes.append("the component has no run.container: give the command after --")
            return nil
        }
        // A list gives words to quote; a string is shell text already.
        var pieces: [String] = []
        for key in ["command", "args"] {
            guard let node = entry(key, in: containerFields)?.value else { continue }
            if let items = node.sequence {
                pieces += items.compactMap { string($0, "a word of run.container.\(key)") }.map(Self.shellWord)
            } else if let text = string(node, "run.container.\(key)") {
                pieces.append(text)
            }
        }
        for item in containerFields where !["command", "args"].contains(item.key) {
            dialectNotes.append("run.container.\(item.key) is for Polyaxon's cluster; ignored")
        }
        let command = pieces.isEmpty ? nil : pieces.joined(separator: " ")
        guard let command else {
            dialectNotes.append("run.container has no command: give the command after --")
            return nil
        }
        checkCommand(command, at: container, hyperParameters: parameters)
        return command
    }

    /// A word of a command list as `/bin/sh` must be given it: bare when only plain characters
    /// and `{{ name }}` placeholders are in it, else in single quotes.
    static func shellWord(_ word: String) -> String {
        let withoutPlaceholders = word.replacingOccurrences(
            of: #"\{\{\s*[A-Za-z_][A-Za-z0-9_.-]*\s*\}\}"#, with: "", options: .regularExpression)
        let plain = !word.isEmpty && withoutPlaceholders.allSatisfy { character in
            character.isASCII && (character.isLetter || character.isNumber || "_./=:,@%+-".contains(character))
        }
        if plain { return word }
        return "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
