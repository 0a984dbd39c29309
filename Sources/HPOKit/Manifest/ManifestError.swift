import Foundation

/// One thing wrong with a manifest, at a file, line and column, with how to fix it.
public struct ManifestError: Error, LocalizedError, Equatable, Sendable {
    public enum Kind: String, Sendable, Hashable {
        case unreadable, syntax, unknownKey, missingKey, wrongType, conflictingKeys
        case minAboveMax, emptyList, badStep, stepAndPower, badPower, nonIntegerBound
        case duplicateName, badName, unknownMethod, badDirection, badSteps, badValue, mixedTypes
        case duplicateValue, noTrainingReference, unknownTrainingReference, badCommand
    }

    public var kind: Kind
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// What to change, when there is something specific to say.
    public var fix: String?

    public init(_ kind: Kind, file: String, line: Int, column: Int, message: String, fix: String? = nil) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.fix = fix
    }

    /// `exp.yml:23:9: unknown key 'step"' in double_range (fix: did you mean 'step'?)`
    public var errorDescription: String? {
        "\(file):\(line):\(column): \(message)" + (fix.map { "\n    fix: \($0)" } ?? "")
    }
}

/// Every error found in a manifest (validation reports them all, not just the first).
public struct ManifestErrors: Error, LocalizedError, Equatable, Sendable {
    public var errors: [ManifestError]

    public init(_ errors: [ManifestError]) {
        self.errors = errors
    }

    public var errorDescription: String? {
        let count = errors.count == 1 ? "1 error" : "\(errors.count) errors"
        return errors.compactMap(\.errorDescription).joined(separator: "\n") + "\n\(count) in the manifest; nothing was run."
    }
}

/// The valid key nearest to a misspelt one, when it is near enough to be a likely typo.
func nearestKey(to key: String, in candidates: [String]) -> String? {
    // A stray quote or colon (WML's own sample has `step": 0.001`) is the commonest typo.
    let cleaned = key.trimmingCharacters(in: CharacterSet(charactersIn: "\"': ").union(.whitespaces))
    if candidates.contains(cleaned) { return cleaned }
    let scored = candidates.map { ($0, editDistance(cleaned.lowercased(), $0)) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, best.0.count / 3) ? best.0 : nil
}

/// Levenshtein distance.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
