import Foundation

/// The hyperparameters of this trial, read from `config.json` (PROTOCOL.md section 2):
///
/// ```swift
/// let hp = try HyperParameters()                  // ./config.json
/// let rate = try hp.double("learning_rate")       // 0.006 (an integer works too)
/// let width = try hp.int("fc")                    // 64 (64.0 works; 64.5 is an error)
/// let optimizer = try hp.string("optimizer")      // "adam"
/// let all = try hp.decode(Settings.self)          // or into your own Decodable struct
/// ```
///
/// Every error names the file and the key, says what was there and what was asked:
/// `config.json: 'fc' is the string "abc", not an integer`.
public struct HyperParameters: Sendable {
    /// The file, as given (`config.json` by default); it prefixes every error message.
    public let path: String
    /// The names in the file, sorted.
    public var names: [String] { values.keys.sorted() }
    private let values: [String: ConfigValue]

    /// Reads `path` (default `config.json`, relative to the working directory, which is the
    /// trial's directory under `hporun`).
    public init(path: String = "config.json") throws(HyperParametersError) {
        let absolute = path.hasPrefix("/")
            ? path : FileManager.default.currentDirectoryPath + "/" + path
        try self.init(file: URL(fileURLWithPath: absolute), label: path)
    }

    /// Reads the JSON file at `url`.
    public init(contentsOf url: URL) throws(HyperParametersError) {
        try self.init(file: url, label: url.path)
    }

    /// Parses `json`, a JSON object of hyperparameters; `path` names it in error messages.
    public init(json: Data, path: String = "config.json") throws(HyperParametersError) {
        self.path = path
        let top: ConfigValue
        do {
            top = try JSONDecoder().decode(ConfigValue.self, from: json)
        } catch {
            throw .invalidJSON(path: path, reason: Self.reason(error))
        }
        guard case .object(let values) = top else {
            throw .notAnObject(path: path, found: top.phrase)
        }
        self.values = values
    }

    private init(file url: URL, label: String) throws(HyperParametersError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw .fileNotFound(path: url.path, workingDirectory: FileManager.default.currentDirectoryPath)
            }
            throw .unreadable(path: label, reason: Self.reason(error))
        }
        try self.init(json: data, path: label)
    }

    /// Whether the file has a hyperparameter called `name`.
    public func contains(_ name: String) -> Bool { values[name] != nil }

    /// `name` as a floating-point number; an integer (`64`) is accepted.
    public func double(_ name: String) throws(HyperParametersError) -> Double {
        switch try value(name) {
        case .int(let value): return Double(value)
        case .double(let value): return value
        case let other: throw .wrongType(path: path, name: name, found: other.phrase, asked: "a number")
        }
    }

    /// `name` as an integer; a float is accepted only when integral (`64.0`, not `64.5`).
    public func int(_ name: String) throws(HyperParametersError) -> Int {
        switch try value(name) {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 0x1p63: return Int(value)
        case let other: throw .wrongType(path: path, name: name, found: other.phrase, asked: "an integer")
        }
    }

    /// `name` as text (a JSON string; numbers are not converted).
    public func string(_ name: String) throws(HyperParametersError) -> String {
        switch try value(name) {
        case .string(let value): return value
        case let other: throw .wrongType(path: path, name: name, found: other.phrase, asked: "a string")
        }
    }

    /// `name` as a boolean (JSON `true` or `false`; `1` and `"yes"` are not booleans).
    public func bool(_ name: String) throws(HyperParametersError) -> Bool {
        switch try value(name) {
        case .bool(let value): return value
        case let other: throw .wrongType(path: path, name: name, found: other.phrase, asked: "a boolean")
        }
    }

    private func value(_ name: String) throws(HyperParametersError) -> ConfigValue {
        guard let value = values[name] else { throw .missingKey(path: path, name: name, present: names) }
        return value
    }

    /// Decodes the whole file into your own `Decodable` type, e.g.
    /// `struct Settings: Decodable { var learning_rate: Double; var fc: Int }`, with the
    /// getters' rules: an integer is a valid `Double`, a float an `Int` only when integral.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws(HyperParametersError) -> T {
        do {
            return try ConfigDecoder(value: .object(values), codingPath: [], file: path).decode(T.self)
        } catch let error as HyperParametersError {
            throw error
        } catch {
            throw .decodingFailed(path: path, type: String(describing: T.self), reason: Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
            DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let at = context.codingPath.map(\.stringValue).joined(separator: ".")
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            let text = [context.debugDescription, underlying].compactMap { $0 }.joined(separator: ": ")
            return at.isEmpty ? text : "at '\(at)': \(text)"
        default:
            return (error as NSError).localizedFailureReason ?? error.localizedDescription
        }
    }
}
