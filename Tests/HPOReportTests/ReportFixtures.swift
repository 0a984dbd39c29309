import Foundation
import HPOKit
@testable import HPOReport

/// Experiments built in memory (experiment.json's record and trial records), for the unit
/// tests of the report; the end-to-end tests use real runs.
enum ReportFixtures {
    /// An experiment record as experiment.json holds it.
    static func experiment(name: String = "exp", objective: String = "accuracy", direction: String = "maximize",
                           steps: Int = 20, parameters: [(String, String)]) throws -> ExperimentRecord {
        let hyper = parameters.map { "{\"name\": \(ParameterValue.jsonString($0.0)), \"domain\": \(ParameterValue.jsonString($0.1))}" }
        let json = """
            {"name": \(ParameterValue.jsonString(name)), "hporunVersion": "0.1.0", "createdAt": "2026-11-29T10:00:00Z",
             "seed": 7, "manifestPath": "exp.yml",
             "method": {"name": "random", "objective": \(ParameterValue.jsonString(objective)), "direction": "\(direction)",
                        "objectiveStrategy": "last", "numOptimizerSteps": \(steps), "filename": "val_dict_list.json"},
             "hyperParameters": [\(hyper.joined(separator: ", "))],
             "command": ["python3", "train.py", "<b>bold</b>"]}
            """
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ExperimentRecord.self, from: Data(json.utf8))
    }

    /// A finished trial: `number`, its config, its objective (nil for a failed one) and a
    /// TEST history of `iterations` values rising to the objective.
    static func trial(_ number: Int, config: [(String, ParameterValue)], objective: Double?, metric: String = "accuracy",
                      iterations: Int = 5, state: TrialState = .completed, start: Double = 0, seconds: Double = 2) -> TrialRecord {
        var record = TrialRecord(subid: ExperimentDirectory.subid(number), point: [], config: Config(config))
        record.state = state
        record.objective = objective
        let origin = Date(timeIntervalSince1970: 1_800_000_000)
        record.startedAt = origin.addingTimeInterval(start)
        record.endedAt = state == .running ? nil : origin.addingTimeInterval(start + seconds)
        if state == .failed { record.failureReason = "exit status 1" }
        let final = objective ?? 0.1
        let history = (1...max(iterations, 1)).map {
            TestHistory.Entry(iteration: $0, value: final * Double($0) / Double(max(iterations, 1)))
        }
        record.testHistory = TestHistory(metrics: [metric: history])
        return record
    }
}
