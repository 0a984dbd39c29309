import EMetrics
import Foundation
import Testing

/// The Swift writer and the Python writer (`Samples/quickstart/emetrics.py`, run by python3)
/// write the same bytes for the same records, but for the clock (`meta.time`, `time_stamp`).
@Suite(.serialized, .timeLimit(.minutes(1))) struct CrossWriterTests {
    typealias Record = (group: EMetrics.Group, iteration: Int, values: [(String, MetricValue)])

    /// Doubles over the whole range (random bit patterns, subnormals included), the edges of
    /// Python's fixed/exponent switch, ints at their limits, and awkward text.
    static func records() -> [Record] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var doubles: [Double] = [
            0, -0.0, 0.1, 0.912, 1e-4, 1e-5, 9.999e-5, 1e15, 1e16, 9_007_199_254_740_992, 123456789.123,
            .leastNonzeroMagnitude, .greatestFiniteMagnitude, .nan, .infinity, -.infinity, 1 / 3, 2.5e-8, 12,
        ]
        while doubles.count < 400 {
            let candidate = Double(bitPattern: next())
            if candidate.isFinite { doubles.append(candidate) }
            doubles.append(Double(next() % 1_000_000) / 1000)
        }
        let texts = ["warmup", "q\"b\\s/\n\t\u{1}\u{7f}", "é ü ß", "😀 emoji", "", "{\"json\": 1}"]
        var records: [Record] = []
        for (index, chunk) in stride(from: 0, to: doubles.count, by: 20).enumerated() {
            var values: [(String, MetricValue)] = doubles[chunk..<min(chunk + 20, doubles.count)].enumerated()
                .map { (String(format: "m%02d", $0.offset), .double($0.element)) }
            values.append(("ints", .int([0, -1, Int.max, Int.min, 64][index % 5])))
            values.append(("text é\(index % 3)", .string(texts[index % texts.count])))
            let group: EMetrics.Group = [.train, .test, .custom("holdout ü")][index % 3]
            records.append((group, index - 3, values))
        }
        return records
    }

    /// `records` as JSON that Python's `json.loads` reads back with the same types
    /// (bare `NaN`/`Infinity`, which Python accepts; floats always with `.` or `e`).
    static func pythonJSON(_ records: [Record]) -> String {
        func literal(_ value: MetricValue) -> String {
            switch value {
            case .int(let int): return String(int)
            case .string(let text): return Self.quoted(text)
            case .double(let double):
                if double.isNaN { return "NaN" }
                if double.isInfinite { return double < 0 ? "-Infinity" : "Infinity" }
                return double.description
            }
        }
        let items = records.map { record in
            let values = record.values.map { Self.quoted($0.0) + ": " + literal($0.1) }.joined(separator: ", ")
            return "[\(Self.quoted(record.group.label)), \(record.iteration), {\(values)}]"
        }
        return "[" + items.joined(separator: ",\n") + "]"
    }

    static func quoted(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    /// The line with the clock blanked out.
    static func withoutClock(_ line: String) -> String {
        line.replacing(/"time": \d+/, with: #""time": T"#)
            .replacing(/"time_stamp": \{"value": "[^"]*"\}/, with: #""time_stamp": S"#)
    }

    @Test func swiftAndPythonWritersWriteTheSameBytes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let records = Self.records()
        try Data(Self.pythonJSON(records).utf8).write(to: scratch.url.appendingPathComponent("records.json"))

        var pythonEnvironment = scratch.trialEnvironment()
        pythonEnvironment["LOG_DIR"] = scratch.path + "/python"
        pythonEnvironment["RESULT_DIR"] = scratch.path + "/python"
        try Python.run(
            """
            import json, sys
            from emetrics import EMetrics
            records = json.load(open(sys.argv[1]))
            with EMetrics.open() as em:
                for group, iteration, values in records:
                    em.record(group, iteration, values)
            """, arguments: [scratch.path + "/records.json"], environment: pythonEnvironment, scratch: scratch)

        var swiftEnvironment = pythonEnvironment
        swiftEnvironment["LOG_DIR"] = scratch.path + "/swift"
        swiftEnvironment["RESULT_DIR"] = scratch.path + "/swift"
        try FileManager.default.createDirectory(atPath: scratch.path + "/swift", withIntermediateDirectories: true)
        try EMetrics.with(environment: swiftEnvironment) { em in
            for record in records {
                try em.record(record.group, iteration: record.iteration, values: Dictionary(uniqueKeysWithValues: record.values))
            }
        }

        let python = completeLines(try scratch.text("python/0007/evaluation-metrics.txt"))
        let swift = completeLines(try scratch.text("swift/0007/evaluation-metrics.txt"))
        #expect(python.count == records.count)
        #expect(swift.count == records.count)
        for (p, s) in zip(python, swift) {
            #expect(Self.withoutClock(p) == Self.withoutClock(s))
            _ = try jsonObject(s)
        }
        let pythonResults = try scratch.text("python/val_dict_list.json")
        #expect(try scratch.text("swift/val_dict_list.json") == pythonResults)
        #expect(try jsonArray(pythonResults).count == records.count { $0.group == .test })
    }
}
