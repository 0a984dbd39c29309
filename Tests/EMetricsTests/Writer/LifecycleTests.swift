import EMetrics
import Foundation
import Testing

/// Where the log goes, closing, the scoped forms and the errors.
@Suite struct LifecycleTests {
    @Test func folderFollowsTheProtocol() {
        #expect(EMetrics.folder(subId: "0007", environment: ["LOG_DIR": "/l", "JOB_STATE_DIR": "/j"]) == "/l/0007")
        #expect(EMetrics.folder(subId: "0007", environment: ["JOB_STATE_DIR": "/j"]) == "/j/logs/0007")
        #expect(EMetrics.folder(subId: "0007", environment: ["LOG_DIR": "", "JOB_STATE_DIR": "/j"]) == "/j/logs/0007")
        #expect(EMetrics.folder(subId: "0007", environment: [:]) == "/tmp/0007")
        #expect(EMetrics.folder(subId: nil, environment: [:]) == "/tmp")
        #expect(EMetrics.folder(subId: nil, environment: ["LOG_DIR": "/l"]) == "/l")
    }

    @Test func openCreatesTheFolderAndTakesSubIdFromTheEnvironment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let environment = ["JOB_STATE_DIR": scratch.path + "/exp", "SUBID": "0042"]
        let em = try EMetrics.open(environment: environment)
        #expect(em.subId == "0042")
        #expect(em.metricsPath == scratch.path + "/exp/logs/0042/evaluation-metrics.txt")
        #expect(em.resultsPath == "/tmp/val_dict_list.json")
        try em.record(.train, iteration: 1, values: ["loss": 1.5])
        try em.close()
        #expect(scratch.exists("exp/logs/0042/evaluation-metrics.txt"))

        let explicit = try EMetrics.open(subId: "0043", environment: environment)
        #expect(explicit.subId == "0043")
        try explicit.close()
        let none = try EMetrics.open(subId: "", environment: ["LOG_DIR": scratch.path, "SUBID": "0044"])
        #expect(none.subId == nil)
        #expect(none.metricsPath == scratch.path + "/evaluation-metrics.txt")
        try none.close()
    }

    @Test func closeIsIdempotentAndRecordAfterCloseIsAnError() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let em = try EMetrics.open(environment: scratch.trialEnvironment())
        try em.record(.test, iteration: 1, values: ["accuracy": 0.5])
        try em.close()
        #expect(em.isClosed)
        try em.close()
        #expect(throws: EMetricsError.closed(path: em.metricsPath)) {
            try em.record(.test, iteration: 2, values: ["accuracy": 0.6])
        }
        #expect(completeLines(try scratch.text("trials/0007/evaluation-metrics.txt")).count == 1)
        let message = EMetricsError.closed(path: em.metricsPath).localizedDescription
        #expect(message.contains(em.metricsPath))
    }

    @Test func reopeningAppends() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for run in 1...2 {
            try EMetrics.with(environment: scratch.trialEnvironment()) { em in
                try em.record(.test, iteration: run, values: ["accuracy": 0.5])
            }
        }
        let lines = completeLines(try scratch.text("trials/0007/evaluation-metrics.txt"))
        #expect(lines.count == 2)
    }

    struct Diverged: Error {}

    @Test func scopedFormClosesWhenTheBodyThrows() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var kept: EMetrics?
        #expect(throws: Diverged.self) {
            try EMetrics.with(environment: scratch.trialEnvironment()) { em in
                kept = em
                try em.record(.test, iteration: 1, values: ["accuracy": 0.25])
                throw Diverged()
            }
        }
        #expect(kept?.isClosed == true)
        #expect(try scratch.text("trials/0007/val_dict_list.json") == #"[{"steps": 1, "accuracy": 0.25}]"#)
    }

    @Test func asyncScopedFormClosesWhenTheBodyThrows() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let environment = scratch.trialEnvironment()
        let result = try await EMetrics.with(environment: environment) { em in
            try await Task.sleep(for: .milliseconds(1))
            try em.record(.test, iteration: 1, values: ["accuracy": 0.75])
            return em
        }
        #expect(result.isClosed)
        await #expect(throws: Diverged.self) {
            try await EMetrics.with(environment: environment) { em in
                try await Task.sleep(for: .milliseconds(1))
                try em.record(.test, iteration: 2, values: ["accuracy": 0.5])
                throw Diverged()
            }
        }
        #expect(completeLines(try scratch.text("trials/0007/evaluation-metrics.txt")).count == 2)
        #expect(try scratch.text("trials/0007/val_dict_list.json") == #"[{"steps": 2, "accuracy": 0.5}]"#)
    }

    @Test func unusableFolderIsAnErrorNamingIt() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        _ = FileManager.default.createFile(atPath: scratch.path + "/file", contents: Data("x".utf8))
        let folder = scratch.path + "/file/0007"
        #expect {
            try EMetrics.open(subId: "0007", environment: ["LOG_DIR": scratch.path + "/file"])
        } throws: { error in
            guard case .cannotCreateFolder(let path, let reason) = error as? EMetricsError else { return false }
            return path == folder && reason == scratch.path + "/file is a file, not a folder"
                && error.localizedDescription.hasPrefix("cannot create the metrics folder \(folder): ")
        }
    }

    @Test func unwritableResultFolderIsAnErrorOnClose() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var environment = scratch.trialEnvironment()
        environment["RESULT_DIR"] = scratch.path + "/missing"
        let em = try EMetrics.open(environment: environment)
        try em.record(.test, iteration: 1, values: ["accuracy": 0.5])
        #expect {
            try em.close()
        } throws: { error in
            guard case .cannotWriteResults(let path, _) = error as? EMetricsError else { return false }
            return path == scratch.path + "/missing/val_dict_list.json"
        }
        #expect(em.isClosed)
    }
}
