/// One JSON value of `config.json`, decoded without losing its kind: JSON `true` stays a
/// boolean and `64` an integer (Foundation's `JSONSerialization` gives `NSNumber` for all
/// three on Linux, where `true as? Int` and `1 as? Bool` both succeed).
enum ConfigValue: Sendable, Decodable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([ConfigValue])
    case object([String: ConfigValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ConfigValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ConfigValue].self))
        }
    }

    /// What the value is, for error messages: `the string "abc"`, `the number 64.5`.
    var phrase: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "the boolean \(value)"
        case .int(let value): return "the number \(value)"
        case .double(let value): return "the number \(value)"
        case .string(let value): return "the string \(JSONText.quoted(value))"
        case .array(let items): return "a list of \(items.count) values"
        case .object: return "an object"
        }
    }
}
