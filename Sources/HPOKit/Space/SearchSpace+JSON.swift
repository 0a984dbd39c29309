import Foundation

/// Reading a `config.json` back (a resumed trial, `hporun enqueue`, a warm start).
extension SearchSpace {
    /// Reads a `config.json` back into a typed `Config`: an integer parameter accepts an
    /// integral JSON number (`64.0`), a double parameter accepts an integer; a grouped
    /// parameter is read from its group's object; an inactive parameter must be absent.
    public func config(fromJSON data: Data) throws(SpaceError) -> Config {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SpaceError.notJSON(reason: "the top level is not a JSON object")
            }
            object = parsed
        } catch let error as SpaceError {
            throw error
        } catch {
            throw .notJSON(reason: error.localizedDescription)
        }
        // JSONSerialization on Linux may read a 17-digit double one ulp off; JSONDecoder
        // reads it exactly, so doubles take their value from there.
        let exact = (try? JSONDecoder().decode([String: ExactJSONValue].self, from: data)) ?? [:]
        var values: [ParameterValue?] = Array(repeating: nil, count: hyperParameters.count)
        for index in order {
            let parameter = hyperParameters[index]
            let raw: Any?, precise: Double?
            if let group = parameter.group {
                raw = (object[group] as? [String: Any])?[parameter.jsonKey]
                precise = exact[group]?.members?[parameter.jsonKey]?.value
            } else {
                raw = object[parameter.name]
                precise = exact[parameter.name]?.value
            }
            guard isActive(index, values) else {
                if raw != nil { throw .inactive(name: parameter.name, condition: describe(parameter.conditions)) }
                continue
            }
            guard let raw else { throw .missing(name: parameter.name) }
            guard var value = Self.typedValue(raw, for: encodings[index]) else {
                throw .notInSpace(name: parameter.name, value: String(describing: raw), domain: describe(parameter))
            }
            if case .double = value, let precise { value = .double(precise) }
            values[index] = value
        }
        return config(values)
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
