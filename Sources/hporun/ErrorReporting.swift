import ArgumentParser
import Foundation
import HPOKit

/// The exit statuses of hporun (README "Exit status", `hporun help run`).
enum ExitStatus {
    /// Every trial failed, or the first trials failed the same way.
    static let failed: Int32 = 1
    /// Bad input: a manifest, a flag, a directory that is not an experiment or cannot hold
    /// one, a directory another hporun holds, a resume that would change the experiment, a
    /// launcher that cannot work here.
    static let badInput: Int32 = 2
    /// A file could not be written during a run (disk full, a failing disk): EX_IOERR.
    static let ioError: Int32 = 74
    static let interrupted: Int32 = 130
    /// SIGHUP: hporun ended and left its trials running, for the same command to follow.
    static let hungUp: Int32 = 129
}

/// The one place where errors become messages and exit codes. Every message says what,
/// where and what to do, in plain words: Foundation's own ("The operation could not be
/// completed", "NSCocoaErrorDomain error 512") never reach the user.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TrialStoreError {
        printError("hporun: " + (error.errorDescription ?? "\(error)"))
        throw ExitCode(exitStatus(for: error))
    } catch let error as LaunchError {
        printError("hporun: " + (error.errorDescription ?? "\(error)"))
        throw ExitCode(ExitStatus.badInput)
    } catch let error as ManifestErrors {
        printError(error.errorDescription ?? "\(error)")
        throw ExitCode(ExitStatus.badInput)
    } catch where isArgumentParserError(error) {
        throw error
    } catch {
        // A file error from Foundation: its error number in words, never Foundation's text.
        if let code = FileProblem.posixCode(of: error) {
            let path = (error as NSError).userInfo[NSFilePathErrorKey] as? String ?? "a file"
            let problem = FileProblem(.write, path: path, code: code)
            printError("hporun: \(problem)")
            throw ExitCode(problem.isBadInput ? ExitStatus.badInput : ExitStatus.ioError)
        }
        printError("hporun: \(error)")
        throw ExitCode(ExitStatus.failed)
    }
}

/// How a run that ended without an error exits: by why it stopped, and whether any trial
/// of the experiment completed.
func exitStatus(after summary: RunSummary) -> Int32 {
    switch summary.stopReason {
    case .interrupted: ExitStatus.interrupted
    case .launcherRefused: ExitStatus.badInput
    case .sameFailure: ExitStatus.failed
    default: summary.completed.isEmpty ? ExitStatus.failed : 0
    }
}

func exitStatus(for error: TrialStoreError) -> Int32 {
    switch error {
    case .locked, .mismatch, .notAnExperiment, .corrupt, .refusedWarmStart: ExitStatus.badInput
    case .file(let problem): problem.isBadInput ? ExitStatus.badInput : ExitStatus.ioError
    case .io: ExitStatus.ioError
    }
}

/// ArgumentParser's own errors (usage, validation, an exit code) go to its reporting.
private func isArgumentParserError(_ error: any Error) -> Bool {
    error is ExitCode || error is ValidationError || error is CleanExit
}

/// Writes a message to stderr, its lines escaped for the terminal (`TerminalText`): an error
/// may quote a path, a command or a value.
func printError(_ message: String) {
    RawOutput.write(TerminalText.escapedLines(message) + "\n", to: STDERR_FILENO)  // a closed stderr stops nothing
}
