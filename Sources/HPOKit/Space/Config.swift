import Foundation

/// A trial's hyperparameters: name -> typed value, in the manifest's order. This is what
/// `config.json` holds, and what `SearchSpace.decode` gives for a point. A conditional
/// parameter that is inactive has no entry.
public struct Config: Sendable, Hashable {
    /// The names in the manifest's order.
    public private(set) var names: [String] = []
    public private(set) var values: [String: ParameterValue] = [:]
    /// The grouped names (Log(ML)'s workflow steps): name -> (group, key in the group's
    /// object). `config.json` writes them as `{"group": {"key": value}}`.
    public private(set) var groups: [String: GroupedKey] = [:]

    public struct GroupedKey: Sendable, Hashable {
        public var group: String
        public var key: String
    }

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

    /// Writes `name` inside the object `group` of `config.json`, under `key`.
    public mutating func setGroup(_ group: String, key: String, of name: String) {
        groups[name] = GroupedKey(group: group, key: key)
    }

    /// The entries in order.
    public var entries: [(name: String, value: ParameterValue)] {
        names.map { ($0, values[$0]!) }
    }

    /// `config.json`'s text: one JSON object, keys in the manifest's order (a group's object
    /// where its first member is), a newline at the end so `cat` leaves the prompt on its
    /// own line.
    public var jsonText: String {
        guard !names.isEmpty else { return "{}\n" }
        var body: [String] = []
        var written: Set<String> = []
        for (name, value) in entries {
            guard let grouped = groups[name] else {
                body.append("  \(ParameterValue.jsonString(name)): \(value.jsonText)")
                continue
            }
            guard written.insert(grouped.group).inserted else { continue }
            let members = entries.compactMap { entry in
                groups[entry.name].flatMap { $0.group == grouped.group ? "    \(ParameterValue.jsonString($0.key)): \(entry.value.jsonText)" : nil }
            }
            body.append("  \(ParameterValue.jsonString(grouped.group)): {\n" + members.joined(separator: ",\n") + "\n  }")
        }
        return "{\n" + body.joined(separator: ",\n") + "\n}\n"
    }
}
