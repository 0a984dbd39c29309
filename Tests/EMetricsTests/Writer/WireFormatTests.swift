import EMetrics
import Foundation
import Testing

/// Lines written by EMetrics against PROTOCOL.md section 3, field by field and byte by byte.
@Suite struct WireFormatTests {
    @Test func recordsAreTheProtocolsStructureFieldByField() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        try EMetrics.with(environment: scratch.trialEnvironment()) { em in
            try em.record(.train, iteration: 3, values: ["loss": 0.31, "epoch_time": 12])
            try em.record(.test, iteration: 3, values: ["accuracy": 0.912, "phase": "warmup"])
        }
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let lines = completeLines(try scratch.text("trials/0007/evaluation-metrics.txt"))
        #expect(lines.count == 2)

        let first = try jsonObject(lines[0])
        #expect(Set(first.keys) == ["meta", "grouplabel", "etimes", "values"])
        let meta = try #require(first["meta"] as? [String: Any])
        #expect(Set(meta.keys) == ["training_id", "time", "rindex", "subid"])
        #expect(meta["training_id"] as? String == "exp1")
        #expect(meta["subid"] as? String == "0007")
        #expect(meta["rindex"] as? Int == 1)
        let time = try #require(meta["time"] as? Int64)
        #expect(time >= before && time <= after)
        #expect(first["grouplabel"] as? String == "train")
        let etimes = try #require(first["etimes"] as? [String: [String: Any]])
        #expect(etimes["iteration"]?["type"] as? Int == 2)
        #expect(etimes["iteration"]?["value"] as? String == "3")
        let stamp = try #require(etimes["time_stamp"]?["value"] as? String)
        #expect(etimes["time_stamp"]?["type"] == nil)
        #expect(stamp.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+/) != nil)
        #expect(stamp.hasSuffix("." + String(time / 1000)))
        let values = try #require(first["values"] as? [String: [String: Any]])
        #expect(values["loss"]?["type"] as? Int == 3)
        #expect(values["loss"]?["value"] as? String == "0.31")
        #expect(values["epoch_time"]?["type"] as? Int == 2)
        #expect(values["epoch_time"]?["value"] as? String == "12")

