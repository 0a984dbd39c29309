import EMetrics
import Foundation
import Testing

/// The README's training-loop example, compiled and run here so it cannot drift from the API.
@Suite struct ReadmeExampleTests {
    @Test func theReadmeExampleRuns() throws {
        let folder = try makeScratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"learning_rate": 0.1, "epochs": 3}"#.utf8).write(to: folder.appendingPathComponent("config.json"))
        let environment = trialEnvironment(folder)

        // --- README example (the README drops `path:` and `environment:`) ---
        let hp = try HyperParameters(path: folder.appendingPathComponent("config.json").path)
        let learningRate = try hp.double("learning_rate")
        let epochs = try hp.int("epochs")
        var weight = 0.0
        try EMetrics.with(environment: environment) { em in
            for epoch in 1...epochs {
                weight += learningRate * (1 - weight)          // one "training" step
                let loss = (1 - weight) * (1 - weight)
                try em.record(.train, iteration: epoch, values: ["loss": .double(loss)])
                try em.record(.test, iteration: epoch, values: ["accuracy": .double(weight), "loss": .double(loss)])
            }
        }
        // --- end of example ---

        let history = try JSONSerialization.jsonObject(
            with: Data(contentsOf: folder.appendingPathComponent("0007/val_dict_list.json"))) as? [[String: Any]]
        #expect(history?.count == 3)
        #expect(history?.last?["accuracy"] as? Double == weight)
    }
}
