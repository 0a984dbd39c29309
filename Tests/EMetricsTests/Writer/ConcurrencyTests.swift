import EMetrics
import Foundation
import Testing

/// Records from many tasks at once: every line whole, rindex unique and in file order.
@Suite struct ConcurrencyTests {
    @Test func concurrentRecordsFromManyTasksStayWholeLines() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let tasks = 16, perTask = 100
        let em = try EMetrics.open(environment: scratch.trialEnvironment())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    for step in 0..<perTask {
                        let note = String(repeating: "x", count: task * 40)
                        try em.record(task.isMultiple(of: 2) ? .test : .train, iteration: step, values: [
                            "task": task, "accuracy": Double(step) / 100, "note": note,
                        ])
                    }
                }
            }
            try await group.waitForAll()
        }
        try em.close()
        let lines = completeLines(try scratch.text("trials/0007/evaluation-metrics.txt"))
        #expect(lines.count == tasks * perTask)
        let indexes = try lines.map { try #require((try jsonObject($0)["meta"] as? [String: Any])?["rindex"] as? Int) }
        #expect(indexes == Array(1...(tasks * perTask)))
        let history = try jsonArray(try scratch.text("trials/0007/val_dict_list.json"))
        #expect(history.count == tasks / 2 * perTask)
    }
}
