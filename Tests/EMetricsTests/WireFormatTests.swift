import EMetrics
import Foundation
import Testing

/// Golden tests: what EMetrics writes, parsed as JSON, has the protocol's structure field
/// by field (PROTOCOL.md section 3).
@Suite struct WireFormatTests {
    @Test func recordLinesFollowTheProtocol() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        try EMetrics.with(environment: trialEnvironment(folder)) { em in
            try em.record(.train, iteration: 1, values: ["loss": 0.5, "batches": 12])
            try em.record(.test, iteration: 1, values: ["accuracy": 0.912, "loss": 0.31, "phase": "warmup"])
        }
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let lines = try parsedLines(folder.appendingPathComponent("0007/evaluation-metrics.txt"))
        #expect(lines.count == 2)

        let test = lines[1]
        #expect(Set(test.keys) == ["meta", "grouplabel", "etimes", "values"])
        let meta = try #require(test["meta"] as? [String: Any])
        #expect(meta["training_id"] as? String == "exp1")
        #expect(meta["rindex"] as? Int == 2)
        #expect(meta["subid"] as? String == "0007")
        let time = try #require(meta["time"] as? Int64)
        #expect(time >= before && time <= after)
        #expect(test["grouplabel"] as? String == "test")
        let etimes = try #require(test["etimes"] as? [String: [String: Any]])
        #expect(etimes["iteration"]?["type"] as? Int == 2)
        #expect(etimes["iteration"]?["value"] as? String == "1")
        let stamp = try #require(etimes["time_stamp"]?["value"] as? String)
        #expect(stamp.count == 24 && stamp.hasSuffix("Z") && stamp.contains("T"))
        let values = try #require(test["values"] as? [String: [String: Any]])
        #expect(values["accuracy"]?["type"] as? Int == 3)
        #expect(values["accuracy"]?["value"] as? String == "0.912")
        #expect(values["phase"]?["value"] as? String == "warmup")
        #expect(values["phase"]?["type"] == nil)

        let train = lines[0]
        #expect(train["grouplabel"] as? String == "train")
        let trainValues = try #require(train["values"] as? [String: [String: Any]])
        #expect(trainValues["batches"]?["type"] as? Int == 2)
        #expect(trainValues["batches"]?["value"] as? String == "12")
    }

    @Test func theLineHasTheSpacingOfPythonsJsonDumps() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try EMetrics.with(environment: trialEnvironment(folder)) { em in
            try em.record(.test, iteration: 3, values: ["accuracy": 0.5])
        }
        let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent("0007/evaluation-metrics.txt")),
                          as: UTF8.self)
        var normalized = text.replacingOccurrences(
            of: #""time": [0-9]+"#, with: #""time": T"#, options: .regularExpression)
        normalized = normalized.replacingOccurrences(
            of: #""value": "[0-9]{4}-[^"]*Z""#, with: #""value": "S""#, options: .regularExpression)
        #expect(normalized == #"{"meta": {"training_id": "exp1", "time": T, "rindex": 1, "subid": "0007"}, "#
            + #""grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "3"}, "time_stamp": "#
            + #"{"value": "S"}}, "values": {"accuracy": {"type": 3, "value": "0.5"}}}"# + "\n")
    }

    @Test func valDictListHoldsTheTestHistory() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try EMetrics.with(environment: trialEnvironment(folder)) { em in
            for epoch in 1...3 {
                try em.record(.train, iteration: epoch, values: ["loss": 9.0])
                try em.record(.test, iteration: epoch, values: ["accuracy": .double(Double(epoch) / 10), "n": 4])
            }
        }
        let data = try Data(contentsOf: folder.appendingPathComponent("0007/val_dict_list.json"))
        let history = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(history.count == 3)
        #expect(history.map { $0["steps"] as? Int } == [1, 2, 3])
        #expect(history.map { $0["accuracy"] as? Double } == [0.1, 0.2, 0.3])
        #expect(history.allSatisfy { $0["n"] as? Int == 4 && $0["loss"] == nil })
    }

    @Test func nonFiniteValuesStayValidJSON() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try EMetrics.with(environment: trialEnvironment(folder)) { em in
            try em.record(.test, iteration: 1, values: [
                "a": .double(.nan), "b": .double(.infinity), "c": .double(-.infinity),
            ])
        }
        let line = try #require(try parsedLines(folder.appendingPathComponent("0007/evaluation-metrics.txt")).first)
        let values = try #require(line["values"] as? [String: [String: Any]])
        #expect(values["a"]?["value"] as? String == "nan")
        #expect(values["b"]?["value"] as? String == "inf")
        #expect(values["c"]?["value"] as? String == "-inf")
        #expect(values["a"]?["type"] as? Int == 3)
        let history = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("0007/val_dict_list.json"))) as? [[String: Any]]
        #expect(history?.first?["a"] as? String == "nan")
    }

    @Test func folderResolutionFollowsTheProtocol() {
        #expect(MetricsLocation(subID: "0001", environment: ["LOG_DIR": "/x", "JOB_STATE_DIR": "/y"]).folder == "/x/0001")
        #expect(MetricsLocation(subID: "0001", environment: ["JOB_STATE_DIR": "/y"]).folder == "/y/logs/0001")
        #expect(MetricsLocation(subID: "0001", environment: [:]).folder == "/tmp/0001")
        #expect(MetricsLocation(subID: nil, environment: ["LOG_DIR": "/x"]).folder == "/x")
        #expect(MetricsLocation(subID: "1", environment: ["RESULT_DIR": "/r"]).historyFile == "/r/val_dict_list.json")
        #expect(MetricsLocation(subID: "1", environment: [:]).historyFile == "/tmp/val_dict_list.json")
    }

    @Test func withoutSubIDNoHistoryIsWrittenAndCloseIsIdempotent() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["LOG_DIR": folder.path, "RESULT_DIR": folder.path]
        let em = try EMetrics.open(environment: environment)
        try em.record(.test, iteration: 1, values: ["accuracy": 0.5])
        try em.close()
        try em.close()
        #expect(throws: EMetricsError.closed(path: folder.path + "/evaluation-metrics.txt")) {
            try em.record(.test, iteration: 2, values: ["accuracy": 0.6])
        }
        #expect(FileManager.default.fileExists(atPath: folder.path + "/evaluation-metrics.txt"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/val_dict_list.json"))
        let meta = try #require(try parsedLines(folder.appendingPathComponent("evaluation-metrics.txt")).first?["meta"]
            as? [String: Any])
        #expect(meta["subid"] == nil)
    }

    @Test func theScopedFormClosesWhenTheBodyThrows() throws {
        struct Stop: Error {}
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: Stop.self) {
            try EMetrics.with(environment: trialEnvironment(folder)) { em in
                try em.record(.test, iteration: 1, values: ["accuracy": 0.25])
                throw Stop()
            }
        }
        // Closing wrote the history even though the body failed.
        let history = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("0007/val_dict_list.json"))) as? [[String: Any]]
        #expect(history?.first?["accuracy"] as? Double == 0.25)
    }

    @Test func customGroupsAreWrittenAsTheirLabel() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try EMetrics.with(environment: trialEnvironment(folder)) { em in
            try em.record("holdout", iteration: 1, values: ["accuracy": 0.5])
        }
        let line = try #require(try parsedLines(folder.appendingPathComponent("0007/evaluation-metrics.txt")).first)
        #expect(line["grouplabel"] as? String == "holdout")
    }
}
