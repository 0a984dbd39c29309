import Foundation

/// The first line of a trial's emetrics file that was skipped, and why: recorded in its
/// trial.json (`firstSkippedMetricLine`) beside the count, so that what is said of the
/// skipped lines names one to look at.
public struct SkippedLine: Sendable, Codable, Equatable {
    /// Why a line is no record.
    public enum Reason: Sendable, Equatable {
        /// Blank, not JSON, no `values` object, nested too deep.
        case notARecord
        /// Longer than `MetricsTail.lineLimit`.
        case overlong
        /// Its `etimes.iteration` is not a whole number: as written (shortened).
        case iterationNotANumber(String)
    }

    /// 1-based, counted from the start of the file as it is now.
    public var line: Int
    public var reason: Reason

    public init(line: Int, reason: Reason) {
        self.line = line
        self.reason = reason
    }

    /// Why it was skipped: `not an emetrics JSON record`, `over 1 MiB`, `its etimes.iteration
    /// is "epoch 3", not a number; write it as a number: 3, or {"type": 2, "value": "3"}`.
    /// `value`: whether the iteration as written is said (not in a failure reason, which must
    /// read the same for the same failure in each trial: SameFailureRule).
    public func why(value: Bool = true) -> String {
        switch reason {
        case .notARecord: "not an emetrics JSON record"
        case .overlong: "over 1 MiB"
        case .iterationNotANumber(let text):
            "its etimes.iteration is " + (value ? text + ", " : "") + "not a number; "
                + #"write it as a number: 3, or {"type": 2, "value": "3"}"#
        }
    }

    /// A JSON value as `iterationNotANumber` says it: as JSON, at most 40 characters.
    static func shown(_ raw: Any) -> String {
        if let string = raw as? String { return shown(string: string) }
        let data = try? JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])
        return shortened(data.map { String(decoding: $0, as: UTF8.self) } ?? String(describing: raw))
    }

    /// A string as `shown` says it: in quotes, as JSON (`ParameterValue.jsonString`).
    static func shown(string: String) -> String {
        shortened(ParameterValue.jsonString(string))
    }

    private static func shortened(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(39)) + "…" : text
    }

    private enum CodingKeys: String, CodingKey {
        case line, reason, iteration
    }

    // trial.json: {"line": 3, "reason": "iteration", "iteration": "\"epoch 3\""}.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        line = try container.decode(Int.self, forKey: .line)
        switch try container.decode(String.self, forKey: .reason) {
        case "overlong": reason = .overlong
        case "iteration": reason = .iterationNotANumber(try container.decodeIfPresent(String.self, forKey: .iteration) ?? "?")
        default: reason = .notARecord
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(line, forKey: .line)
        switch reason {
        case .notARecord: try container.encode("not-a-record", forKey: .reason)
        case .overlong: try container.encode("overlong", forKey: .reason)
        case .iterationNotANumber(let text):
            try container.encode("iteration", forKey: .reason)
            try container.encode(text, forKey: .iteration)
        }
    }
}
