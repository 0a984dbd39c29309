import Foundation
import Yams

/// The parts of a Polyaxon search both file versions write the same way (their keys aside):
/// the metric, hyperband's resource, bo's utility function, v1's `run`.
extension ManifestReader {
    /// `metric: {name: loss, optimization: minimize}`.
    mutating func polyaxonMetric(_ node: Node) -> (name: String, direction: Direction)? {
        guard let entries = mapping(node, "metric") else { return nil }
        checkKeys(entries, allowed: ["name", "optimization"], in: "metric")
        guard let nameEntry = entry("name", in: entries) else {
            fail(.missingKey, at: node, "the metric has no 'name'", fix: "e.g. metric: {name: loss, optimization: minimize}")
            return nil
        }
        var direction = Direction.maximize
        if let node = entry("optimization", in: entries)?.value { direction = self.direction(node, "optimization") ?? .maximize }
        return string(nameEntry.value, "metric name").map { ($0, direction) }
    }

    /// `resource: {name: num_steps, type: int}`.
    mutating func polyaxonResource(_ node: Node) -> (name: String, isInt: Bool, node: Node)? {
        guard let entries = mapping(node, "resource") else { return nil }
        checkKeys(entries, allowed: ["name", "type"], in: "resource")
        guard let nameEntry = entry("name", in: entries), let name = string(nameEntry.value, "resource name") else {
            fail(.missingKey, at: node, "the resource has no 'name'", fix: "e.g. resource: {name: num_steps, type: int}")
            return nil
        }
        var isInt = true
        if let type = entry("type", in: entries), let text = string(type.value, "resource type") {
            switch text.lowercased() {
            case "int", "integer": isInt = true
            case "float", "double": isInt = false
            default: fail(.badValue, at: type.value, "resource type '\(text)'", fix: "use 'int' or 'float'")
            }
        }
        return (name, isInt, nameEntry.value)
    }

    /// `utility_function` (v1) / `utilityFunction` (v1.1): the acquisition and the GP's kernel.
    mutating func polyaxonUtility(
        _ node: Node, _ search: inout PolyaxonSearch,
        keys: (acquisition: String, process: String, lengthScale: String, restarts: String)
    ) {
        guard let entries = mapping(node, "the utility function") else { return }
        checkKeys(entries, allowed: [keys.acquisition, "kappa", "eps", keys.process], in: "the utility function")
        if let value = entry(keys.acquisition, in: entries), let text = string(value.value, keys.acquisition) {
            if ["ucb", "ei", "poi"].contains(text.lowercased()) {
                search.acquisition = text
            } else {
                fail(.badValue, at: value.value, "\(keys.acquisition) is '\(text)'", fix: "use ucb, ei or poi")
            }
        }
        if let value = entry("kappa", in: entries) { search.kappa = double(value.value, "kappa") }
        if let value = entry("eps", in: entries) { search.xi = double(value.value, "eps") }
        guard let process = entry(keys.process, in: entries), let gp = mapping(process.value, keys.process) else { return }
        checkKeys(gp, allowed: ["kernel", keys.lengthScale, "nu", keys.restarts], in: keys.process)
        if let value = entry("kernel", in: gp), let text = string(value.value, "kernel") {
            if ["matern", "rbf"].contains(text.lowercased()) {
                search.kernel = text
            } else {
                fail(.badValue, at: value.value, "kernel is '\(text)'", fix: "use matern or rbf")
            }
        }
        if let value = entry("nu", in: gp), let nu = double(value.value, "nu") {
            if nu <= 0 { fail(.badValue, at: value.value, "nu must be above 0") } else { search.nu = nu }
        }
        for key in [keys.lengthScale, keys.restarts] where entry(key, in: gp) != nil {
            dialectNotes.append("bo: \(key) is not used (hporun fits the GP's length scales by marginal likelihood)")
        }
    }

    /// Hyperband cannot run without its budget, resource and metric.
    mutating func requireHyperband(_ search: PolyaxonSearch, at node: Node,
                                   keys: (maxIterations: String, eta: String, resource: String, metric: String)) {
        let missing = [(search.maxIterations == nil, keys.maxIterations), (search.eta == nil, keys.eta),
                       (search.resource == nil, keys.resource), (search.metric == nil, keys.metric)]
            .filter(\.0).map(\.1)
        if !missing.isEmpty {
            fail(.missingKey, at: node, "hyperband needs \(missing.joined(separator: ", "))",
                 fix: "e.g. \(keys.maxIterations): 81, \(keys.eta): 3, \(keys.resource): {name: num_steps, type: int}, "
                    + "\(keys.metric): {name: loss, optimization: minimize}")
        }
    }

    /// v1's `run`: `cmd` is the command (`{{ name }}` for matrix values and declarations); the
    /// image and build steps are the cluster's.
    mutating func polyaxonRun(_ run: Entry?, parameters: [HyperParameter]) -> String? {
        guard let run, let entries = mapping(run.value, "run") else {
            dialectNotes.append("the file has no run.cmd: give the command after --")
            return nil
        }
        var command: String?
        for item in entries {
            if item.key == "cmd" {
                if let text = polyaxonCommand(item.value) {
                    checkCommand(text, at: item.value, hyperParameters: parameters)
                    command = text
                }
            } else {
                dialectNotes.append("run.\(item.key) is for Polyaxon's cluster; ignored")
            }
        }
        if command == nil { dialectNotes.append("the file has no run.cmd: give the command after --") }
        return command
    }

    /// A command as text: a list of lines joins with `&&` (Polyaxon ran them in turn); a
    /// plain scalar written over several lines with a `\` at their ends (which YAML folds into
    /// `\ `) is one line again.
    mutating func polyaxonCommand(_ node: Node) -> String? {
        if let items = node.sequence {
            let lines = items.compactMap { string($0, "a line of the command") }
            return lines.count == items.count ? lines.joined(separator: " && ") : nil
        }
        guard let text = string(node, "cmd") else { return nil }
        guard node.scalar?.style == .plain, let line = node.mark?.line, line >= 1, line <= sourceLines.count,
              sourceLines[line - 1].trimmingCharacters(in: .whitespaces).hasSuffix("\\") else { return text }
        return text.replacingOccurrences(of: #" *\\ +"#, with: " ", options: .regularExpression)
    }
}
