import Yams

/// A training reference's `command` (run through `/bin/sh -c`): every placeholder must name a
/// hyperparameter and stand where its value can be put safely, quotes must close, and no NUL
/// byte may be in it. Each error is placed at the line and column of the manifest where the
/// offending text is written.
extension ManifestReader {
    mutating func checkCommand(_ command: String, at node: Node, hyperParameters: [HyperParameter]) {
        if command.utf8.contains(0) {
            fail(.badCommand, at: node, "the command contains a NUL byte (\\0), which /bin/sh cannot be given",
                 fix: "remove the \\0 from the command")
            return
        }
        let template = CommandTemplate(.shell(command))
        for problem in template.problems {
            let (line, column) = place(problem.text, offset: problem.offset, of: command, at: node)
            errors.append(ManifestError(.badCommand, file: file, line: line, column: column,
                                        message: "in the command, \(problem.message)", fix: problem.fix))
        }
        guard !hyperParameters.isEmpty else { return }
        let known = hyperParameters.map(\.name)
        let bytes = Array(command.utf8)
        for name in template.unknownPlaceholders(in: SearchSpace(hyperParameters)) {
            let found = Placeholder.all(in: bytes).first { $0.name == name }
            let text = found.map { String(decoding: bytes[$0.range], as: UTF8.self) } ?? ""
            let (line, column) = place(text, offset: found?.range.lowerBound ?? 0, of: command, at: node)
            errors.append(ManifestError(
                .badCommand, file: file, line: line, column: column,
                message: "the command uses {{ \(name) }}, which names no hyperparameter",
                fix: nearestKey(to: name, in: known).map { "did you mean {{ \($0) }}?" }
                    ?? "use one of: \(known.joined(separator: ", "))"))
        }
        for (name, offset) in Placeholder.halfWritten(in: command, names: Set(known)) {
            let (line, column) = place(name, offset: offset, of: command, at: node)
            errors.append(ManifestError(.badCommand, file: file, line: line, column: column,
                                        message: "the command writes '\(name)' with a brace missing around it",
                                        fix: "write {{ \(name) }} (two braces each side)"))
        }
    }

    /// Where a problem of the command is in the manifest's text: the n-th occurrence of its
    /// text from the command's first character, n counted in the command; the command's own
    /// position when the text is not found as written (an escape in a quoted YAML string).
    private func place(_ needle: String, offset: Int, of command: String, at node: Node) -> (line: Int, column: Int) {
        let start = (line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        guard !needle.isEmpty, start.line >= 1, start.line <= sourceLines.count else { return start }
        var remaining = occurrences(of: needle, in: String(decoding: Array(command.utf8)[..<offset], as: UTF8.self)) + 1
        for lineIndex in (start.line - 1)..<sourceLines.count {
            let line = sourceLines[lineIndex]
            var searchFrom = line.startIndex
            if lineIndex == start.line - 1 {
                searchFrom = line.index(line.startIndex, offsetBy: min(start.column - 1, line.count))
            }
            while let found = line.range(of: needle, range: searchFrom..<line.endIndex) {
                remaining -= 1
                if remaining == 0 { return (lineIndex + 1, line.distance(from: line.startIndex, to: found.lowerBound) + 1) }
                searchFrom = found.upperBound
            }
        }
        return start
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        var count = 0
        var searchFrom = text.startIndex
        while let found = text.range(of: needle, range: searchFrom..<text.endIndex) {
            count += 1
            searchFrom = found.upperBound
        }
        return count
    }
}
