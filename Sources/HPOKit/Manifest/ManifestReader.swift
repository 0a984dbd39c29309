import Foundation
import Yams

/// Walks a composed YAML document, collecting every error with its position instead of
/// stopping at the first. The `Manifest` it builds is only used when no error was found.
struct ManifestReader {
    typealias Entry = (key: String, keyNode: Node, value: Node)

    let file: String
    /// The manifest's lines, to place an error inside a multi-line or quoted value.
    var sourceLines: [Substring] = []
    var errors: [ManifestError] = []
    /// Keys of the WML document that concern its cloud service: accepted, ignored, noted.
    var ignoredKeys: [String] = []
    /// What a dialect's reader says about the document (Dialects/): ignored keys, mapped values.
    var dialectNotes: [String] = []
    /// `Manifest.cautions`.
    var cautions: [String] = []
    /// Where a dialect's command comes from, or why the file gives none (`Manifest.commandNote`).
    var commandNote: String?

    init(file: String) {
        self.file = file
    }

    mutating func fail(
        _ kind: ManifestError.Kind, at node: Node?, _ message: String, fix: String? = nil
    ) {
        let mark = node?.mark
        errors.append(ManifestError(kind, file: file, line: mark?.line ?? 1, column: mark?.column ?? 1,
                                    message: message, fix: fix))
    }

    /// The entries of a mapping, or nil (and an error) when the node is something else.
    mutating func mapping(_ node: Node, _ what: String) -> [Entry]? {
        guard let mapping = node.mapping else {
            fail(.wrongType, at: node, "\(what) must be a mapping (key: value lines), not \(describe(node))")
            return nil
        }
        return mapping.map { pair in (pair.key.string ?? "", pair.key, pair.value) }
    }

    /// The items of a sequence, or nil (and an error) when the node is something else.
    mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard let sequence = node.sequence else {
            // A parameter's values written bare (values: 0.2, values: a, b): the list to write.
            // Not for the lists of mappings (hyper_parameters, early_stopping, ...).
            let single = node.scalar.flatMap { scalar in
                kindTag(node) == .null || !what.contains("'") || scalar.string.contains("(") ? nil : "write [\(scalar.string)]"
            }
            fail(.wrongType, at: node, "\(what) must be a list (lines starting with '- '), not \(describe(node))", fix: single)
            return nil
        }
        return Array(sequence)
    }

    /// Reports every key not in `allowed`, naming the nearest valid one; and duplicates.
    mutating func checkKeys(_ entries: [Entry], allowed: [String], in what: String) {
        var seen: Set<String> = []
        for entry in entries {
            if !seen.insert(entry.key).inserted {
                fail(.conflictingKeys, at: entry.keyNode, "'\(entry.key)' appears twice in \(what)",
                     fix: "keep one of them")
            } else if !allowed.contains(entry.key) {
                let suggestion = nearestKey(to: entry.key, in: allowed)
                fail(.unknownKey, at: entry.keyNode, "unknown key '\(entry.key)' in \(what)",
                     fix: suggestion.map { "did you mean '\($0)'?" }
                        ?? "valid keys here: \(allowed.joined(separator: ", "))")
            }
        }
    }

    mutating func string(_ node: Node, _ what: String) -> String? {
        guard let scalar = node.scalar, kindTag(node) != .null else {
            fail(.wrongType, at: node, "\(what) must be a text value, not \(describe(node))")
            return nil
        }
        return scalar.string
    }

    mutating func int(_ node: Node, _ what: String, kind: ManifestError.Kind = .wrongType) -> Int? {
        if node.scalar != nil, kindTag(node) == .int, let value = node.int { return value }
        if node.scalar != nil, kindTag(node) == .float, let value = node.float, let exact = Int(exactly: value) {
            return exact
        }
        if let scalar = node.scalar,
           kindTag(node) == .int || (kindTag(node) == .float && node.float.map { $0.rounded() == $0 } == true) {
            fail(kind, at: node, "\(what) is \(scalar.string), not an integer from \(Int.min) to \(Int.max)")
            return nil
        }
        fail(kind, at: node, "\(what) must be an integer, not \(describe(node))", fix: unquoted(node))
        return nil
    }

    mutating func double(_ node: Node, _ what: String) -> Double? {
        if node.scalar != nil, kindTag(node) == .int || kindTag(node) == .float, let value = node.float,
           value.isFinite {
            return value
        }
        fail(.wrongType, at: node, "\(what) must be a finite number, not \(describe(node))", fix: unquoted(node))
        return nil
    }

    /// For a number written in quotes ('10', as Python's configs often have it): the fix.
    func unquoted(_ node: Node) -> String? {
        guard let scalar = node.scalar, kindTag(node) == .str else { return nil }
        let text = scalar.string.trimmingCharacters(in: .whitespaces)
        guard let number = Double(text), number.isFinite else { return nil }
        return "write \(text) without the quotes"
    }

    /// The resolved tag of a node (`.int`, `.float`, `.str`, ...). Yams keeps `Tag.name`
    /// internal; its raw value is public.
    func kindTag(_ node: Node) -> Tag.Name {
        Tag.Name(rawValue: node.tag.rawValue)
    }

    /// What a node is, for messages: "the text 'abc'", "a list", "a mapping".
    func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch kindTag(node) {
            case .null: return "an empty value"
            case .int: return "the integer \(scalar.string)"
            case .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            default: return "the text '\(scalar.string)'"
            }
        }
    }
}
