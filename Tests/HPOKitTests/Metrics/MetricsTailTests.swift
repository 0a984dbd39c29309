import Foundation
import HPOKit
import Testing

@Suite struct MetricsTailTests {
    let folder: URL
    let file: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        file = folder.appendingPathComponent("evaluation-metrics.txt")
    }

    func append(_ text: String) throws {
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        _ = try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    static func line(_ group: String, _ iteration: Int, _ accuracy: String) -> String {
        #"{"meta": {"rindex": 1}, "grouplabel": "\#(group)", "etimes": {"iteration": {"type": 2, "value": "\#(iteration)"}}, "values": {"accuracy": {"type": 3, "value": "\#(accuracy)"}}}"#
            + "\n"
    }

    @Test func readsOnlyNewBytesAndWaitsForAPartialLinesEnd() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        var tail = MetricsTail(path: file.path)
        #expect(tail.poll().isEmpty, "no file yet")
        let first = Self.line("test", 1, "0.5")
        try append(first + String(Self.line("test", 2, "0.6").prefix(40)))
        #expect(tail.poll() == [MetricRecord(group: "test", iteration: 1, values: ["accuracy": 0.5])])
        #expect(tail.poll().isEmpty, "half a line is not a record")
        try append(String(Self.line("test", 2, "0.6").dropFirst(40)))
        #expect(tail.poll() == [MetricRecord(group: "test", iteration: 2, values: ["accuracy": 0.6])])
        #expect(tail.recordCount == 2 && tail.skippedLines == 0)
    }

    @Test func garbageBlankAndNonJSONLinesAreSkippedAndCounted() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try append("not json\n\n{\"values\": 3}\n[1, 2]\n" + Self.line("test", 1, "0.7") + "{\"grouplabel\": \"test\"\n")
        var tail = MetricsTail(path: file.path)
        #expect(tail.poll().map(\.values) == [["accuracy": 0.7]])
        #expect(tail.skippedLines == 5)
    }

    /// An iteration given as a string holding a whole number is that number; one that is
    /// not (text, a boolean, a number too large) skips the line, with why, rather than
    /// putting its values at iteration 0. None, or null, is iteration 0.
    @Test func anIterationThatIsNotANumberSkipsTheLine() {
        func read(_ iteration: String) -> MetricRecord.Reading {
            MetricRecord.read(Array(#"{"grouplabel": "test", "etimes": {"iteration": \#(iteration)}, "values": {"accuracy": 0.5}}"#.utf8))
        }
        func at(_ iteration: Int) -> MetricRecord.Reading {
            .record(MetricRecord(group: "test", iteration: iteration, values: ["accuracy": 0.5]))
        }
        #expect(read("3") == at(3))
        #expect(read(#""3""#) == at(3))
        #expect(read(#"" 3""#) == at(3), "the general parser trims it, as it does values")
        #expect(read(#"{"type": 2, "value": "3"}"#) == at(3))
        #expect(read("3.0") == at(3))
        #expect(read("null") == at(0))
        #expect(MetricRecord.read(Array(#"{"grouplabel": "test", "values": {"accuracy": 0.5}}"#.utf8)) == at(0))
        #expect(read(#""epoch 3""#) == .skipped(.iterationNotANumber(#""epoch 3""#)))
        #expect(read(#"{"type": 2, "value": "epoch 3"}"#) == .skipped(.iterationNotANumber(#"{"type":2,"value":"epoch 3"}"#)))
        #expect(read("true") == .skipped(.iterationNotANumber("true")))
        #expect(read("1e300") == .skipped(.iterationNotANumber("1e+300")))
        #expect(read(#""\#(String(repeating: "x", count: 100))""#)
                == .skipped(.iterationNotANumber("\"" + String(repeating: "x", count: 38) + "…")))
        #expect(MetricRecord.parse(Array(#"{"grouplabel": "test", "etimes": {"iteration": "epoch 3"}, "values": {"a": 1}}"#.utf8)) == nil)
        // The fast parser says it as the general one does (an escape in the group sends the line there).
        for iteration in [#""epoch 3/10""#, #""3 of 10""#, #""""#] {
            let fast = #"{"grouplabel": "test", "etimes": {"iteration": \#(iteration)}, "values": {"a": 1}}"#
            let general = fast.replacingOccurrences(of: #""test""#, with: #""t\u0065st""#)
            #expect(MetricRecord.read(Array(fast.utf8)) == .skipped(.iterationNotANumber(iteration)))
            #expect(MetricRecord.read(Array(general.utf8)) == .skipped(.iterationNotANumber(iteration)))
        }
    }

    /// The tail counts such a line with the other skipped ones, and names the first skipped
    /// line (its number in the file, why); a file read again from its start forgets it.
    @Test func theFirstSkippedLineIsNamedWithWhy() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let epoch = #"{"grouplabel": "test", "etimes": {"iteration": "epoch 2"}, "values": {"accuracy": 0.9}}"# + "\n"
        try append(Self.line("test", 1, "0.5") + epoch + "not json\n" + Self.line("test", 3, "0.7"))
        var tail = MetricsTail(path: file.path)
        #expect(tail.firstSkipped == nil)
        #expect(tail.poll().map(\.iteration) == [1, 3], "the values of line 2 are not put at iteration 0")
        #expect(tail.skippedLines == 2)
        #expect(tail.firstSkipped == SkippedLine(line: 2, reason: .iterationNotANumber(#""epoch 2""#)))
        #expect(tail.firstSkipped?.why() == #"its etimes.iteration is "epoch 2", not a number; "#
                + #"write it as a number: 3, or {"type": 2, "value": "3"}"#)
        try append("\n")
        _ = tail.poll()
        #expect(tail.firstSkipped?.line == 2, "the first stays the first")
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.close()
        try append(Self.line("test", 1, "0.5") + "garbage\n")
        _ = tail.poll()
        #expect(tail.firstSkipped == SkippedLine(line: 2, reason: .notARecord), "counted in the file as it is now")
    }

    @Test func aTruncatedOrReplacedFileIsReadAgainFromTheStart() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try append(Self.line("test", 1, "0.1") + Self.line("test", 2, "0.2"))
        var tail = MetricsTail(path: file.path)
        #expect(tail.poll().count == 2)
        try Data(Self.line("test", 3, "0.3").utf8).write(to: file)  // replaced (atomic write: new inode)
        #expect(tail.poll().map(\.iteration) == [3])
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 0)
        try handle.close()
        #expect(tail.poll().isEmpty)  // the tail notices the file shrank
        try append(Self.line("test", 4, "0.4"))
        #expect(tail.poll().map(\.iteration) == [4])
    }

    @Test func valuesCanBeBareNumbersStringsOrObjects() {
        let line = #"{"grouplabel": "TEST", "etimes": {"iteration": 7}, "values": {"a": 0.5, "b": "0.25", "c": {"value": "nan"}, "d": "text", "e": {"type": 2, "value": "3"}, "f": true}}"#
        let record = MetricRecord.parse(Array(line.utf8))
        #expect(record?.group == "test" && record?.iteration == 7)
        #expect(record?.values["a"] == 0.5 && record?.values["b"] == 0.25 && record?.values["e"] == 3)
        #expect(record?.values["c"]?.isNaN == true)
        #expect(record?.values["d"] == nil && record?.values["f"] == nil)
    }

    /// The fast parser and the JSONSerialization fallback agree, including on lines only
    /// the fallback can read (escapes in strings).
    @Test func escapedStringsFallBackToTheGeneralParser() {
        let escaped = #"{"grouplabel": "test", "meta": {"training_id": "a\"b"}, "values": {"acc\u0075racy": 0.5}}"#
        #expect(MetricRecord.parse(Array(escaped.utf8))?.values == ["accuracy": 0.5])
        let pythonNaN = #"{"grouplabel": "test", "values": {"loss": NaN, "accuracy": Infinity}}"#
        let record = MetricRecord.parse(Array(pythonNaN.utf8))
        #expect(record?.values["loss"]?.isNaN == true && record?.values["accuracy"] == .infinity)
    }
}

