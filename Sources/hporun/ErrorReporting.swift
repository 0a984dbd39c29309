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

func printError(_ message: String) {
    StandardStreams.err(message + "\n")
}
