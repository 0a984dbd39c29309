import Foundation

/// A trial's hyperparameters: name -> typed value, in the manifest's order. This is what
/// `config.json` holds, and what `SearchSpace.decode` gives for a point.
public struct Config: Sendable, Hashable {
    /// The names in the manifest's order.
    public private(set) var names: [String] = []
    public private(set) var values: [String: ParameterValue] = [:]

    public init() {}

    public init(_ entries: [(String, ParameterValue)]) {
        for (name, value) in entries { self[name] = value }
    }

    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set {
            if values[name] == nil, newValue != nil { names.append(name) }
            if newValue == nil { names.removeAll { $0 == name } }
            values[name] = newValue
        }
    }

    /// The entries in order.
    public var entries: [(name: String, value: ParameterValue)] {
        names.map { ($0, values[$0]!) }
    }

    /// `config.json`'s text: one JSON object, keys in the manifest's order, a newline at
    /// the end so `cat` leaves the prompt on its own line.
    public var jsonText: String {
        guard !names.isEmpty else { return "{}\n" }
        let body = entries.map { "  \(ParameterValue.jsonString($0.name)): \($0.value.jsonText)" }
        return "{\n" + body.joined(separator: ",\n") + "\n}\n"
    }
}
