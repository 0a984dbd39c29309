import Foundation

/// `hporun enqueue DIR config.json ...`: checks configurations against an experiment's space
/// and drops them in its queue (`ExperimentQueue`), for a running experiment to take before
/// its next proposal, or a resumed one when it starts.
///
/// The space is the manifest's that experiment.json names (read again, with the recorded
/// training reference), checked to be the space the experiment recorded: a manifest edited
/// since is refused, with each change.
public struct Enqueue: Sendable {
    public let directory: ExperimentDirectory
    public let experiment: ExperimentRecord
    public let space: SearchSpace

    /// - Parameter manifest: the manifest to read the space from, when it is no longer where
    ///   experiment.json says (it must still describe the recorded space).
    public init(directory: ExperimentDirectory, manifest: URL? = nil) throws {
        guard let experiment = try directory.loadExperiment() else {
            throw TrialStoreError.notAnExperiment(at: directory.url)
        }
        let manifestURL = manifest ?? URL(fileURLWithPath: experiment.manifestPath)
        let loaded: Manifest
        do {
            loaded = try ManifestLoader.load(contentsOf: manifestURL, trainingReference: experiment.trainingReference)
        } catch let errors as ManifestErrors {
            throw EnqueueError.manifest(path: manifestURL.path, reason: errors.errorDescription ?? "\(errors)")
        }
        let now = ExperimentRecord(name: experiment.name, version: experiment.hporunVersion, seed: experiment.seed,
                                   manifestPath: manifestURL.path, manifest: loaded, command: experiment.command)
        let changes = experiment.differences(from: now).filter { $0.what.hasPrefix("search space") }
        if !changes.isEmpty { throw EnqueueError.spaceChanged(path: manifestURL.path, changes: changes) }
        self.directory = directory
        self.experiment = experiment
        space = loaded.space
    }

    /// The configuration in a config.json text, checked against the space. A hyperparameter
    /// it leaves out takes its `default` when it has one (as a starting point's does):
    /// `defaulted` names those, in the space's order, for the caller to say so.
    public func check(_ data: Data, file: String) throws(EnqueueError) -> (config: Config, defaulted: [String]) {
        do {
            // A name that is no hyperparameter first: a misspelt one would else read as missing.
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            // A grouped parameter (Log(ML)'s workflow steps) sits in its group's object.
            let names = space.hyperParameters.map { $0.group ?? $0.name }
            let keys = object.keys.sorted() + space.hyperParameters.compactMap(\.group).flatMap { group in
                ((object[group] as? [String: Any])?.keys.sorted() ?? []).map { "\(group).\($0)" }
            }
            let grouped = space.hyperParameters.filter { $0.group != nil }.map { "\($0.group!).\($0.jsonKey)" }
            if let extra = keys.first(where: { !names.contains($0) && !grouped.contains($0) }) {
                throw SpaceError.unknown(name: extra)
            }
            let read = try space.config(fromJSON: data, takingDefaults: true)
            _ = try space.encode(read.config)
            return read
        } catch let error as SpaceError {
            var fix = "give each hyperparameter a value in its space:\n" + space.describe().map { "      " + $0 }.joined(separator: "\n")
            if case .unknown(let name) = error, let near = nearestKey(to: name, in: space.hyperParameters.map(\.name)) {
                fix = "did you mean '\(near)'?"
            }
            if case .missing(let name) = error, let parameter = space.hyperParameters.first(where: { $0.name == name }) {
                // It has no default to take: what to add, where, and the other way out.
                fix = "add '\(parameter.place.joined(separator: "."))' to \(file) with a value in its space, "
                    + space.describe(parameter) + "; or give it a default: in the manifest (then enqueue fills it in)"
            }
            throw .badConfiguration(file: file, reason: error.errorDescription ?? "\(error)", fix: fix)
        } catch {
            throw .badConfiguration(file: file, reason: "\(error)", fix: "")
        }
    }

    /// Adds the configurations to the queue, in order; returns their entries' names.
    public func add(_ configs: [Config]) throws(TrialStoreError) -> [String] {
        let queue = ExperimentQueue(experiment: directory)
        var names: [String] = []
        for (index, config) in configs.enumerated() { names.append(try queue.add(config, sequence: index)) }
        return names
    }

    /// The budget as it stands: trials finished, trials running, and entries waiting in the queue.
    public func budget() throws(TrialStoreError) -> (total: Int, finished: Int, unfinished: Int, queued: Int) {
        let trials = experiment.applyingRetries(to: try directory.loadTrials())
        return (experiment.method.numOptimizerSteps, trials.filter { $0.state.countsAsFinished }.count,
                trials.filter { !$0.state.isFinal }.count,
                ExperimentQueue(experiment: directory).entries().count)
    }
}

/// Why `hporun enqueue` refused a configuration.
public enum EnqueueError: Error, LocalizedError, Equatable, Sendable {
    case manifest(path: String, reason: String)
    case spaceChanged(path: String, changes: [ExperimentChange])
    case badConfiguration(file: String, reason: String, fix: String)

    public var errorDescription: String? {
        switch self {
        case .manifest(let path, let reason):
            "the experiment's manifest \(path) cannot be read, and enqueue checks configurations against its space:\n"
                + reason + "\n    fix: give the manifest with --manifest FILE"
        case .spaceChanged(let path, let changes):
            "the manifest \(path) no longer describes the experiment's space:\n"
                + changes.map { "  \($0)" }.joined(separator: "\n")
                + "\n    fix: give the manifest the experiment was run with (--manifest FILE)"
        case .badConfiguration(let file, let reason, let fix):
            "\(file): \(reason)" + (fix.isEmpty ? "" : "\n    fix: \(fix)")
        }
    }
}
