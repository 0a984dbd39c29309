/// One metric value as the emetrics wire format carries it (PROTOCOL.md section 3):
/// an integer (`{"type": 2, "value": "12"}`), a float (`{"type": 3, "value": "0.91"}`)
/// or text (`{"value": "..."}`). Literals just work: `["accuracy": 0.91, "epoch_time": 12]`.
public enum MetricValue: Sendable, Hashable {
    case int(Int)
    case double(Double)
    case string(String)
}

extension MetricValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension MetricValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension MetricValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}
