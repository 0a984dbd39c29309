import Foundation

extension EMetrics {
    /// Opens a writer, runs `body` with it and closes it on every path, errors included.
    /// An error of `body` wins over an error of closing.
    public static func with<Result>(
        subId: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        _ body: (EMetrics) throws -> Result
    ) throws -> Result {
        let metrics = try open(subId: subId, environment: environment)
        let result: Result
        do {
            result = try body(metrics)
        } catch {
            try? metrics.close()
            throw error
        }
        try metrics.close()
        return result
    }

    /// The async form of `with`: opens a writer, awaits `body` with it and closes it on
    /// every path, errors and cancellation included.
    public static func with<Result>(
        subId: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (EMetrics) async throws -> Result
    ) async throws -> Result {
        let metrics = try open(subId: subId, environment: environment)
        let result: Result
        do {
            result = try await body(metrics)
        } catch {
            try? metrics.close()
            throw error
        }
        try metrics.close()
        return result
    }
}
