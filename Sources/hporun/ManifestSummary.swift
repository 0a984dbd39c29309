import HPOKit

/// What `hporun validate` (and the start of a run) shows of a manifest.
struct ManifestSummary {
    let lines: [String]

    init(_ manifest: Manifest) {
        var lines = ["dialect: \(manifest.dialect.rawValue) (\(manifest.dialect.title))"]
        if let name = manifest.experimentName { lines.append("experiment: \(name)") }
        if let reference = manifest.trainingReference { lines.append("training reference: \(reference)") }
        if let command = manifest.command {
            lines.append("command: \(command)" + (manifest.commandNote.map { " (from \($0))" } ?? ""))
        } else if let note = manifest.commandNote {
            lines.append("command: the one after -- (\(note))")
        }
        let method = manifest.method
        lines.append("method: \(method.name.rawValue)")
        lines.append("  objective: \(method.objective) (\(method.direction.rawValue), \(method.objectiveStrategy.rawValue) of the TEST history)")
        lines.append("  num_optimizer_steps: \(method.numOptimizerSteps)")
        if let value = method.maxConcurrentTrials { lines.append("  max_concurrent_trials: \(value)") }
        if let value = method.randomSeed { lines.append("  random_seed: \(value)") }
        if let value = method.trialTimeoutSeconds { lines.append("  trial_timeout_seconds: \(value)") }
        if let value = method.maxFailedTrials { lines.append("  max_failed_trials: \(value)") }
        if let value = method.launcher { lines.append("  launcher: \(value.rawValue)") }
        if let value = method.slurmArguments { lines.append("  slurm_args: \(value.joined(separator: " "))") }
        if let value = method.timeInterval { lines.append("  time_interval: \(value)") }
        if let value = method.pruner { lines.append("  pruner: \(value.summary)") }
        for rule in method.earlyStoppingRules { lines.append("  early_stopping: \(rule.summary)") }
        if method.filename != Method.defaultFilename { lines.append("  filename: \(method.filename)") }
        for option in MethodOption.all where option.method == method.name {
            lines.append("  \(option.name): " + (method.options[option.name].map(\.description) ?? "\(option.defaultText) (default)"))
        }
        let space = manifest.space
        lines.append("hyperparameters:")
        lines += zip(space.hyperParameters, space.describe()).map { parameter, line in
            "  " + Self.quotingStrings(line, of: parameter)
        }
        if let size = space.finiteSize {
            lines.append("space: \(size) configuration\(size == 1 ? "" : "s")")
        } else {
            lines.append("space: continuous (infinitely many configurations)")
        }
        lines += manifest.notes.map { "note: \($0)" }
        self.lines = lines
    }

    /// A string_values line with each value shown as `status` shows it: quoted when it is
    /// empty or holds a space, a quote or a control character (`["two words", adam, ""]`).
    static func quotingStrings(_ line: String, of parameter: HyperParameter) -> String {
        guard case .stringValues(let values) = parameter.domain else { return line }
        let plain = "[" + values.joined(separator: ", ") + "]"
        let quoted = "[" + values.map(TerminalText.quoted).joined(separator: ", ") + "]"
        guard let range = line.range(of: plain) else { return line }
        return line.replacingCharacters(in: range, with: quoted)
    }
}
