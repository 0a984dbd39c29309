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
                                               written: ["accuracy", "loss", "top5"], trainRecords: 1)))
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
}
