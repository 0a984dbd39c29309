import Foundation

/// One option of hyperopt's nested choice (`['choice', [{type: svm, C: [...]}, ...]]`), as
/// `config.json` shows it when the choice takes it: hyperopt hands the workflow the chosen
/// option itself, so a mapping becomes an object of its constants and its active parameters,
/// a plain value is written as it is, and an expression is its parameter's value.
///
/// The choice itself is a categorical parameter whose values are the options' labels; each
/// parameter of an option exists only when the choice takes that label (a `Condition`).
public struct NestedOption: Sendable, Hashable {
    public enum Shape: Sendable, Hashable {
        /// A plain value of the list.
        case value(ParameterValue)
        /// A mapping: its constant entries, in order, and the keys of its parameters.
        case object(constants: [Constant], keys: [String])
        /// An expression (`['randint', 10]`): its one parameter writes its value in the choice's place.
        case expression
    }

    public struct Constant: Sendable, Hashable {
        public var key: String
        public var value: ParameterValue

        public init(key: String, value: ParameterValue) {
            self.key = key
            self.value = value
        }
    }

    /// The choice's value when it takes this option (`svm`), as `status` and `{{ }}` show it.
    public var label: String
    public var shape: Shape

    public init(label: String, shape: Shape) {
        self.label = label
        self.shape = shape
    }

    /// Whether the JSON value read back from `config.json` is this option: a plain value
    /// equal to it; an object with exactly its constants and its parameters' keys; for an
    /// expression, any value (tried last; its parameter checks it).
    func matches(_ raw: Any) -> Bool {
        switch shape {
        case .value(let value):
            return (raw as? String).map { .string($0) == value }
                ?? ((raw as? NSNumber).map { ParameterEncoding.same(.double($0.doubleValue), value) } ?? false)
        case .object(let constants, let keys):
            guard let object = raw as? [String: Any],
                  Set(object.keys) == Set(constants.map(\.key) + keys) else { return false }
            return constants.allSatisfy { constant in
                guard let member = object[constant.key] else { return false }
                return NestedOption(label: label, shape: .value(constant.value)).matches(member)
            }
        case .expression:
            return true
        }
    }
}
