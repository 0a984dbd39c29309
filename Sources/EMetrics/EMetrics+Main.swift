import Foundation

extension EMetrics {
    /// Runs a training program's body. When it throws, prints the error's message as one
    /// line on stderr, prefixed by the program's name, and exits with status 1, instead of
    /// Swift's crash report for an error thrown at top level (`Fatal error: Error raised at
    /// top level`, a backtrace, status 132):
    ///
    ///     EMetrics.main {
    ///         let settings = try HyperParameters().decode(Settings.self)
    ///         try EMetrics.with { em in ... }
    ///     }
    ///
    /// prints, for a `config.json` holding `{"fc": "abc"}`:
    ///
    ///     train: config.json: 'fc' is the string "abc", not an integer
    ///
    /// hporun keeps that line in the trial's `stderr.log` and the trial fails with status 1.
    /// When the body returns, `main` returns.
    public static func main(_ body: () throws -> Void) {
        do {
            try body()
        } catch {
            exit(reporting: error)
        }
    }

    /// The async form of `main`, for training code that awaits.
    public static func main(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
        } catch {
            exit(reporting: error)
        }
    }

    /// The line `main` prints for `error`, without the program's name: the message of a
    /// `LocalizedError` (every error of `HyperParameters` and `EMetrics` is one), otherwise
    /// the error as `String(describing:)` writes it.
    public static func message(for error: any Error) -> String {
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            return description
        }
        return String(describing: error)
    }

    private static func exit(reporting error: any Error) -> Never {
        let program = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } ?? "training"
        let line = "\(program): \(message(for: error))\n"
        try? FileHandle.standardError.write(contentsOf: Data(line.utf8))
        Foundation.exit(1)
    }
}
