import Foundation

/// A command line that the README or a sample's comment shows a reader, with what the text
/// around it implies: the folder it is typed in and the `cd`/`export` lines before it.
struct ShownCommand: Hashable, Sendable, CustomStringConvertible {
    /// Where it is shown, relative to the repository's root (`README.md`, a sample's file).
    var source: String
    /// The folder it is typed in, relative to the repository's root ("" for the root).
    var folder: String
    /// The `cd` and `export` lines before it in the same block or comment.
    var context: [String]
    /// The command as shown, continuation lines joined, a trailing `# comment` removed.
    var text: String
    /// The lines shown after it as its output, if any (`(...)` stands for any text).
    var output: [String] = []

    var description: String { (context + [text]).joined(separator: "; ") + " (\(source), in ./\(folder))" }

    /// The same command typed the same way, wherever it is shown.
    func isSame(as other: ShownCommand) -> Bool {
        (folder, context, text) == (other.folder, other.context, other.text)
    }
}

/// The commands shown together (one fenced block, one inline span, one sample's comment):
/// they run in order, in one fresh copy of the repository's samples.
struct ShownScenario: Sendable, CustomStringConvertible {
    var name: String
    var commands: [ShownCommand]

    var description: String { name }
}

/// Finds every command the README and the samples show.
enum ShownCommands {
    static let starts = ["hporun ", "make "]
    static let contextStarts = ["cd ", "export "]

    /// The README's generic commands (a bare `exp.yml`, `train.py`, `hpo-runs/exp`) are
    /// typed in the user's folder that holds those files: for this repository, the
    /// quickstart sample's.
    static let genericFolder = "Samples/quickstart"

    static func readme(_ text: String) -> [ShownScenario] {
        var scenarios: [ShownScenario] = []
        var inBlock = false, isPlain = false, block: [String] = [], number = 0
        var prose = ""
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if inBlock {
                    if isPlain {
                        number += 1
                        let commands = fromLines(block, source: "README.md", defaultFolder: nil)
                        if !commands.isEmpty { scenarios.append(ShownScenario(name: "README.md block \(number)", commands: commands)) }
                    }
                    inBlock = false
                } else {
                    inBlock = true
                    isPlain = line.trimmingCharacters(in: .whitespaces) == "```"
                    block = []
                }
                continue
            }
            if inBlock { block.append(line) } else { prose += line + "\n" }
        }
        // Inline spans in the prose, which may wrap across a line end.
        let spans = prose.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }
            .map { $0.element.replacingOccurrences(of: "\n", with: " ") }
        for span in spans where starts.contains(where: { span.hasPrefix($0) }) {
            let command = ShownCommand(source: "README.md", folder: folder(for: span, context: []), context: [], text: span)
            scenarios.append(ShownScenario(name: "README.md `\(span)`", commands: [command]))
        }
        return scenarios
    }

    /// The command lines of a sample's file: comment lines indented by three spaces or more
    /// (`#   hporun ...`). Each run of such lines (up to a line of prose) is one scenario,
    /// typed in the repository's root unless it starts with a `cd` line.
    static func sample(_ text: String, source: String) -> [ShownScenario] {
        var groups: [[String]] = [[]]
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let marker = ["#", "///", "//"].first(where: { trimmed.hasPrefix($0 + "   ") }) {
                groups[groups.count - 1].append(String(trimmed.dropFirst(marker.count)).trimmingCharacters(in: .whitespaces))
            } else if !(groups.last ?? []).isEmpty {
                groups.append([])
            }
        }
        return groups.map { fromLines($0, source: source, defaultFolder: "") }.filter { !$0.isEmpty }.enumerated()
            .map { ShownScenario(name: "\(source) #\($0.offset + 1)", commands: $0.element) }
    }

    /// Commands among `lines`, each with the `cd` and `export` lines before it.
    static func fromLines(_ lines: [String], source: String, defaultFolder: String?) -> [ShownCommand] {
        var commands: [ShownCommand] = [], context: [String] = [], pending = ""
        for raw in lines {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\\") {
                pending += line.dropLast().trimmingCharacters(in: .whitespaces) + " "
                continue
            }
            var whole = withoutComment(pending + line)
            pending = ""
            // `cd DIR && command`: the shell stays in DIR for the lines after it too.
            if whole.hasPrefix("cd "), let and = whole.range(of: " && ") {
                context.append(String(whole[..<and.lowerBound]))
                whole = String(whole[and.upperBound...])
            }
            if contextStarts.contains(where: { whole.hasPrefix($0) }) {
                context.append(whole)
            } else if starts.contains(where: { whole.hasPrefix($0) }) {
                commands.append(ShownCommand(source: source, folder: defaultFolder ?? folder(for: whole, context: context),
                                             context: context, text: whole))
            } else if !whole.isEmpty, !commands.isEmpty {
                commands[commands.count - 1].output.append(whole)
            }
        }
        return commands
    }

    static func folder(for command: String, context: [String]) -> String {
        let generic = command.split(separator: " ").contains { $0 == "exp.yml" || $0 == "hpo-runs/exp" }
        return context.isEmpty && generic ? genericFolder : ""
    }

    /// `line` without a trailing shell comment (` # ...`).
    static func withoutComment(_ line: String) -> String {
        guard let range = line.range(of: " #") else { return line }
        return line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    }

    /// Every scenario of the README and the samples' files (their `.build` folders aside).
    static func all(repository root: URL) throws -> [ShownScenario] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var scenarios = self.readme(readme)
        let samples = root.appendingPathComponent("Samples")
        for sample in try FileManager.default.contentsOfDirectory(atPath: samples.path).sorted() {
            let folder = samples.appendingPathComponent(sample)
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { continue }
            let files = walker.compactMap { $0 as? String }
                .filter { !$0.hasPrefix(".build") && !$0.contains("hpo-runs") }
                .filter { [".yml", ".yaml", ".py", ".swift", ".md", ".sh"].contains(where: $0.hasSuffix) }
                .sorted()
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                scenarios += Self.sample(text, source: "Samples/\(sample)/\(file)")
            }
        }
        return scenarios
    }
}
