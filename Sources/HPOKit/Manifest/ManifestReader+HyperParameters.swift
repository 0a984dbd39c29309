import Foundation
import Yams

/// `hyper_parameters_optimization.hyper_parameters`: a list of `{name, <kind>: ...}`.
extension ManifestReader {
    static let kinds = ["double_range", "int_range", "double_values", "int_values", "string_values", "distribution"]
    /// hporun's keys beside the kind: when the parameter exists, its starting value.
    static let parameterExtras = ["condition", "default"]

    mutating func hyperParameters(_ node: Node) -> [HyperParameter] {
        guard let items = sequence(node, "hyper_parameters") else { return [] }
        if items.isEmpty {
            fail(.emptyList, at: node, "hyper_parameters is empty", fix: "list at least one hyperparameter")
        }
        var result: [HyperParameter] = []
        var names: [String: Node] = [:]
        var extras: [String: ParameterExtras] = [:]
        for item in items {
            guard let entries = mapping(item, "a hyperparameter") else { continue }
            checkKeys(entries, allowed: ["name"] + Self.kinds + Self.parameterExtras, in: "a hyperparameter")
            guard let nameNode = entries.first(where: { $0.key == "name" })?.value else {
                fail(.missingKey, at: item, "a hyperparameter has no 'name'")
                continue
            }
            guard let name = string(nameNode, "a hyperparameter's name") else { continue }
            checkName(name, at: nameNode)
            if let first = names[name] {
                fail(.duplicateName, at: nameNode,
                     "hyperparameter '\(name)' is defined twice (first at line \(first.mark?.line ?? 0))",
                     fix: "rename or remove one of them")
            } else {
                names[name] = nameNode
            }
            let kindEntries = entries.filter { Self.kinds.contains($0.key) }
            guard let kind = kindEntries.first else {
                if !entries.contains(where: { !$0.key.isEmpty && $0.key != "name" && !Self.parameterExtras.contains($0.key) }) {
                    fail(.missingKey, at: item, "hyperparameter '\(name)' has no range or values",
                         fix: "add one of: \(Self.kinds.joined(separator: ", "))")
                }
                continue
            }
            if kindEntries.count > 1 {
                fail(.conflictingKeys, at: kindEntries[1].keyNode,
                     "hyperparameter '\(name)' has both \(kind.key) and \(kindEntries[1].key)", fix: "keep one")
            }
            if let domain = domain(kind.key, kind.value, name: name) {
                let extra = self.extras(entries, name: name)
                if extras[name] == nil { extras[name] = extra }
                result.append(HyperParameter(name: name, domain: domain, conditions: extra.conditions,
                                             defaultValue: extra.defaultValue))
            }
        }
        checkSpace(&result, extras: extras)
        return result
    }