        let second = try jsonObject(lines[1])
        #expect((second["meta"] as? [String: Any])?["rindex"] as? Int == 2)
        #expect(second["grouplabel"] as? String == "test")
        let testValues = try #require(second["values"] as? [String: [String: Any]])
        #expect(testValues["accuracy"]?["value"] as? String == "0.912")
        #expect(testValues["phase"]?.count == 1)
        #expect(testValues["phase"]?["value"] as? String == "warmup")
    }

    @Test func lineIsPythonsJSONDumpsByteForByte() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try EMetrics.with(environment: scratch.trialEnvironment()) { em in
            try em.record(.test, iteration: 3, values: ["loss": 0.31, "accuracy": 0.912])
        }
        let line = try #require(completeLines(try scratch.text("trials/0007/evaluation-metrics.txt")).first)
        let meta = try #require(try jsonObject(line)["meta"] as? [String: Any])
        let time = try #require(meta["time"] as? Int64)
        let stamp = try #require(line.firstMatch(of: /"time_stamp": \{"value": "([^"]+)"\}/)?.1)
        let expected = #"{"meta": {"training_id": "exp1", "time": \#(time), "rindex": 1, "subid": "0007"}, "#
            + #""grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "3"}, "#
            + #""time_stamp": {"value": "\#(stamp)"}}, "#
            + #""values": {"accuracy": {"type": 3, "value": "0.912"}, "loss": {"type": 3, "value": "0.31"}}}"#
        #expect(line == expected)
    }

    @Test func valDictListIsTheTestHistory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try EMetrics.with(environment: scratch.trialEnvironment()) { em in
            for step in 1...3 {
                try em.record(.train, iteration: step, values: ["accuracy": 0.5])
                try em.record(.test, iteration: step, values: ["accuracy": [0.6, 0.5, 0.9][step - 1], "loss": 1])
            }
            try em.record(.custom("holdout"), iteration: 4, values: ["accuracy": 0.1])
        }
        let text = try scratch.text("trials/0007/val_dict_list.json")
        #expect(text == #"[{"steps": 1, "accuracy": 0.6, "loss": 1}, {"steps": 2, "accuracy": 0.5, "loss": 1}, {"steps": 3, "accuracy": 0.9, "loss": 1}]"#)
        let history = try jsonArray(text)
        #expect(history.map { $0["steps"] as? Int } == [1, 2, 3])
        #expect(history.map { $0["accuracy"] as? Double } == [0.6, 0.5, 0.9])
        let groups = try completeLines(try scratch.text("trials/0007/evaluation-metrics.txt"))
            .map { try jsonObject($0)["grouplabel"] as? String }
        #expect(groups == ["train", "test", "train", "test", "train", "test", "holdout"])
    }

    @Test func valDictListIsNotWrittenWithoutSubIdOrTestRecords() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var environment = scratch.trialEnvironment()
        environment["SUBID"] = nil
        environment["RESULT_DIR"] = scratch.path + "/results"
        try FileManager.default.createDirectory(atPath: scratch.path + "/results", withIntermediateDirectories: true)
        try EMetrics.with(environment: environment) { em in
            #expect(em.subId == nil)
            #expect(em.metricsPath == scratch.path + "/trials/evaluation-metrics.txt")
            try em.record(.test, iteration: 1, values: ["accuracy": 0.5])
        }
        #expect(scratch.exists("trials/evaluation-metrics.txt"))
        #expect(!scratch.exists("results/val_dict_list.json"))

        environment["SUBID"] = "0002"
        try EMetrics.with(environment: environment) { em in
            try em.record(.train, iteration: 1, values: ["accuracy": 0.5])
        }
        #expect(!scratch.exists("results/val_dict_list.json"))
    }

    @Test func nonFiniteValuesAreTextInsideTheValueObject() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try EMetrics.with(environment: scratch.trialEnvironment()) { em in
            try em.record(.test, iteration: 1, values: [
                "a": Double.nan, "b": Double.infinity, "c": -Double.infinity, "d": 1e-5,
            ])
        }
        let line = try #require(completeLines(try scratch.text("trials/0007/evaluation-metrics.txt")).first)
        #expect(line.hasSuffix(#""values": {"a": {"type": 3, "value": "nan"}, "b": {"type": 3, "value": "inf"}, "c": {"type": 3, "value": "-inf"}, "d": {"type": 3, "value": "1e-05"}}}"#))
        _ = try jsonObject(line)
        let results = try scratch.text("trials/0007/val_dict_list.json")
        #expect(results == #"[{"steps": 1, "a": "nan", "b": "inf", "c": "-inf", "d": 1e-05}]"#)
        _ = try jsonArray(results)
    }

    @Test func textIsEscapedAsPythonDoes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tricky = "q\"b\\s/\n\t\u{1}é😀"
        try EMetrics.with(subId: "0001", environment: ["LOG_DIR": scratch.path, "RESULT_DIR": scratch.path]) { em in
            try em.record(.custom("val ü"), iteration: -2, values: [tricky: tricky])
        }
        let line = try #require(completeLines(try scratch.text("0001/evaluation-metrics.txt")).first)
        #expect(line.allSatisfy { $0.isASCII })
        #expect(line.contains(#""q\"b\\s/\n\t\u0001\u00e9\ud83d\ude00": {"value": "q\"b\\s/\n\t\u0001\u00e9\ud83d\ude00"}"#))
        let object = try jsonObject(line)
        #expect(object["grouplabel"] as? String == "val ü")
        #expect((object["values"] as? [String: [String: String]])?[tricky]?["value"] == tricky)
        #expect((object["meta"] as? [String: Any])?["training_id"] as? String == "")
    }

    @Test func metricNamesAreSortedByCodePoint() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try EMetrics.with(environment: scratch.trialEnvironment()) { em in
            try em.record(.test, iteration: 1, values: ["b": 1, "B": 2, "a": 3, "é": 4, "_": 5, "a1": 6])
        }
        let line = try #require(completeLines(try scratch.text("trials/0007/evaluation-metrics.txt")).first)
        let names = line.matches(of: /"([^"]+)": \{"type": 2/).map { String($0.1) }
        #expect(names == ["iteration", "B", "_", "a", "a1", "b", "\\u00e9"])
    }
}
