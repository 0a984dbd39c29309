import Foundation

/// Formats one emetrics record as one JSON line, in the shape and spacing that Python's
/// `json.dumps` gives IBM's writer (`", "` and `": "` separators), keys in a fixed order:
/// meta, grouplabel, etimes, values; metric names sorted so equal records give equal bytes.
///
/// ```json
/// {"meta": {"training_id": "exp1", "time": 1700000000123, "rindex": 1, "subid": "0007"}, "grouplabel": "test", "etimes": {"iteration": {"type": 2, "value": "3"}, "time_stamp": {"value": "2023-11-14T22:13:20.123Z"}}, "values": {"accuracy": {"type": 3, "value": "0.912"}}}
/// ```
enum RecordLine {
    static func format(
        trainingID: String, timeMilliseconds: Int64, rindex: Int, subID: String?,
        group: MetricsGroup, iteration: Int, values: [String: MetricValue]
    ) -> String {
        var meta = "\"training_id\": \(quoted(trainingID)), \"time\": \(timeMilliseconds), \"rindex\": \(rindex)"
        if let subID { meta += ", \"subid\": \(quoted(subID))" }
        let etimes = "\"iteration\": {\"type\": 2, \"value\": \"\(iteration)\"}, "
            + "\"time_stamp\": {\"value\": \(quoted(timestamp(milliseconds: timeMilliseconds)))}"
        let body = values.keys.sorted().map { "\(quoted($0)): \(encode(values[$0]!))" }
            .joined(separator: ", ")
        return "{\"meta\": {\(meta)}, \"grouplabel\": \(quoted(group.label)), "
            + "\"etimes\": {\(etimes)}, \"values\": {\(body)}}\n"
    }

    /// `{"type": 2, "value": "12"}`, `{"type": 3, "value": "0.91"}` or `{"value": "text"}`.
    /// A non-finite double is written as Python's `str()` writes it (`"nan"`, `"inf"`,
    /// `"-inf"`) inside the value object, so the line stays valid JSON.
    static func encode(_ value: MetricValue) -> String {
        switch value {
        case .int(let int): "{\"type\": 2, \"value\": \"\(int)\"}"
        case .double(let double): "{\"type\": 3, \"value\": \(quoted(text(double)))}"
        case .string(let string): "{\"value\": \(quoted(string))}"
        }
    }

    /// A double as Python's `str()` gives it: shortest round-trip text, `nan`, `inf`, `-inf`.
    static func text(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }

    /// UTC ISO 8601 with milliseconds, derived from the record's own `time`.
    static func timestamp(milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
            Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec),
            Int(milliseconds % 1000))
    }

    /// A JSON string literal.
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