    /// Names become JSON keys and `{{ name }}` placeholders: keep them to identifiers.
    /// Every dialect's reader checks its names here. Returns whether the name is usable.
    @discardableResult
    mutating func checkName(_ name: String, at node: Node) -> Bool {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-."))
        let valid = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) }
            && !(name.first?.isNumber ?? true) && name.first != "-" && name.first != "."
        if !valid {
            fail(.badName, at: node, "hyperparameter name '\(name)' is not a usable identifier",
                 fix: "use letters, digits, '_', '-' or '.', starting with a letter or '_' (e.g. learning_rate)")
        }
        return valid
    }

    private mutating func domain(_ kind: String, _ node: Node, name: String) -> Domain? {
        switch kind {
        case "double_range", "int_range": return range(kind, node, name: name)
        case "distribution": return distribution(node, name: name)
        default: return values(kind, node, name: name)
        }
    }

    private mutating func range(_ kind: String, _ node: Node, name: String) -> Domain? {
        guard let entries = mapping(node, "\(name).\(kind)") else { return nil }
        checkKeys(entries, allowed: ["min_value", "max_value", "step", "power"], in: "\(kind) of '\(name)'")
        func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
        guard let minEntry = entry("min_value"), let maxEntry = entry("max_value") else {
            fail(.missingKey, at: node, "\(kind) of '\(name)' needs both min_value and max_value")
            return nil
        }
        let isInt = kind == "int_range"
        let numberOf: (inout ManifestReader, Node, String) -> Double? = { reader, node, what in
            if isInt {
                return reader.int(node, what, kind: .nonIntegerBound).map(Double.init)
            }
            return reader.double(node, what)
        }
        let low = numberOf(&self, minEntry.value, "min_value of '\(name)'")
        let high = numberOf(&self, maxEntry.value, "max_value of '\(name)'")
        let step = entry("step").flatMap { numberOf(&self, $0.value, "step of '\(name)'") }
        let power = entry("power").flatMap { double($0.value, "power of '\(name)'") }
        guard let low, let high else { return nil }
        var valid = true
        if low > high {
            fail(.minAboveMax, at: minEntry.value,
                 "min_value \(format(low)) is above max_value \(format(high)) for '\(name)'", fix: "swap them")
            valid = false
        }
        if entry("step") != nil, let powerEntry = entry("power") {
            fail(.stepAndPower, at: powerEntry.keyNode, "'\(name)' has both step and power",
                 fix: "a step makes a grid of values, a power a geometric range: keep one")
            valid = false
        }
        if let step, let stepNode = entry("step")?.value {
            if step <= 0 {
                fail(.badStep, at: stepNode, "step \(format(step)) of '\(name)' must be above 0")
                valid = false
            } else if low < high, step > high - low + 1e-12 * max(1, abs(high)) {
                fail(.badStep, at: stepNode,
                     "step \(format(step)) of '\(name)' is larger than its range \(format(low)) .. \(format(high))",
                     fix: "use a step of at most \(format(high - low))")
                valid = false
            }
        }
        if let power, let powerNode = entry("power")?.value, power <= 0 || power == 1 {
            fail(.badPower, at: powerNode, "power \(format(power)) of '\(name)' must be above 0 and not 1",
                 fix: "e.g. power: 10 with min_value: -5 and max_value: -1 for 1e-05 .. 0.1")
            valid = false
        }
        if isInt, let power, power > 0, power != 1 {
            let largest = pow(power, Swift.max(abs(low), abs(high)))
            if !largest.isFinite || largest > 9e15 {
                fail(.badPower, at: maxEntry.value, "\(format(power))^\(format(high)) is too large for an integer")
                valid = false
            }
        }
        guard valid else { return nil }
        if !isInt, let power, power > 1, Self.looksLikeValues(low: low, high: high) {
            cautions.append(Self.exponentCaution(name: name, low: low, high: high, base: power, keys: ("min_value", "max_value")))
        }
        if isInt {
            return .intRange(min: Int(low), max: Int(high), step: step.map { Int($0) }, power: power)
        }
        return .doubleRange(min: low, max: high, step: step, power: power)
    }

    /// Bounds of a log-scale range that look like the values rather than their exponents:
    /// 0.0001 .. 0.1 gives 10^0.0001 .. 10^0.1 = 1.0002 .. 1.26 (hyperopt's `loguniform` habit,
    /// which the dialects' readers refuse outright; WML's and hporun's own forms only warn,
    /// as such a range is theirs to mean).
    static func looksLikeValues(low: Double, high: Double) -> Bool {
        low > 0 && low < 0.1 && high <= 1
    }

    /// What `looksLikeValues` bounds give, and the exponents to write for what was meant.
    static func exponentCaution(name: String, low: Double, high: Double, base: Double, keys: (low: String, high: String)) -> String {
        let format = ParameterValue.readable
        let baseName = base == 10 ? "10" : abs(base - M_E) < 1e-12 ? "e" : format(base)
        let logName = base == 10 ? "log10" : baseName == "e" ? "natural log" : "log base \(baseName)"
        let wanted = [low, high].map { log($0) / log(base) }.map { exponent in
            let rounded = exponent.rounded()
            return abs(exponent - rounded) < 1e-9 ? format(rounded) : String(format: "%.4g", exponent)
        }
        // Natural logs of round values are not round: base 10's exponents read better.
        let decimal = [low, high].map { log10($0) }
        let alternative = baseName == "e" && keys.low == "low" && decimal.allSatisfy({ abs($0 - $0.rounded()) < 1e-9 })
            ? ", or base: 10 with low: \(format(decimal[0].rounded())), high: \(format(decimal[1].rounded()))" : ""
        return "'\(name)' is on a log scale of base \(baseName), so \(keys.low) and \(keys.high) are exponents: its "
            + "values run \(baseName)^\(format(low)) .. \(baseName)^\(format(high)) = \(String(format: "%.5g", pow(base, low))) .. "
            + "\(String(format: "%.5g", pow(base, high))); for values from \(format(low)) to \(format(high)) write "
            + "\(keys.low): \(wanted[0]), \(keys.high): \(wanted[1]) (the \(logName) of each)" + alternative
    }

    private mutating func values(_ kind: String, _ node: Node, name: String) -> Domain? {
        guard let items = sequence(node, "\(kind) of '\(name)'") else { return nil }
        guard !items.isEmpty else {
            fail(.emptyList, at: node, "\(kind) of '\(name)' is empty", fix: "list at least one value")
            return nil
        }
        let expected: Tag.Name = kind == "string_values" ? .str : kind == "int_values" ? .int : .float
        var strings: [String] = [], doubles: [Double] = [], ints: [Int] = []
        var seen: Set<String> = []
        for item in items {
            guard let scalar = item.scalar else {
                fail(.wrongType, at: item, "\(kind) of '\(name)' must hold plain values, not \(describe(item))")
                continue
            }
            let tag = kindTag(item)
            let fits = switch expected {
            case .str: tag == .str
            case .int: tag == .int || (tag == .float && item.float.map { Int(exactly: $0) != nil } == true)
            default: (tag == .int || tag == .float) && item.float?.isFinite == true
            }
            guard fits else {
                fail(.mixedTypes, at: item,
                     "\(kind) of '\(name)' holds \(describe(item)) among \(expectedDescription(expected)) values",
                     fix: expected == .str ? "quote it if it is meant as text" : "make every value of the list the same type")
                continue
            }
            if expected == .str, scalar.string.utf8.contains(0) {
                fail(.badValue, at: item,
                     "a string value of '\(name)' contains a NUL byte (\\0), which a program cannot receive in its arguments",
                     fix: "remove the \\0 from the value")
                continue
            }
            switch expected {
            case .str: strings.append(scalar.string)
            case .int: ints.append(Int(exactly: item.float!)!)
            default: doubles.append(item.float!)
            }
            let key = expected == .str ? scalar.string : String(item.float!)
            if !seen.insert(key).inserted {
                fail(.duplicateValue, at: item, "\(kind) of '\(name)' lists \(scalar.string) twice", fix: "remove one")
            }
        }
        switch expected {
        case .str: return .stringValues(strings)
        case .int: return .intValues(ints)
        default: return .doubleValues(doubles)
        }
    }

    private func expectedDescription(_ tag: Tag.Name) -> String {
        tag == .str ? "text" : tag == .int ? "integer" : "numeric"
    }

    private func format(_ value: Double) -> String {
        ParameterValue.readable(value)
    }
}
