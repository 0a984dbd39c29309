import Foundation

/// One emetrics line as the runner needs it: its group, iteration and numeric values.
/// Text values are dropped (they cannot be an objective) and only their names are kept
/// (`textValues`), to say why a metric is missing; a value that is text but reads as a
/// number (`"0.91"`, `"nan"`) is kept as that number.
public struct MetricRecord: Sendable, Equatable {
    public var group: String
    public var iteration: Int
    public var values: [String: Double]
    /// The names of the values that are not numbers (`"93%"`, a list, null), of a TEST record.
    public var textValues: [String]

    public init(group: String, iteration: Int, values: [String: Double], textValues: [String] = []) {
        self.group = group
        self.iteration = iteration
        self.values = values
        self.textValues = textValues
    }

    /// Parses one line; nil for a line that is not an emetrics record (blank, not JSON,
    /// no `values` object, nested deeper than 64 levels, an iteration that is not a number).
    /// Accepts value objects (`{"type": 3, "value": "0.9"}`) and bare JSON numbers or strings
    /// in their place (PROTOCOL.md section 3).
    public static func parse<Bytes: Collection<UInt8>>(_ line: Bytes) -> MetricRecord? {
        if case .record(let record) = read(line) { return record }
        return nil
    }

    /// What one line is: a record, or why it is skipped.
    public enum Reading: Sendable, Equatable {
        case record(MetricRecord)
        case skipped(SkippedLine.Reason)
    }

    /// Reads one line as `parse` does, saying why a line that is no record is skipped. An
    /// `etimes.iteration` that is not a whole number (`"epoch 3"`, `true`; a string holding
    /// one, `"3"`, is 3) skips the line: its values at iteration 0 would mislead the pruners.
    /// None, or null, is iteration 0.
    public static func read<Bytes: Collection<UInt8>>(_ line: Bytes) -> Reading {
        switch line.withContiguousStorageIfAvailable(EMetricsLineParser.parse) {
        case .value(let record)?: return .record(record)
        case .tooDeep?: return .skipped(.notARecord)
        case .iterationNotANumber(let text)?: return .skipped(.iterationNotANumber(text))
        case .unknown?, nil: break
        }
        guard line.contains(where: { $0 > 0x20 }) else { return .skipped(.notARecord) }
        guard let object = LenientJSON.object(Data(line))
                as? [String: Any],
              let values = object["values"] as? [String: Any] else { return .skipped(.notARecord) }
        let group = (object["grouplabel"] as? String)?.lowercased() ?? ""
        var iteration = 0
        if let raw = (object["etimes"] as? [String: Any])?["iteration"], !(raw is NSNull) {
            guard let whole = number(raw).flatMap({ Int(exactly: $0.rounded()) }) else {
                return .skipped(.iterationNotANumber(SkippedLine.shown(raw)))
            }
            iteration = whole
        }
        var numbers: [String: Double] = [:]
        var texts: [String] = []
        for (name, raw) in values {
            if let value = number(raw) { numbers[name] = value } else if group == "test" { texts.append(name) }
        }
        return .record(MetricRecord(group: group, iteration: iteration, values: numbers, textValues: texts.sorted()))
    }

    /// A value object's or bare value's number, nil for text that is not a number.
    static func number(_ raw: Any) -> Double? {
        switch raw {
        case let object as [String: Any]:
            return object["value"].flatMap(number)
        case let text as String:
            return Double(text.trimmingCharacters(in: .whitespaces))
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            return type == "c" || type == "B" ? nil : number.doubleValue
        default:
            return nil
        }
    }
}
