import Yams

/// `hyper_parameters_optimization.starting_points`: configurations to run first, in order,
/// before the optimizer proposes (hporun's own key; DeepHyper's starting point, Optuna's
/// `enqueue_trial` written in the manifest). Each is a mapping of hyperparameter name to
/// value, checked against the space here, so a wrong one is refused before anything runs
/// (a parameter left out takes its `default`; one inactive under the others' values is left out):
///
///     starting_points:
///     - {learning_rate: 0.01, hidden: 64, optimizer: adam}
///     - {learning_rate: 0.001, hidden: 128, optimizer: sgd}
extension ManifestReader {
    /// - Parameter grid: whether the method is `grid`, which refuses a starting point that
    ///   repeats the defaults or an earlier one (it runs each point once within a budget of
    ///   its points, so a repeat took the place of a point never run); another method runs
    ///   it twice, with a note.
    mutating func startingPoints(_ node: Node, hyperParameters: [HyperParameter], grid: Bool = false) -> [Config] {
        guard let items = sequence(node, "starting_points") else { return [] }
        let names = hyperParameters.map(\.name)
        var points: [Config] = []
        let space = SearchSpace(hyperParameters)
        var earlier: [(point: Point, what: String)] = space.defaultsPoint.map { [($0, "the defaults, which the first trial runs")] } ?? []
        for (index, item) in items.enumerated() {
            let what = "starting point \(index + 1)"
            guard let entries = mapping(item, what) else { continue }
            var config = Config()
            var valid = true
            var seen: Set<String> = []
            for entry in entries {
                guard let parameter = hyperParameters.first(where: { $0.name == entry.key }) else {
                    fail(.unknownKey, at: entry.keyNode, "\(what) names '\(entry.key)', which is not a hyperparameter",
                         fix: nearestKey(to: entry.key, in: names).map { "did you mean '\($0)'?" }
                            ?? "the hyperparameters are: \(names.joined(separator: ", "))")
                    valid = false
                    continue
                }
                if !seen.insert(entry.key).inserted {
                    fail(.conflictingKeys, at: entry.keyNode, "'\(entry.key)' appears twice in \(what)", fix: "keep one of them")
                    valid = false
                    continue
                }
                guard let value = startingValue(entry.value, parameter, what) else {
                    valid = false
                    continue
                }
                config[parameter.name] = value
            }
            // The whole configuration: every active parameter has a value, no inactive one has.
            // A parameter left out takes its default, when it has one.
            if valid {
                do {
                    config = try SearchSpace(hyperParameters).withDefaults(config)
                } catch .missing(let name) {
                    let parameter = hyperParameters.first { $0.name == name }!
                    fail(.missingKey, at: item, "\(what) has no value for '\(name)'",
                         fix: "give every hyperparameter that is active a value, e.g. \(name): in "
                            + SearchSpace([parameter]).describe(parameter))
                    valid = false
                } catch .inactive(let name, let condition) {
                    fail(.badValue, at: entries.first { $0.key == name }?.keyNode ?? item,
                         "'\(name)' in \(what) is inactive there: it exists only when \(condition)",
                         fix: "leave '\(name)' out of this starting point")
                    valid = false
                } catch {
                    fail(.badValue, at: item, "\(what): \(error.errorDescription ?? "\(error)")")
                    valid = false
                }
            }
            if valid, let point = try? space.encode(config) {
                if let same = earlier.first(where: { SearchSpace.samePoint($0.point, point) }) {
                    if grid {
                        fail(.badValue, at: item, "\(what) is the configuration of \(same.what); method grid runs each point "
                                + "once (its budget is cut to their number), so a repeat would take the place of a point never run",
                             fix: "remove it")
                    } else {
                        dialectNotes.append("\(what) is the configuration of \(same.what): it runs twice")
                    }
                }
                earlier.append((point, what))
            }
            if valid { points.append(config) }
        }
        return points
    }

    /// The value of one hyperparameter in a starting point, if it is a plain value in the
    /// parameter's space (an error at the value otherwise).
    private mutating func startingValue(_ node: Node, _ parameter: HyperParameter, _ what: String) -> ParameterValue? {
        let value: ParameterValue?
        switch kindTag(node) {
        case .str where node.scalar != nil: value = node.string.map { .string($0) }
        case .int where node.scalar != nil: value = node.int.map { .int($0) }
        case .float where node.scalar != nil: value = node.float.flatMap { $0.isFinite ? .double($0) : nil }
        default: value = nil
        }
        let space = SearchSpace([HyperParameter(name: parameter.name, domain: parameter.domain)])  // its conditions aside
        guard let value else {
            fail(.wrongType, at: node, "'\(parameter.name)' in \(what) must be a plain value, not \(describe(node))",
                 fix: "a value in \(space.describe(parameter))")
            return nil
        }
        do {
            _ = try space.encode(Config([(parameter.name, value)]))
            return value
        } catch {
            fail(.badValue, at: node, "'\(parameter.name)' = \(node.scalar?.string ?? value.description) in \(what) "
                    + "is not in its space", fix: "use a value in \(space.describe(parameter))")
            return nil
        }
    }
}
