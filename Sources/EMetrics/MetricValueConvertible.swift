/// A type `record` accepts as a metric value, so a dictionary of plain variables and
/// literals just works: `["loss": loss, "accuracy": 0.91, "epoch_time": 12, "phase": "warmup"]`.
/// `Int`, `Int32`, `Int64`, `Double`, `Float`, `String` and `MetricValue` conform.
public protocol MetricValueConvertible {
    /// The value as the wire format carries it.
    var metricValue: MetricValue { get }
}

extension MetricValue: MetricValueConvertible {
    public var metricValue: MetricValue { self }
}

extension Int: MetricValueConvertible {
    public var metricValue: MetricValue { .int(self) }
}

extension Int32: MetricValueConvertible {
    public var metricValue: MetricValue { .int(Int(self)) }
}

extension Int64: MetricValueConvertible {
    public var metricValue: MetricValue { .int(Int(self)) }
}

extension Double: MetricValueConvertible {
    public var metricValue: MetricValue { .double(self) }
}

extension Float: MetricValueConvertible {
    public var metricValue: MetricValue { MetricValue(self) }
}

extension String: MetricValueConvertible {
    public var metricValue: MetricValue { .string(self) }
}
