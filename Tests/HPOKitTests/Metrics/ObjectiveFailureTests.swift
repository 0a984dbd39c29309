import Foundation
import HPOKit
import Testing

/// A trial without the objective's TEST records is told which files were read and which
/// TEST metrics it did write.
@Suite struct ObjectiveFailureTests {
    @Test func aMetricUnderAnotherNameListsTheNamesWritten() {
        var method = Method(name: .random, objective: "acc", direction: .maximize, numOptimizerSteps: 3)
        method.filename = "history.json"
        var emetrics = TestHistory()
        emetrics.add(MetricRecord(group: "test", iteration: 1, values: ["loss": 0.3, "accuracy": 0.9]))
        emetrics.add(MetricRecord(group: "train", iteration: 1, values: ["acc": 0.8]))
        let fromFile = TestHistory(metrics: ["top5": [.init(iteration: 1, value: 0.99)]])
        let failure = ObjectiveRule(method).objective(emetrics: emetrics, valDictList: fromFile)
        #expect(failure == .failure(.noRecords(metric: "acc", files: ["evaluation-metrics.txt", "history.json"],
                                               written: ["accuracy", "loss", "top5"], trainRecords: 1,
                                               otherGroups: ["train"])))
        guard case .failure(let reason) = failure else { return }
        #expect(reason.description
            == "no TEST records for 'acc' in evaluation-metrics.txt or history.json; the trial wrote TEST accuracy, loss, top5")
        let nothing = ObjectiveRule(metric: "acc", direction: .maximize, strategy: .best).objective(emetrics: TestHistory(), valDictList: nil)
        guard case .failure(let none) = nothing else {
            Issue.record("an objective from nothing")
            return
        }
        #expect(none.description == "no TEST records for 'acc' in evaluation-metrics.txt or val_dict_list.json; the trial wrote no TEST records")
    }

    /// Records of a group of the trial's own (validation) or without a grouplabel: the
    /// reason names the groups written and the one read.
    @Test func recordsOfAnotherGroupAreNamed() {
        var emetrics = TestHistory()
        emetrics.add(MetricRecord(group: "train", iteration: 1, values: ["loss": 0.3]))
        emetrics.add(MetricRecord(group: "validation", iteration: 1, values: ["acc": 0.8]))
        emetrics.add(MetricRecord(group: "", iteration: 1, values: ["acc": 0.8]))
        let rule = ObjectiveRule(metric: "acc", direction: .maximize, strategy: .best)
        guard case .failure(let reason) = rule.objective(emetrics: emetrics, valDictList: nil) else {
            Issue.record("an objective from no TEST record")
            return
        }
        #expect(reason.description == "no TEST records for 'acc' in evaluation-metrics.txt or val_dict_list.json; the trial "
            + "wrote no TEST records (only 3 records with grouplabel 'train', 'validation', none; the objective is read "
            + "from grouplabel 'test')")
    }

    /// Lines of the emetrics file that are not records are counted: a trial that wrote its
    /// metrics in a format of its own learns why none counted.
    @Test func linesThatAreNotRecordsAreCounted() {
        let rule = ObjectiveRule(metric: "acc", direction: .maximize, strategy: .best)
        let failure = rule.objective(emetrics: TestHistory(), valDictList: nil, skippedLines: 3)
        guard case .failure(let reason) = failure else {
            Issue.record("an objective from nothing")
            return
        }
        #expect(reason.description == "no TEST records for 'acc' in evaluation-metrics.txt or val_dict_list.json; "
            + "the trial wrote no TEST records; 3 lines of evaluation-metrics.txt are not emetrics JSON records "
            + "(EMetrics' record writes them)")
        guard case .failure(let one) = rule.objective(emetrics: TestHistory(), valDictList: nil, skippedLines: 1) else { return }
        #expect(one.description.hasSuffix("; 1 line of evaluation-metrics.txt is not an emetrics JSON record (EMetrics' record writes them)"))
    }

    /// TEST records whose objective is text that is not a number ("93%", a list): the reason
    /// says so, instead of "the trial wrote no TEST records", in the log (both parsers) and
    /// in val_dict_list.json.
    @Test func anObjectiveWrittenAsTextIsNamed() throws {
        let rule = ObjectiveRule(metric: "accuracy", direction: .maximize, strategy: .best)
        let lines = [
            #"{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": "91%"}}"#,
            #"{"grouplabel": "test", "etimes": {"iteration": 2}, "values": {"accuracy": {"value": [0.9]}, "loss": 0.2}}"#,
            // Escapes send this line to the general parser.
            #"{"grouplabel": "test", "etimes": {"iteration": 3}, "values": {"accuracy": null}}"#,
            #"{"grouplabel": "train", "etimes": {"iteration": 3}, "values": {"accuracy": "n/a"}}"#,
        ]
        let records = try lines.map { try #require(MetricRecord.parse(Array($0.utf8))) }
        #expect(records.map(\.textValues) == [["accuracy"], ["accuracy"], ["accuracy"], []])
        var emetrics = TestHistory(keeping: "accuracy")
        for record in records { emetrics.add(record) }
        guard case .failure(let reason) = rule.objective(emetrics: emetrics, valDictList: nil) else {
            Issue.record("an objective from text")
            return
        }
        #expect(reason.description == "no TEST records for 'accuracy' in evaluation-metrics.txt or val_dict_list.json; "
            + "the trial wrote TEST loss, and TEST 'accuracy' only as values that are not numbers (text such as \"93%\", "
            + "a list, null): write each as a number (0.93, or the string \"0.93\")")
        // Kept in trial.json, for the closing hint and status.
        let coded = try JSONDecoder().decode(TestHistory.self, from: JSONEncoder().encode(emetrics))
        #expect(coded.textMetrics == ["accuracy"])

        // Only val_dict_list.json, with the objective as text; a text "steps" is not a metric.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("text-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try Data(#"[{"steps": "one", "accuracy": "93%"}, {"steps": 2, "accuracy": "94 %", "note": "x"}]"#.utf8).write(to: scratch)
        let fromFile = try #require(ValDictListReader.read(scratch, keeping: "accuracy"))
        #expect(fromFile.textMetrics == ["accuracy", "note"])
        guard case .failure(let fileReason) = rule.objective(emetrics: TestHistory(), valDictList: fromFile) else { return }
        #expect(fileReason.description.hasSuffix("the trial wrote TEST 'accuracy' only as values that are not numbers "
            + "(text such as \"93%\", a list, null): write each as a number (0.93, or the string \"0.93\")"))

        // Another metric as text does not matter: the reason is the usual one.
        var other = TestHistory()
        other.add(MetricRecord(group: "test", iteration: 1, values: ["acc": 0.5], textValues: ["note"]))
        guard case .failure(let plain) = rule.objective(emetrics: other, valDictList: nil) else { return }
        #expect(plain.description.hasSuffix("the trial wrote TEST acc"))
    }
}
