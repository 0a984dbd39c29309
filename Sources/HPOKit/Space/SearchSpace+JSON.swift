import Foundation

/// Reading a `config.json` back (a resumed trial, `hporun enqueue`, a warm start).
extension SearchSpace {
    /// Reads a `config.json` back into a typed `Config`: an integer parameter accepts an
    /// integral JSON number (`64.0`), a double parameter accepts an integer; a grouped
    /// parameter is read from its group's object; an inactive parameter must be absent.
    public func config(fromJSON data: Data) throws(SpaceError) -> Config {
        try config(fromJSON: data, takingDefaults: false).config
    }

    /// As `config(fromJSON:)`; with `takingDefaults`, an active parameter the JSON leaves out
    /// takes its `default` when it has one (as a starting point's or a warm start's does),
    /// before the parameters whose conditions depend on it are read. `defaulted`: those that
    /// took it, in the space's order. A missing parameter without a default is still `.missing`.
    public func config(fromJSON data: Data, takingDefaults: Bool) throws(SpaceError) -> (config: Config, defaulted: [String]) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SpaceError.notJSON(reason: "the top level is not a JSON object")
            }
            object = parsed
        } catch let error as SpaceError {
            throw error
        } catch {
            // JSONSerialization's own words (where it stopped), not Foundation's generic sentence.
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw .notJSON(reason: detail ?? "it could not be parsed")
        }
        // JSONSerialization on Linux may read a 17-digit double one ulp off; JSONDecoder
        // reads it exactly, so doubles take their value from there.
        let exact = (try? JSONDecoder().decode([String: ExactJSONValue].self, from: data)) ?? [:]
        var values: [ParameterValue?] = Array(repeating: nil, count: hyperParameters.count)
        var inactiveWithValue: [Int] = []
        var defaulted: [Int] = []
        for index in order {
            let parameter = hyperParameters[index]
            let raw = Self.member(at: parameter.place[...], of: object)
            let precise = Self.exactMember(at: parameter.place[...], of: exact)
            guard isActive(index, values) else {
                if raw != nil { inactiveWithValue.append(index) }
                continue
            }
            guard let raw else {
                guard takingDefaults, let value = parameter.defaultValue else { throw .missing(name: parameter.name) }
                values[index] = value
                defaulted.append(index)
                continue
            }
            if let options = parameter.nestedOptions {
                // The option the JSON value is: a plain value or an object first, an expression last.
                let ordered = options.filter { $0.shape != .expression } + options.filter { $0.shape == .expression }
                guard let option = ordered.first(where: { $0.matches(raw) }) else {
                    throw .notInSpace(name: parameter.name, value: Self.text(raw), domain: describe(parameter))
                }
                values[index] = .string(option.label)
                continue
            }
            guard var value = Self.typedValue(raw, for: encodings[index]) else {
                throw .notInSpace(name: parameter.name, value: Self.text(raw), domain: describe(parameter))
            }
            if case .double = value, let precise { value = .double(precise) }
            values[index] = value
        }
        // An inactive parameter's value is refused, unless its place is an active one's (two
        // options of a nested choice with the same key, an expression option's value).
        let config = config(values)
        let taken = Set(hyperParameters.indices.filter { values[$0] != nil }.map { hyperParameters[$0].place })
        if let index = inactiveWithValue.first(where: { !taken.contains(hyperParameters[$0].place) }) {
            // A parent's value outside its space ("Adam" for adam) is what made the child
            // inactive: that is the error to show.
            if let parent = hyperParameters.indices.first(where: { values[$0].map(encodings[$0].encode) == .some(nil) }) {
                throw .notInSpace(name: hyperParameters[parent].name, value: values[parent]!.jsonText,
                                  domain: describe(hyperParameters[parent]))
            }
            let parameter = hyperParameters[index]
            throw .inactive(name: parameter.name, condition: describe(parameter.conditions))
        }
        return (config, defaulted.sorted().map { hyperParameters[$0].name })
    }

    /// The JSON value at a path of keys.
    private static func member(at path: ArraySlice<String>, of object: [String: Any]) -> Any? {
        guard let key = path.first else { return nil }
        guard path.count > 1 else { return object[key] }
        return (object[key] as? [String: Any]).flatMap { member(at: path.dropFirst(), of: $0) }
    }

    private static func exactMember(at path: ArraySlice<String>, of object: [String: ExactJSONValue]) -> Double? {
        guard let key = path.first else { return nil }
        guard path.count > 1 else { return object[key]?.value }
        return object[key]?.members.flatMap { exactMember(at: path.dropFirst(), of: $0) }
    }

    /// A JSON value as a message shows it.
    private static func text(_ raw: Any) -> String {
        if let data = try? JSONSerialization.data(withJSONObject: raw, options: [.sortedKeys, .fragmentsAllowed]),
           let text = String(data: data, encoding: .utf8) { return text }
        return String(describing: raw)
    }

    private static func typedValue(_ raw: Any, for encoding: ParameterEncoding) -> ParameterValue? {
        let number = (raw as? NSNumber).flatMap { isBoolean($0) ? nil : $0 }
        switch encoding {
        case .categories(let values), .lattice(let values):
            let read: ParameterValue? = if let string = raw as? String { .string(string) }
                else { number.map { .double($0.doubleValue) } }
            guard let read else { return nil }
            // The declared value itself, so an int stays an int.
            return values.first { ParameterEncoding.same($0, read) } ?? read
        case .intLattice, .continuous(_, _, true):
            guard let number, let int = Int(exactly: number.doubleValue) else { return nil }
            return .int(int)
        case .doubleLattice, .continuous:
            return number.map { .double($0.doubleValue) }
        }
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }
}

/// A JSON value read as a Double when it is a number, as members when it is an object.
struct ExactJSONValue: Decodable {
    let value: Double?
    let members: [String: ExactJSONValue]?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(Double.self)
        members = value == nil ? try? decoder.singleValueContainer().decode([String: ExactJSONValue].self) : nil
    }
}

/// A configuration that does not fit the space.
public enum SpaceError: Error, LocalizedError, Equatable, Sendable {
    case missing(name: String)
    case unknown(name: String)
    case notInSpace(name: String, value: String, domain: String)
    /// A value for a parameter whose conditions do not hold.
    case inactive(name: String, condition: String)
    case notJSON(reason: String)

    public var errorDescription: String? {
        switch self {
        case .missing(let name): "the configuration has no value for hyperparameter '\(name)'"
        case .unknown(let name): "the configuration has '\(name)', which is not a hyperparameter of this space"
        case .notInSpace(let name, let value, let domain):
            "'\(name)' = \(value) is not in its space (\(domain))"
        case .inactive(let name, let condition):
            "the configuration has '\(name)', which is inactive there (it exists only when \(condition)); leave it out"
        case .notJSON(let reason): "the configuration is not valid JSON: \(reason)"
        }
    }
}
