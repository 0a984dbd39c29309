import Foundation
import Subprocess

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Slurm's client commands (`sbatch`, `squeue`, `scancel`), found on the PATH once and run
/// with arguments as an array: nothing goes through a shell.
struct SlurmCommands: Sendable {
    let sbatch: String
    let squeue: String
    let scancel: String

    /// What a client command printed and how it ended.
    struct Output: Sendable {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var succeeded: Bool { status == 0 }
        /// Slurm's own words about a failure, on one line.
        var message: String {
            let text = standardError.isEmpty ? standardOutput : standardError
            let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.isEmpty ? "exit status \(status)" : lines.joined(separator: "; ")
        }
    }

    /// Finds the three commands on `path`; the error names the missing ones.
    init(path: String?) throws(LaunchError) {
        var found: [String: String] = [:]
        for name in ["sbatch", "squeue", "scancel"] {
            if let location = LocalLauncher.search(name, in: path) { found[name] = location }
        }
        let missing = ["sbatch", "squeue", "scancel"].filter { found[$0] == nil }
        guard missing.isEmpty, let sbatch = found["sbatch"], let squeue = found["squeue"],
              let scancel = found["scancel"] else {
            throw .slurmMissing(missing, path: path ?? "")
        }
        self.sbatch = sbatch
        self.squeue = squeue
        self.scancel = scancel
    }

    /// Runs one command to its end. A command that cannot start is reported as status 127
    /// with the reason, like a shell would.
    func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) async -> Output {
        let environmentSetting: Environment = environment.map { variables in
            Environment.custom(Dictionary(
                variables.compactMap { key, value in Environment.Key(rawValue: key).map { ($0, value) } },
                uniquingKeysWith: { $1 }))
        } ?? .inherit
        do {
            let result = try await Subprocess.run(
                .path(FilePath(executable)), arguments: Arguments(arguments), environment: environmentSetting,
                input: .none, output: .string(limit: 1 << 20), error: .string(limit: 1 << 20))
            let status: Int32 = switch result.terminationStatus {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal
            }
            return Output(status: status, standardOutput: result.standardOutput,
                          standardError: result.standardError)
        } catch {
            return Output(status: 127, standardOutput: "", standardError: "cannot run \(executable): \(error)")
        }
    }

    /// Runs one command, given at most `limit`: then it is killed and the status is 124 (as
    /// timeout(1) says). scancel retries some refusals for a minute and a half on its own.
    func run(_ executable: String, _ arguments: [String], limit: Duration) async -> Output {
        await withTaskGroup(of: Output?.self) { group in
            group.addTask { await run(executable, arguments) }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? Output(status: 124, standardOutput: "",
                                   standardError: "\(executable) did not end within \(limit); it was stopped")
        }
    }
}
