import Foundation

/// The trial's hyperparameters, read from `config.json` (written by hporun into the
/// trial's directory, which is the working directory of the training command).
///
/// ```swift
/// let hp = try HyperParameters()
/// let learningRate = try hp.double("learning_rate")
/// let hidden = try hp.int("hidden_units")
/// ```
///
/// An integer asked for as a double works; a double asked for as an integer works only when
/// it is integral (`64.0`). Errors name the file, the key, what was there and what was asked.
public struct HyperParameters: Sendable {
    /// The file the values came from.
    public let path: String
    private let values: [String: ConfigValue]

    /// Reads `config.json` from the working directory, or the file at `path`.
    public init(path: String = "config.json") throws {
        self.path = path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            throw HyperParametersError.missingFile(path: absolute)
        }
        values = try ConfigValue.parseObject(data, path: path)
    }

    /// The names present in the file, sorted.
    public var names: [String] { values.keys.sorted() }

    public func contains(_ name: String) -> Bool { values[name] != nil }

    public func double(_ name: String) throws -> Double {
        switch try value(name) {
        case .int(let int): return Double(int)
        case .double(let double): return double
        case let other: throw mismatch(name, other, asked: "a number")
        }
    }

    public func int(_ name: String) throws -> Int {
        switch try value(name) {
        case .int(let int): return int
        case .double(let double):
            if let exact = Int(exactly: double) { return exact }
            throw mismatch(name, .double(double), asked: "an integer")
        case let other: throw mismatch(name, other, asked: "an integer")
        }
    }

    public func string(_ name: String) throws -> String {
        if case .string(let string) = try value(name) { return string }
        throw mismatch(name, try value(name), asked: "a string")
    }

    public func bool(_ name: String) throws -> Bool {
        if case .bool(let bool) = try value(name) { return bool }
        throw mismatch(name, try value(name), asked: "a boolean")
    }

    /// Decodes the whole file into your own type:
    /// `struct Params: Decodable { var learning_rate: Double; var fc: Int }`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw HyperParametersError.cannotDecode(path: path, type: String(describing: T.self),
                                                    reason: Self.describe(error))
        }
    }

    private func value(_ name: String) throws -> ConfigValue {
        guard let value = values[name] else {
            throw HyperParametersError.missingKey(path: path, key: name, present: names)
        }
        return value
    }

    private func mismatch(_ name: String, _ value: ConfigValue, asked: String) -> HyperParametersError {
        .typeMismatch(path: path, key: name, found: value.description, asked: asked)
    }

    private static func describe(_ error: DecodingError) -> String {
        func keyPath(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case .typeMismatch(let type, let context): return "'\(keyPath(context))' is not \(type)"
        case .valueNotFound(let type, let context): return "'\(keyPath(context))' is null, not \(type)"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return String(describing: error)
        }
    }
}

/// A scalar of config.json with its JSON type kept (`64` is an int, `64.0` a double).
enum ConfigValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case other(String)

    var description: String {
        switch self {
        case .int(let int): "the integer \(int)"
        case .double(let double): "the number \(double)"
        case .string(let string): "the string \"\(string)\""
        case .bool(let bool): "the boolean \(bool)"
        case .other(let text): text
        }
    }

    static func parseObject(_ data: Data, path: String) throws -> [String: ConfigValue] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw HyperParametersError.notJSON(path: path, reason: error.localizedDescription)
        }
        guard let dictionary = object as? [String: Any] else {
            throw HyperParametersError.notJSON(path: path, reason: "the top level is not a JSON object")
        }
        // JSONSerialization on Linux may read a 17-digit double one ulp off; JSONDecoder
        // reads it exactly, so doubles take their value from there.
        let exact = (try? JSONDecoder().decode([String: ExactDouble].self, from: data)) ?? [:]
        return dictionary.reduce(into: [:]) { values, entry in
            var value = classify(entry.value)
            if case .double = value, let double = exact[entry.key]?.value { value = .double(double) }
            values[entry.key] = value
        }
    }

    /// JSONSerialization gives NSNumber for ints, doubles and booleans alike; its objCType
    /// tells them apart ("c" boolean, "d"/"f" floating point, anything else an integer).
    private static func classify(_ value: Any) -> ConfigValue {
        switch value {
        case let string as String: return .string(string)
        case let number as NSNumber:
            switch String(cString: number.objCType) {
            case "c", "B": return .bool(number.boolValue)
            case "d", "f": return .double(number.doubleValue)
            default: return .int(number.intValue)
            }
        case is NSNull: return .other("null")
        case is [Any]: return .other("a list")
        default: return .other("an object")
        }
    }
}

/// A JSON value read as a Double when it is a number, nil otherwise.
struct ExactDouble: Decodable {
    let value: Double?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(Double.self)
    }
}

public enum HyperParametersError: Error, LocalizedError, Equatable, Sendable {
    case missingFile(path: String)
    case notJSON(path: String, reason: String)
    case missingKey(path: String, key: String, present: [String])
    case typeMismatch(path: String, key: String, found: String, asked: String)
    case cannotDecode(path: String, type: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .missingFile(let path):
            "no hyperparameters file at \(path): hporun writes config.json into each trial's "
                + "directory and runs the command there; outside hporun, pass a path or create the file."
        case .notJSON(let path, let reason):
            "\(path) is not valid JSON: \(reason)"
        case .missingKey(let path, let key, let present):
            "\(path): no hyperparameter '\(key)'; the file has: "
                + (present.isEmpty ? "nothing" : present.joined(separator: ", "))
        case .typeMismatch(let path, let key, let found, let asked):
            "\(path): '\(key)' is \(found), not \(asked)"
        case .cannotDecode(let path, let type, let reason):
            "\(path): cannot decode \(type): \(reason)"
        }
    }
}
