import Foundation

/// One hyperparameter's value as it appears in `config.json`: the JSON type follows the
/// hyperparameter's kind (PROTOCOL.md section 2), so an int is never written as `64.0`.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)

    /// The value as JSON text: ints as integers, doubles in their shortest round-trip
    /// form (a grid value is rounded to the step's decimals before it gets here), strings
    /// quoted and escaped.
    public var jsonText: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): Self.jsonNumber(value)
        case .string(let value): Self.jsonString(value)
        }
    }

    /// The value as a person reads it (strings unquoted), e.g. for a `status` table.
    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .double(let value): Self.jsonNumber(value)
        case .string(let value): value
        }
    }

    /// The value as a Double when it is numeric.
    public var numericValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        case .string: nil
        }
    }

    /// A number as a person writes it in a manifest or a message: `2`, `0.005`, `1e-05`.
    public static func readable(_ value: Double) -> String {
        if let whole = Int(exactly: value), abs(whole) < 1_000_000_000 { return String(whole) }
        return jsonNumber(value)
    }

    static func jsonNumber(_ value: Double) -> String {
        // Swift's description is the shortest text that round-trips ("0.006", "1e-05");
        // both are valid JSON numbers. Non-finite values never reach config.json (the
        // space's ranges are finite), but guard anyway rather than write invalid JSON.
        guard value.isFinite else { return "null" }
        return value.description
    }

    public static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
