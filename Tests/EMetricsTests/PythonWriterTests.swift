import EMetrics
import Foundation
import Testing

/// The Python writer in Samples/quickstart/emetrics.py and the Swift library write the
/// same protocol: the same records give the same structure, field by field.
@Suite(.serialized) struct PythonWriterTests {
    @Test(.timeLimit(.minutes(1))) func pythonAndSwiftWritersAgree() throws {
        let swiftFolder = try makeScratchFolder(), pythonFolder = try makeScratchFolder()
        defer {
            try? FileManager.default.removeItem(at: swiftFolder)
            try? FileManager.default.removeItem(at: pythonFolder)
        }
        try EMetrics.with(environment: trialEnvironment(swiftFolder)) { em in
            try em.record(.train, iteration: 1, values: ["loss": 0.75, "batches": 3])
            try em.record(.test, iteration: 1, values: ["accuracy": 0.125, "loss": .double(.nan), "tag": "a\"b"])
            try em.record(.test, iteration: 2, values: ["accuracy": 1e-05, "loss": .double(.infinity), "tag": "c"])
        }
        let script = """
            import sys
            sys.path.insert(0, sys.argv[1])
            from emetrics import EMetrics
            with EMetrics.open() as em:
                em.record(EMetrics.TRAIN_GROUP, 1, {"loss": 0.75, "batches": 3})
                em.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.125, "loss": float("nan"), "tag": 'a"b'})
                em.record(EMetrics.TEST_GROUP, 2, {"accuracy": 1e-05, "loss": float("inf"), "tag": "c"})
            """
        let python = try startProcess(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", script, repositoryRoot.appendingPathComponent("Samples/quickstart").path],
            environment: trialEnvironment(pythonFolder))
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)

        let swiftLines = try parsedLines(swiftFolder.appendingPathComponent("0007/evaluation-metrics.txt"))
        let pythonLines = try parsedLines(pythonFolder.appendingPathComponent("0007/evaluation-metrics.txt"))
        #expect(swiftLines.count == 3 && pythonLines.count == 3)
        for (swiftLine, pythonLine) in zip(swiftLines, pythonLines) {
            #expect(normalized(swiftLine) == normalized(pythonLine))
        }
        let swiftHistory = try JSONSerialization.jsonObject(
            with: Data(contentsOf: swiftFolder.appendingPathComponent("0007/val_dict_list.json"))) as! NSArray
        let pythonHistory = try JSONSerialization.jsonObject(
            with: Data(contentsOf: pythonFolder.appendingPathComponent("0007/val_dict_list.json"))) as! NSArray
        #expect(swiftHistory == pythonHistory)
        #expect(swiftHistory.count == 2)
    }

    /// The record with its clock fields blanked, as comparable JSON text.
    private func normalized(_ line: [String: Any]) -> String {
        var line = line
        var meta = line["meta"] as! [String: Any]
        meta["time"] = 0
        line["meta"] = meta
        var etimes = line["etimes"] as! [String: Any]
        etimes["time_stamp"] = ["value": "-"]
        line["etimes"] = etimes
        let data = try! JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
