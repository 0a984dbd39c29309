import Foundation

/// What is wrong with `config.json` or with what was asked of it. Messages name the file
/// and the key, what was there and what was asked.
public enum HyperParametersError: Error, LocalizedError, Equatable, Sendable {
    /// No file at `path` (absolute).
    case fileNotFound(path: String, workingDirectory: String)
    /// The file exists but could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not JSON.
    case invalidJSON(path: String, reason: String)
    /// The file is JSON but not an object of name -> value.
    case notAnObject(path: String, found: String)
    /// No hyperparameter called `name`; `present` lists those that are there.
    case missingKey(path: String, name: String, present: [String])
    /// `name` holds `found` (e.g. `the string "abc"`) but `asked` was asked (`an integer`).
    case wrongType(path: String, name: String, found: String, asked: String)
    /// `decode(_:)` failed for another reason.
    case decodingFailed(path: String, type: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .fileNotFound(let path, let workingDirectory):
            return "config.json not found: looked for \(path) (working directory \(workingDirectory)). "
                + "hporun writes config.json into each trial's directory and runs the command there; "
                + "outside hporun, create the file or pass its path: HyperParameters(path: ...)."
        case .unreadable(let path, let reason):
            return "\(path): cannot read: \(reason)"
        case .invalidJSON(let path, let reason):
            return "\(path): not valid JSON: \(reason)"
        case .notAnObject(let path, let found):
            return "\(path): expected a JSON object of name -> value, found \(found)"
        case .missingKey(let path, let name, let present):
            let list = present.isEmpty ? "it is empty" : "it has " + present.map { "'\($0)'" }.joined(separator: ", ")
            return "\(path): no hyperparameter '\(name)'; \(list)"
        case .wrongType(let path, let name, let found, let asked):
            return "\(path): '\(name)' is \(found), not \(asked)"
        case .decodingFailed(let path, let type, let reason):
            return "\(path): cannot decode \(type): \(reason)"
        }
    }
}
