import Foundation

/// Reads `val_dict_list.json`, the TEST history training code may write instead of (or
/// besides) emetrics: `[{"steps": 1, "accuracy": 0.6}, {"steps": 2, ...}]`.
public enum ValDictListReader {
    /// The history, or nil when the file is missing or is not such a list.
    public static func read(_ url: URL) -> TestHistory? {
        guard let data = try? Data(contentsOf: url),
              let list = LenientJSON.object(data) as? [Any]
        else { return nil }
        var history = TestHistory()
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any] else { continue }
            let steps = entry["steps"].flatMap(MetricRecord.number).flatMap { Int(exactly: $0.rounded()) } ?? index + 1
            var values: [String: Double] = [:]
            for (name, raw) in entry where name != "steps" {
                if let value = MetricRecord.number(raw) { values[name] = value }
            }
            history.add(MetricRecord(group: "test", iteration: steps, values: values))
        }
        return history
    }
}