@Suite struct ObjectiveRuleTests {
    func history(_ values: [Double], metric: String = "accuracy") -> TestHistory {
        TestHistory(metrics: [metric: values.enumerated().map { .init(iteration: $0.offset + 1, value: $0.element) }])
    }

    @Test func bestFollowsTheDirectionAndLastTakesTheLast() throws {
        let values = history([0.5, 0.9, 0.7])
        #expect(try ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .best).objective(emetrics: values, valDictList: nil).get() == 0.9)
        #expect(try ObjectiveRule(metric: "accuracy", direction: .minimize, strategy: .best).objective(emetrics: values, valDictList: nil).get() == 0.5)
        #expect(try ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .last).objective(emetrics: values, valDictList: nil).get() == 0.7)
    }

    @Test func emetricsWinsThenValDictListThenAReason() throws {
        let rule = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .best)
        #expect(try rule.objective(emetrics: history([0.6]), valDictList: history([0.99])).get() == 0.6)
        #expect(try rule.objective(emetrics: history([0.6], metric: "loss"), valDictList: history([0.8])).get() == 0.8)
        #expect(rule.objective(emetrics: TestHistory(), valDictList: nil) == .failure(.noRecords(
            metric: "accuracy", files: ["evaluation-metrics.txt", "val_dict_list.json"], written: [], trainRecords: 0)))
    }

    @Test func nonFiniteValuesFailUnlessBestHasAFiniteOne() throws {
        let best = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .best)
        let last = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .last)
        #expect(try best.objective(emetrics: history([0.4, .nan]), valDictList: nil).get() == 0.4)
        guard case .failure(.nonFinite) = last.objective(emetrics: history([0.4, .nan]), valDictList: nil) else {
            Issue.record("a NaN last value must fail")
            return
        }
        guard case .failure(.nonFinite) = best.objective(emetrics: history([.infinity]), valDictList: nil) else {
            Issue.record("only non-finite values must fail")
            return
        }
    }

    @Test func valDictListIsReadWithPythonsBareNaN() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vdl-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"[{"steps": 1, "accuracy": 0.5}, {"steps": 2, "accuracy": NaN, "note": "x"}, {"accuracy": 0.75}]"#.utf8).write(to: url)
        let history = try #require(ValDictListReader.read(url))
        let entries = try #require(history.metrics["accuracy"])
        #expect(entries.map(\.iteration) == [1, 2, 3])
        #expect(entries[0].value == 0.5 && entries[1].value.isNaN && entries[2].value == 0.75)
        #expect(ValDictListReader.read(url.appendingPathExtension("missing")) == nil)
    }
}
