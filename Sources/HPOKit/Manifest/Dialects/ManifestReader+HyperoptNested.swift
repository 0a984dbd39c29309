import Yams

/// hyperopt's nested choice in a Log(ML) file: `['choice', [{type: svm, C: ['lognormal', 0, 1]},
/// {type: dtree, max_depth: ['randint', 10]}]]` (or `pchoice` with `[p, option]` pairs), whose
/// options may be mappings (constants and expressions, nested choices among them), expressions
/// or plain values. It becomes a categorical parameter over the options' labels (an option's
/// first text constant, `svm`; an expression's kind; a plain value itself; else its index) and
/// one parameter per expression of an option, active only when the choice takes that option.
/// `config.json` gets what hyperopt hands the workflow, the chosen option:
/// `"classifier": {"type": "svm", "C": 1.3}`. A parameter of an option is named
/// `classifier.C`, or `classifier.svm.C` when another option has a `C` too.
extension ManifestReader {
    /// Whether the expression is a `choice` or `pchoice` with an option that is a mapping or an expression.
    func isNestedChoice(_ node: Node) -> Bool {
        guard let items = node.sequence.map(Array.init), items.count == 2, let kind = items[0].scalar?.string,
              kind == "choice" || kind == "pchoice", let options = items[1].sequence else { return false }
        let values = kind == "pchoice" ? options.compactMap { $0.sequence.map(Array.init)?.last } : Array(options)
        return values.contains { $0.mapping != nil || isHyperoptExpression($0) }
    }

    func isHyperoptExpression(_ node: Node) -> Bool {
        node.sequence?.first?.scalar.map { Self.hyperoptKinds[$0.string] != nil } ?? false
    }

    /// A list that starts with a near miss of a hyperopt kind (`['lognormall', 0, 1]`) is a
    /// misspelt expression: reported as one, with the kind meant, not as a stray list.
    /// Whether it was.
    mutating func reportedMisspeltExpression(_ node: Node, name: String) -> Bool {
        guard let kind = node.sequence?.first?.scalar?.string, Self.hyperoptKinds[kind] == nil,
              nearestKey(to: kind, in: Self.hyperoptKinds.keys.sorted()) != nil else { return false }
        _ = hyperoptExpression(node, name: name)
        return true
    }

    /// Adds the choice `name` (written at `place` in config.json, under `group` when it is a
    /// workflow step's own key) and the parameters of its options.
    mutating func nestedChoice(_ node: Node, name: String, nameNode: Node, place: [String], group: String?,
                               conditions: [Condition], into parameters: inout [HyperParameter]) {
        let items = Array(node.sequence!)
        let isWeighted = items[0].scalar?.string == "pchoice"
        guard let list = sequence(items[1], "the options of '\(name)'"), !list.isEmpty else { return }
        var options: [Node] = [], weights: [Double] = []
        for item in list {
            if isWeighted {
                guard let pair = item.sequence.map(Array.init), pair.count == 2,
                      let weight = double(pair[0], "a probability of '\(name)'") else {
                    fail(.wrongType, at: item, "each pchoice option is a [probability, option] pair", fix: "e.g. [0.3, {type: svm}]")
                    return
                }
                weights.append(weight)
                options.append(pair[1])
            } else {
                options.append(item)
            }
        }
        guard let read = nestedOptions(options, of: name) else { return }
        let labels = read.map(\.option.label)
        if isWeighted, !weights.allSatisfy({ $0 > 0 }) {
            fail(.badValue, at: items[1], "the options of '\(name)' need a probability above 0 each",
                 fix: "e.g. ['pchoice', [[0.3, {type: svm}], [0.7, {type: dtree}]]]")
            return
        }
        let prior: Prior = isWeighted ? weighted(labels.map { .string($0) }, weights, what: "the options of '\(name)'")
            : .choice(labels.map { .string($0) })
        let before = parameters.count
        addParameter(name, prior, at: node, nameNode: nameNode, to: &parameters, group: group)
        guard parameters.count > before else { return }
        parameters[before].conditions = conditions
        parameters[before].jsonPath = group == nil ? place : nil
        parameters[before].nestedOptions = read.map(\.option)
        // A key that several options have is named with its option's label.
        var keyCount: [String: Int] = [:]
        for entry in read.flatMap(\.expressions) { keyCount[entry.key, default: 0] += 1 }
        for (index, (option, expressions)) in read.enumerated() {
            let condition = [Condition(parent: name, values: [.string(option.label)])]
            let segment = nameSegment(option.label, index: index)
            for entry in expressions {
                let childName: String, childPlace: [String]
                if entry.key.isEmpty {  // an expression option: its value is the choice's
                    childName = "\(name).\(segment)"
                    childPlace = place
                } else {
                    childName = keyCount[entry.key, default: 0] > 1 ? "\(name).\(segment).\(entry.key)" : "\(name).\(entry.key)"
                    childPlace = place + [entry.key]
                }
                if isNestedChoice(entry.value) {
                    nestedChoice(entry.value, name: childName, nameNode: entry.keyNode, place: childPlace, group: nil,
                                 conditions: condition, into: &parameters)
                } else if let prior = hyperoptExpression(entry.value, name: childName) {
                    let index = parameters.count
                    addParameter(childName, prior, at: entry.value, nameNode: entry.keyNode, to: &parameters)
                    guard parameters.count > index else { continue }
                    parameters[index].conditions = condition
                    parameters[index].jsonPath = childPlace
                }
            }
        }
    }

