import Foundation
import Testing

/// Hostile string values through every quoting form of a placeholder, in the manifest's
/// `command` (sh -c) and in a command typed after `--` (through a real shell, as a user types
/// it): the program receives each value byte for byte, and nothing in a value runs.
@Suite(.serialized) struct InjectionTests {
    /// Twenty values a careless or hostile manifest could hold; `SENTINEL` becomes a folder
    /// where any command that ran would leave a file.
    static let hostile = [
        "$(touch SENTINEL/1)", "`touch SENTINEL/2`", "; touch SENTINEL/3", "&& touch SENTINEL/4",
        "'; touch SENTINEL/5; '", "\"; touch SENTINEL/6; \"", "a\ntouch SENTINEL/7", "| touch SENTINEL/8",
        "> SENTINEL/9 #", "*", "$HOME ${IFS} $((1+1)) $'\\x41'", "\\", "\\\"'\\'", "{{ other }}",
        "\u{202E}evil\u{202C}.txt", "", "-rf", "a b  c", "\t tab\t", "héllo wörld 日本 🎉",
    ]

    /// Each quoting form, and what the program must receive for a value.
    static let forms = [
        "{{ v }}", "\"{{ v }}\"", "'{{ v }}'", "--opt=\"{{ v }}\"", "--opt='{{ v }}'", "--opt={{ v }}", "\"x{{ v }}y\"",
        "'a {{ v }} b'",
    ]

    static func expected(_ value: String) -> [String] {
        [value, value, value, "--opt=" + value, "--opt=" + value, "--opt=" + value, "x" + value + "y", "a " + value + " b"]
    }

    /// Writes the trial program and the manifest (as JSON, which is YAML, so that every value
    /// is written exactly); returns the sentinel folder.
    func prepare(_ space: Workspace) throws -> URL {
        let sentinel = space.url.appendingPathComponent("sentinel")
        try FileManager.default.createDirectory(at: sentinel, withIntermediateDirectories: true)
        try space.write("argv.py", """
            import os, sys
            with open("argv.bin", "wb") as out:
                out.write(b"".join(os.fsencode(word) + b"\\0" for word in sys.argv[1:]))
            with open("val_dict_list.json", "w") as out:
                out.write('[{"steps": 1, "accuracy": 0.5}]')
            """)
        let values = Self.hostile.map { $0.replacingOccurrences(of: "SENTINEL", with: sentinel.path) }
        let document: [String: Any] = [
            "training_references": [[
                "name": "main",
                "command": "python3 argv.py " + Self.forms.joined(separator: " "),
                "hyper_parameters_optimization": [
                    "method": ["name": "random", "parameters": [
                        ["name": "objective", "string_value": "accuracy"],
                        ["name": "maximize_or_minimize", "string_value": "maximize"],
                        ["name": "num_optimizer_steps", "int_value": values.count],
                        ["name": "max_concurrent_trials", "int_value": 4],
                    ]],
                    "hyper_parameters": [
                        ["name": "v", "string_values": values], ["name": "other", "string_values": ["OTHER"]],
                    ],
                ],
            ]],
        ]
        let json = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try json.write(to: space.url.appendingPathComponent("exp.yml"))
        return sentinel
    }

    /// Every trial's value (from its config.json) and the words its program received.
    func received(in experiment: URL) throws -> [(value: String, words: [String])] {
        let trials = experiment.appendingPathComponent("trials")
        return try FileManager.default.contentsOfDirectory(atPath: trials.path).sorted().map { subid in
            let folder = trials.appendingPathComponent(subid)
            let config = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("config.json")))
            let value = (config as? [String: Any])?["v"] as? String ?? "<missing>"
            let bytes = try Data(contentsOf: folder.appendingPathComponent("argv.bin"))
            let words = bytes.split(separator: 0, omittingEmptySubsequences: false).dropLast()
                .map { String(decoding: $0, as: UTF8.self) }
            return (value, words)
        }
    }

    func check(_ experiment: URL, sentinel: URL, mode: String) throws {
        let results = try received(in: experiment)
        let values = Set(Self.hostile.map { $0.replacingOccurrences(of: "SENTINEL", with: sentinel.path) })
        #expect(Set(results.map(\.value)) == values, "\(mode): every value ran once")
        var mismatches = 0
        for result in results where result.words != Self.expected(result.value) {
            mismatches += 1
            Issue.record("\(mode): \(result.value.debugDescription) arrived as \(result.words.map(\.debugDescription))")
        }
        #expect(mismatches == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: sentinel.path).isEmpty, "\(mode): a value ran")
    }

    @Test(.timeLimit(.minutes(1))) func theManifestCommandDeliversEveryValueInEveryForm() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sentinel = try prepare(space)
        let result = try HPORunBinary.run(["--manifest", "exp.yml", "--experiment-dir", space.experiment.path], in: space.url)
        #expect(result.status == 0, "\(result.stderr)")
        try check(space.experiment, sentinel: sentinel, mode: "sh -c")
    }

    /// Typed in a shell after `--`: the shell removes the quotes and cuts the bare
    /// `{{ v }}` into three words; hporun joins them back.
    @Test(.timeLimit(.minutes(1))) func aTypedCommandDeliversEveryValueInEveryForm() throws {
        let space = try Workspace()
        defer { space.remove() }
        let sentinel = try prepare(space)
        let line = "'\(HPORunBinary.url.path)' --manifest exp.yml --experiment-dir runs/exp -- python3 argv.py "
            + Self.forms.joined(separator: " ") + " > out.txt 2> err.txt"
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", line]
        shell.currentDirectoryURL = space.url
        try shell.run()
        shell.waitUntilExit()
        let errors = (try? String(contentsOf: space.url.appendingPathComponent("err.txt"), encoding: .utf8)) ?? ""
        #expect(shell.terminationStatus == 0, "\(errors)")
        try check(space.experiment, sentinel: sentinel, mode: "argv")
    }

    /// A NUL byte cannot reach a program's arguments: refused by validate and by a run,
    /// naming the parameter and its place, before anything is created.
    @Test(.timeLimit(.minutes(1))) func aNulByteInAValueIsRefused() throws {
        let space = try Workspace()
        defer { space.remove() }
        _ = try space.manifest(steps: 2, hyperParameters: "  - {name: opt, string_values: [adam, \"ad\\0am\"]}")
        let validate = try HPORunBinary.run(["validate", "exp.yml"], in: space.url)
        #expect(validate.status == 2)
        #expect(validate.stderr.contains("exp.yml:11:39: a string value of 'opt' contains a NUL byte"), "\(validate.stderr)")
        let run = try HPORunBinary.run(
            ["--manifest", "exp.yml", "--experiment-dir", space.experiment.path, "--", "echo", "{{ opt }}"], in: space.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("a string value of 'opt' contains a NUL byte"))
        #expect(!FileManager.default.fileExists(atPath: space.experiment.path))
    }
}
