import Foundation
@testable import HPOKit
import Testing

/// Relative paths resolved where they were typed, and the program checked, on real files.
@Suite struct CommandPathsTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)").path
        for directory in ["sub", "data dir", "bin"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + directory, withIntermediateDirectories: true)
        }
        for file in ["train.py", "sub/x.csv", "data dir/y.csv", "bin/trainer", "bin/notes"] {
            _ = FileManager.default.createFile(atPath: folder + "/" + file, contents: Data())
        }
        chmod(folder + "/bin/trainer", 0o755)
    }

    @Test func argvWordsNamingFilesBecomeAbsolute() {
        #expect(CommandPaths.resolving(
            ["python3", "train.py", "--data=sub/x.csv", "-v", "sub/../train.py", "absent.py", "{{ x }}", "data=sub",
             "/etc/hostname", "./sub/"], in: folder)
            == ["python3", folder + "/train.py", "--data=" + folder + "/sub/x.csv", "-v", folder + "/train.py",
                "absent.py", "{{ x }}", "data=" + folder + "/sub", "/etc/hostname", folder + "/sub/"])
        #expect(CommandPaths.resolving(["bin/trainer", "x"], in: folder) == [folder + "/bin/trainer", "x"])
        #expect(CommandPaths.resolving(["train.py"], in: folder) == ["train.py"])  // a program name, not a path
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func plainShellWordsAreResolvedAndQuotedWhenNeeded() {
        let line = #"python3 train.py --in="sub/x.csv" --d='data dir' data\ dir < sub/x.csv > train.py; bin/trainer sub {{ v }} $V"#
        #expect(CommandPaths.resolving(shellLine: line, in: folder)
            == "python3 \(folder)/train.py --in=\"sub/x.csv\" --d='data dir' data\\ dir < \(folder)/sub/x.csv > train.py; "
                + "\(folder)/bin/trainer \(folder)/sub {{ v }} $V")
        #expect(CommandPaths.resolving(shellLine: "cat y.csv", in: folder + "/data dir") == "cat '\(folder)/data dir/y.csv'")
        try? FileManager.default.removeItem(atPath: folder)
    }

    @Test func theProgramIsCheckedBeforeAnyTrial() {
        let path = folder + "/bin"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(CommandCheck.problem(in: .argv(["trainer", "x"]), path: path, directory: folder) == nil)
        #expect(CommandCheck.problem(in: .argv(["trainr"]), path: path, directory: folder)
            == .notOnPath(program: "trainr", path: path, suggestion: "trainer", fileHere: false))
        #expect(CommandCheck.problem(in: .argv(["train.py"]), path: path, directory: folder)
            == .notOnPath(program: "train.py", path: path, suggestion: nil, fileHere: true))
        #expect(CommandCheck.problem(in: .argv([folder + "/bin/notes"]), path: path, directory: folder)
            == .notExecutable(path: folder + "/bin/notes"))
        #expect(CommandCheck.problem(in: .argv([folder + "/sub"]), path: path, directory: folder) == .isDirectory(path: folder + "/sub"))
        #expect(CommandCheck.problem(in: .argv(["./gone"]), path: path, directory: folder) == .missing(path: "./gone"))
        #expect(CommandCheck.problem(in: .shell("X=1 trainr a"), path: path, directory: folder) != nil)
        #expect(CommandCheck.problem(in: .shell("cd sub && trainr"), path: path, directory: folder) == nil)  // a builtin
        #expect(CommandCheck.problem(in: .shell("${PY:-python3} x"), path: path, directory: folder) == nil)
        #expect(CommandCheck.problem(in: .argv(["{{ prog }}"]), path: path, directory: folder) == nil)
        let message = CommandError.notOnPath(program: "pythn3", path: "/usr/bin", suggestion: "python3", fileHere: false)
            .errorDescription ?? ""
        #expect(message.contains("'pythn3' is not a program on the PATH (/usr/bin); did you mean 'python3'?"))
    }
}