    /// A label as a part of a parameter's name: itself when it is a usable one (`svm`), else
    /// the option's index.
    private func nameSegment(_ label: String, index: Int) -> String {
        let usable = !label.isEmpty && label.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-".unicodeScalars.contains($0))
        }
        return usable ? label : String(index)
    }

    /// Each option's shape and label, and its expressions by key (an empty key: the option is one).
    private mutating func nestedOptions(_ options: [Node], of name: String)
        -> [(option: NestedOption, expressions: [(key: String, keyNode: Node, value: Node)])]? {
        var shapes: [NestedOption.Shape] = [], candidates: [String?] = []
        var expressions: [[(key: String, keyNode: Node, value: Node)]] = []
        for option in options {
            if let entries = option.mapping.map({ _ in mapping(option, "an option of '\(name)'") ?? [] }) {
                var constants: [NestedOption.Constant] = [], found: [(key: String, keyNode: Node, value: Node)] = []
                checkKeys(entries, allowed: entries.map(\.key), in: "an option of '\(name)'")
                for entry in entries {
                    if isHyperoptExpression(entry.value) {
                        found.append((entry.key, entry.keyNode, entry.value))
                    } else if entry.value.scalar != nil, let value = typedValue(entry.value, "'\(entry.key)' in an option of '\(name)'") {
                        constants.append(NestedOption.Constant(key: entry.key, value: value))
                    } else if reportedMisspeltExpression(entry.value, name: "\(name).\(entry.key)") {
                        return nil
                    } else if entry.value.scalar == nil {
                        fail(.wrongType, at: entry.value,
                             "'\(entry.key)' in an option of '\(name)' is \(describe(entry.value)), neither a plain value nor a hyperopt expression",
                             fix: "give a constant, or an expression such as ['uniform', 0, 1] (a mapping inside an option is not read: put its entries in the option)")
                        return nil
                    } else {
                        return nil
                    }
                }
                shapes.append(.object(constants: constants, keys: found.map(\.key)))
                candidates.append(constants.first { if case .string = $0.value { true } else { false } }?.value.description)
                expressions.append(found)
            } else if isHyperoptExpression(option) {
                shapes.append(.expression)
                candidates.append(option.sequence?.first?.scalar?.string)
                expressions.append([("", option, option)])
            } else if reportedMisspeltExpression(option, name: name) {
                return nil
            } else if option.scalar == nil {
                fail(.wrongType, at: option,
                     "an option of '\(name)' is \(describe(option)), which is neither a plain value, a mapping nor a hyperopt expression",
                     fix: "write a value, a mapping such as {type: svm, C: ['lognormal', 0, 1]}, or an expression such as ['randint', 10]")
                return nil
            } else if let value = typedValue(option, "an option of '\(name)'") {
                shapes.append(.value(value))
                candidates.append(value.description)
                expressions.append([])
            } else {
                return nil
            }
        }
        if shapes.filter({ $0 == .expression }).count > 1 {
            fail(.badValue, at: options[1], "'\(name)' has more than one option that is an expression: config.json could not tell them apart",
                 fix: "merge them into one expression, or put each in a mapping with a constant, e.g. {kind: a, x: [...]}")
            return nil
        }
        for (index, shape) in shapes.enumerated() where shapes[..<index].contains(shape) {
            fail(.duplicateValue, at: options[index],
                 "option \(index + 1) of '\(name)' looks like an earlier one in config.json (the same constants and keys)",
                 fix: "give the options a constant that tells them apart, e.g. type: a and type: b")
            return nil
        }
        // The candidates when they tell every option apart, else every option's index.
        let unique = candidates.allSatisfy { $0 != nil } && Set(candidates.compactMap { $0 }).count == candidates.count
        let labels = unique ? candidates.compactMap { $0 } : options.indices.map(String.init)
        return zip(labels, zip(shapes, expressions)).map { label, pair in
            (NestedOption(label: label, shape: pair.0), pair.1)
        }
    }
}
