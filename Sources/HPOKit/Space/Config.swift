import Foundation

/// A trial's hyperparameters: name -> typed value, in the manifest's order. This is what
/// `config.json` holds, and what `SearchSpace.decode` gives for a point. A conditional
/// parameter that is inactive has no entry.
public struct Config: Sendable, Hashable {
    /// The names in the manifest's order.
    public private(set) var names: [String] = []
    public private(set) var values: [String: ParameterValue] = [:]
    /// Where `config.json` puts a name that is not a top-level key of its own (Log(ML)'s
    /// workflow steps, hyperopt's nested choice): `Placement`.
    public private(set) var placements: [String: Placement] = [:]

    /// What `config.json` holds for a name, and where.
    public enum Placement: Sendable, Hashable {
        /// The value, inside nested objects: `["model_train", "learning_rate"]` writes
        /// `{"model_train": {"learning_rate": value}}`.
        case path([String])
        /// A nested choice's value (its option's label): what the option is, at the path.
        case option([String], NestedOption)
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
        placements[name] = .path([group, key])
    }

    /// Writes `name` as `placement` says.
    public mutating func place(_ name: String, _ placement: Placement) {
        placements[name] = placement
    }

    /// The entries in order.
    public var entries: [(name: String, value: ParameterValue)] {
        names.map { ($0, values[$0]!) }
    }

    /// `config.json`'s text: one JSON object, keys in the manifest's order (a nested object
    /// where its first member is), a newline at the end so `cat` leaves the prompt on its
    /// own line.
    public var jsonText: String {
        var root = JSONTree()
        for (name, value) in entries {
            switch placements[name] {
            case nil: root.set(.value(value), at: [name][...])
            case .path(let path): root.set(.value(value), at: path[...])
            case .option(let path, let option):
                switch option.shape {
                case .value(let value): root.set(.value(value), at: path[...])
                case .expression: break
                case .object(let constants, _):
                    root.set(.object(JSONTree()), at: path[...], keeping: true)
                    for constant in constants { root.set(.value(constant.value), at: (path + [constant.key])[...]) }
                }
            }
        }
        return root.text(indent: 0) + "\n"
    }
}

/// An ordered JSON object of values and objects, for `config.json`.
struct JSONTree: Sendable {
    indirect enum Member: Sendable {
        case value(ParameterValue)
        case object(JSONTree)
    }

    private(set) var keys: [String] = []
    private(set) var members: [String: Member] = [:]

    /// Puts the member at the path, creating the objects on the way; with `keeping`, an
    /// object already there stays.
    mutating func set(_ member: Member, at path: ArraySlice<String>, keeping: Bool = false) {
        guard let key = path.first else { return }
        if members[key] == nil { keys.append(key) }
        if path.count == 1 {
            if keeping, case .object = members[key] { return }
            members[key] = member
            return
        }
        var inner: JSONTree
        if case .object(let tree) = members[key] { inner = tree } else { inner = JSONTree() }
        inner.set(member, at: path.dropFirst(), keeping: keeping)
        members[key] = .object(inner)
    }

    /// Two spaces per level; an empty object is `{}`.
    func text(indent: Int) -> String {
        guard !keys.isEmpty else { return "{}" }
        let pad = String(repeating: " ", count: indent + 2)
        let lines = keys.map { key in
            let member: String
            switch members[key]! {
            case .value(let value): member = value.jsonText
            case .object(let tree): member = tree.text(indent: indent + 2)
            }
            return pad + ParameterValue.jsonString(key) + ": " + member
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n" + String(repeating: " ", count: indent) + "}"
    }
}
