import Foundation

/// `val_dict_list.json`: the TEST history as a JSON array, one object per TEST record with
/// its iteration as `steps`: `[{"steps": 1, "accuracy": 0.6}, {"steps": 2, ...}]`.
enum ValDictList {
    static func text(_ history: [[String: MetricValue]]) -> String {
        let entries = history.map { entry in
            // `steps` first, then the metrics by name, as the Python writer orders them.
            let keys = ["steps"] + entry.keys.filter { $0 != "steps" }.sorted()
            let fields = keys.compactMap { key in entry[key].map { "\(RecordLine.quoted(key)): \(json($0))" } }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        return "[" + entries.joined(separator: ", ") + "]\n"
    }

    /// Numbers as JSON numbers; a non-finite double as the text `"nan"`/`"inf"` (bare NaN
    /// is not JSON); strings as strings.
    static func json(_ value: MetricValue) -> String {
        switch value {
        case .int(let int): String(int)
        case .double(let double) where double.isFinite: double.description
        case .double(let double): RecordLine.quoted(RecordLine.text(double))
        case .string(let string): RecordLine.quoted(string)
        }
    }

    /// Written to a temp file and renamed, so a reader sees the old file or the new one.
    static func write(_ history: [[String: MetricValue]], to path: String) throws {
        do {
            try Data(text(history).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EMetricsError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }
}
