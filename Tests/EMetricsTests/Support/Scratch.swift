import Foundation

/// A fresh temporary folder for one test, removed by `remove()` (call it in a `defer`).
struct Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("emetrics-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }

    /// The environment hporun gives a trial whose directory is `<scratch>/trials/<subId>`.
    func trialEnvironment(subId: String = "0007", trainingId: String = "exp1") -> [String: String] {
        [
            "SUBID": subId, "LOG_DIR": path + "/trials", "RESULT_DIR": path + "/trials/" + subId,
            "JOB_STATE_DIR": path, "TRAINING_ID": trainingId,
        ]
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try Data(contentsOf: url.appendingPathComponent(relative)), as: UTF8.self)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path)
    }
}

/// Lines of a metrics log (each `\n`-terminated line, without its `\n`).
func completeLines(_ text: String) -> [String] {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    lines.removeLast()  // what follows the last "\n": empty when the file ends on a line end
    return lines
}

/// `text` parsed strictly as a JSON object (Foundation's parser: no NaN, no trailing junk).
func jsonObject(_ text: String) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let object = value as? [String: Any] else { throw JSONShapeError(text: text) }
    return object
}

func jsonArray(_ text: String) throws -> [[String: Any]] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let array = value as? [[String: Any]] else { throw JSONShapeError(text: text) }
    return array
}

struct JSONShapeError: Error { let text: String }
