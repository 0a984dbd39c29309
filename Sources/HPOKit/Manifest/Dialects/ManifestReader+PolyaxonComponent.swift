import Foundation
import Yams

/// The command of a v1.1 operation: its component's `run.container.command` and `args`, each
/// word quoted for `/bin/sh` (a `{{ name }}` stays where it is). The component is inline
/// (`component:`) or a file named by `pathRef`, relative to the operation's folder; when
/// neither gives a command (a `urlRef` or `hubRef`, which hporun does not fetch; a file
/// that is missing or not a component; a component with no container command), the command
/// after `--` is used: `commandNote` says why, for `validate` and for `run`'s refusal.
extension ManifestReader {
    mutating func operationCommand(_ entries: [Entry], parameters: [HyperParameter]) -> String? {
        for key in ["urlRef", "hubRef"] {
            if let reference = entry(key, in: entries) {
                let target = reference.value.scalar?.string ?? ""
                return noCommand("its component is \(key) \(target), which hporun does not fetch")
            }
        }
        if let reference = entry("pathRef", in: entries) {
            return referencedCommand(reference.value, parameters: parameters)
        }
        guard let component = entry("component", in: entries), let fields = mapping(component.value, "component") else {
            return noCommand("the operation has no component")
        }
        for item in fields where !["run"].contains(item.key) {
            dialectNotes.append("component.\(item.key) is for Polyaxon's platform; ignored")
        }
        guard let run = entry("run", in: fields)?.value.mapping, let container = run["container"],
              let containerFields = mapping(container, "run.container") else {
            return noCommand("the component has no run.container")
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
        guard !pieces.isEmpty else { return noCommand("the component's run.container has no command") }
        let command = pieces.joined(separator: " ")
        checkCommand(command, at: container, hyperParameters: parameters)
        commandNote = "the inline component's run.container"
        return command
    }

    /// The command of the component file `pathRef` names, relative to the operation's folder.
    private mutating func referencedCommand(_ node: Node, parameters: [HyperParameter]) -> String? {
        guard let path = node.scalar?.string, !path.isEmpty else { return noCommand("pathRef names no file") }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
        let what = "pathRef \(path)"
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
            let full = url.standardizedFileURL.path
            return noCommand(FileManager.default.fileExists(atPath: full) ? "\(what) cannot be read (\(full))"
                                                                          : "\(what) names no file (\(full) does not exist)")
        }
        guard let root = try? Yams.compose(yaml: text), let fields = root.mapping else {
            return noCommand("\(what) is not a YAML mapping")
        }
        if let kind = fields["kind"]?.string, kind != "component" {
            return noCommand("\(what) is kind '\(kind)', not a component")
        }
        guard let container = fields["run"]?.mapping?["container"]?.mapping else {
            return noCommand("\(what) has no run.container")
        }
        var pieces: [String] = []
        for key in ["command", "args"] {
            guard let value = container[key] else { continue }
            if let items = value.sequence {
                let words = items.compactMap { $0.scalar?.string }
                guard words.count == items.count else { return noCommand("\(what): run.container.\(key) is not a list of words") }
                pieces += words.map(Self.shellWord)
            } else if let word = value.scalar?.string {
                pieces.append(word)
            } else {
                return noCommand("\(what): run.container.\(key) is not a list of words")
            }
        }
        guard !pieces.isEmpty else { return noCommand("\(what)'s run.container has no command") }
        let command = pieces.joined(separator: " ")
        checkCommand(command, at: node, hyperParameters: parameters)
        commandNote = "the run.container of the component in \(what)"
        dialectNotes.append("the command is the run.container command and args of \(what)")
        return command
    }

    /// No command from the file: why, and the note that the one after `--` is used.
    private mutating func noCommand(_ reason: String) -> String? {
        commandNote = reason
        dialectNotes.append("\(reason): the command after -- is used")
        return nil
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
