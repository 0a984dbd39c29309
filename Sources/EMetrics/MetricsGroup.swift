/// The `grouplabel` of a record. hporun's optimizer reads only `.test` (validation or
/// held-out metrics); `.train` and custom labels are kept for people and tools.
public enum MetricsGroup: Sendable, Hashable, CustomStringConvertible {
    case train
    case test
    case custom(String)

    /// The label as written in the file: `"train"`, `"test"` or the custom text.
    public var label: String {
        switch self {
        case .train: "train"
        case .test: "test"
        case .custom(let label): label
        }
    }

    public var description: String { label }
}

extension MetricsGroup: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        switch value {
        case "train": self = .train
        case "test": self = .test
        default: self = .custom(value)
        }
    }
}
