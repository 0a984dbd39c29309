import ArgumentParser
import Foundation
import HPOKit

/// The one place where errors become messages and exit codes: bad input (a manifest, a
/// flag, a directory that belongs to another experiment or runner, a launcher that cannot
/// work here) exits 2; anything else 1.
func reportingErrors<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as TrialStoreError {
        printError("hporun: " + (error.errorDescription ?? "\(error)"))
        switch error {
        case .locked, .mismatch: throw ExitCode(2)
        case .io, .corrupt: throw ExitCode(1)
        }
    } catch let error as LaunchError {
        printError("hporun: " + (error.errorDescription ?? "\(error)"))
        throw ExitCode(2)
    } catch let error as ManifestErrors {
        printError(error.errorDescription ?? "\(error)")
        throw ExitCode(2)
    }
}

/// Writes a message to stderr, its lines escaped for the terminal (`TerminalText`): an error
/// may quote a path, a command or a value.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.escapedLines(message) + "\n").utf8))
}
