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

extension MetricValue {
    /// A `Float` (e.g. a loss computed in single precision), widened to `Double` through its
    /// shortest decimal text, so `Float(0.1)` is written `0.1`, not `0.10000000149011612`.
    public init(_ value: Float) {
        self = .double(value.isFinite ? Double(value.description) ?? Double(value) : Double(value))
    }

    /// The value as text, the way Python's `str()` writes it: `12`, `0.91`, `1e-05`, `nan`,
    /// `inf`, `-inf`. This is the `"value"` of the wire object.
    public var text: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return Self.pythonText(value)
        case .string(let value): return value
        }
    }

    /// The wire object of PROTOCOL.md section 3, exactly as Python's `json.dumps` writes it:
    /// `{"type": 2, "value": "12"}`, `{"type": 3, "value": "0.91"}`, `{"value": "warmup"}`.
    var wireObject: String {
        switch self {
        case .int: return #"{"type": 2, "value": "# + JSONText.quoted(text) + "}"
        case .double: return #"{"type": 3, "value": "# + JSONText.quoted(text) + "}"
        case .string: return #"{"value": "# + JSONText.quoted(text) + "}"
        }
    }

    /// The value as a bare JSON value for `val_dict_list.json`: a number when it is one;
    /// a non-finite float is written as the string `"nan"`, `"inf"` or `"-inf"` so the file
    /// stays valid JSON (Python's `json.dumps` would write the invalid `NaN`).
    var bareJSON: String {
        switch self {
        case .int(let value): return String(value)
        case .double(let value): return value.isFinite ? Self.pythonText(value) : JSONText.quoted(text)
        case .string(let value): return JSONText.quoted(value)
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, fixed notation for exponents in
    /// -4..<16, else `1e+16` / `1e-05`. Swift's `description` already follows the same rule
    /// (held by a test against python3); only the non-finite spellings differ.
    static func pythonText(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return value.description
    }
}
