import Foundation
@testable import HPOKit
import Testing

@Suite struct CommandTemplateTests {
    let config = Config([("lr", .double(0.001)), ("name", .string("'; touch pwned #")), ("n", .int(3))])

    @Test func argvGetsRawValuesNeverScannedAgain() {
        let config = Config([("a", .string("{{ b }}")), ("b", .string("B"))])
        #expect(CommandTemplate(.argv(["train", "--a={{a}}", "{{ b }}{{a}}", "{{unknown}}"])).filled(with: config)
            == .argv(["train", "--a={{ b }}", "B{{ b }}", "{{unknown}}"]))
    }

    @Test func shellReferencesAVariableWrittenForTheQuotingAroundIt() {
        let line = #"train --name {{name}} "x{{ n }}y" 'a {{ n }} b' --lr="{{lr}}" # {{ n }}"#
        #expect(CommandTemplate(.shell(line)).filled(with: config) == .shell(
            #"HPORUN_VALUE_name=''\''; touch pwned #' HPORUN_VALUE_n='3' HPORUN_VALUE_lr='0.001'; "#
                + #"train --name "${HPORUN_VALUE_name}" "x${HPORUN_VALUE_n}y" 'a '"${HPORUN_VALUE_n}"' b' "#
                + #"--lr="${HPORUN_VALUE_lr}" # {{ n }}"#))
    }

    @Test func variableNamesKeepIdentifiersAndHexTheRest() {
        #expect(CommandTemplate.variableName(for: "learning_rate") == "HPORUN_VALUE_learning_rate")
        #expect(CommandTemplate.variableName(for: "a-b.c") == "HPORUN_VALUE_a_2Db_2Ec")
    }

    /// The filled lines, run by /bin/sh, give the program the value byte for byte.
    @Test(.timeLimit(.minutes(1))) func theShellDeliversHostileValuesUnchanged() throws {
        let values = ["$(touch pwned)", "`touch pwned`", "a\"b'c", "x\ny", "$HOME *", "\\", "", "-n", "\u{202E}ab"]
        let forms = [#"{{ v }}"#, #""{{ v }}""#, #"'{{ v }}'"#, #"--o="{{ v }}""#, #"--o='{{ v }}'"#, #"--o={{ v }}"#]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for value in values {
            let line = "printf '%s\\0' " + forms.joined(separator: " ") + " > out"
            guard case .shell(let filled) = CommandTemplate(.shell(line)).filled(with: Config([("v", .string(value))]))
            else { Issue.record("not a shell line"); continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", filled]
            process.currentDirectoryURL = folder
            try process.run()
            process.waitUntilExit()
            let out = try Data(contentsOf: folder.appendingPathComponent("out"))
            let words = out.split(separator: 0, omittingEmptySubsequences: false).dropLast().map { String(decoding: $0, as: UTF8.self) }
            #expect(words == [value, value, value, "--o=" + value, "--o=" + value, "--o=" + value], "\(value.debugDescription)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("pwned").path))
    }

    @Test func unsafePlacesAreProblemsWithTheirLineAndColumn() {
        let line = "a \"$(b {{ n }})\" \\{{ n }} ${{ n }}\n`c {{ n }}` ${X:-{{ n }}} 'open"
        let problems = CommandTemplate(.shell(line)).problems
        #expect(problems.map { "\($0.line):\($0.column)" } == ["1:8", "1:19", "1:28", "2:4", "2:18", "2:27"])
        #expect(problems[0].message.contains("inside $(...)"))
        #expect(problems[1].message.contains("after a backslash"))
        #expect(problems[2].message.contains("after a '$'"))
        #expect(problems[3].message.contains("inside `...`"))
        #expect(problems[4].message.contains("inside ${...}"))
        #expect(problems[5].message == "a ' quote is not closed")
        #expect(CommandTemplate(.shell("cat <<EOF\n{{ n }}\nEOF\necho {{ n }}")).problems.map(\.line) == [2])
        #expect(CommandTemplate(.argv(["$(x)", "{{ n }}"])).problems.isEmpty)
    }

    @Test func unknownPlaceholdersAreFoundOnce() {
        let space = SearchSpace([HyperParameter(name: "lr", domain: .doubleRange(min: 0, max: 1))])
        #expect(CommandTemplate(.argv(["a", "{{lr}}", "{{ lr2 }}{{x}}", "{{x}}"])).unknownPlaceholders(in: space)
            == ["lr2", "x"])
    }

    /// A brace missing (`{{lr}`, `{lr}}`, `{{ lr`) around a hyperparameter's name: the word
    /// would reach the program as it is, so it is named; complete placeholders, other names
    /// and single braces are not.
    @Test func halfWrittenPlaceholdersAreFound() {
        let space = SearchSpace([HyperParameter(name: "lr", domain: .doubleRange(min: 0, max: 1)),
                                 HyperParameter(name: "batch", domain: .intRange(min: 1, max: 4, step: 1))])
        #expect(CommandTemplate(.argv(["--lr", "{{lr}", "--batch={batch}}"])).halfWrittenPlaceholders(in: space)
            == ["lr", "batch"])
        #expect(CommandTemplate(.shell("train --lr {{ lr --b {{batch}}")).halfWrittenPlaceholders(in: space) == ["lr"])
        #expect(CommandTemplate(.argv(["{{lr}}", "{{ batch }}", "{lr}", "{{other}", "python -c 'f\"{lr}\"'"]))
            .halfWrittenPlaceholders(in: space).isEmpty)
    }

    @Test func aPlaceholderTheShellCutIntoWordsIsJoined() {
        #expect(CommandTemplate.joiningSplitPlaceholders(["train", "{{", "lr", "}}", "--b={{", "b", "}}"])
            == ["train", "{{ lr }}", "--b={{ b }}"])
        #expect(CommandTemplate.joiningSplitPlaceholders(["{{", "lr}}", "{{lr", "}}x", "{{lr}}"])
            == ["{{ lr}}", "{{lr }}x", "{{lr}}"])
        #expect(CommandTemplate.joiningSplitPlaceholders(["{{", "a", "b", "}}", "{{"]) == ["{{", "a", "b", "}}", "{{"])
    }
}
