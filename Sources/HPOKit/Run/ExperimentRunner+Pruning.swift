import Foundation
import Synchronization

/// Stopping trials that the pruner names (DESIGN.md "Early-stop protocol"): the marker file
/// first, then, unless the trial ends by itself within `pruneGrace`, its process group (or
/// Slurm job) as for a timeout. The trial's state is then `pruned`.
extension ExperimentRunner {
    /// The file written in a pruned trial's directory; the training code may check it
    /// (EMetrics `shouldStop`, emetrics.py `should_stop()`) and stop cleanly.
    public static let stopMarker = "hporun-stop"
    /// How long a pruned trial has to end by itself before its group is stopped.
    public static let pruneGrace: Duration = .seconds(5)

    /// The pruner of the manifest (with `--pruner` applied), nil for none.
    nonisolated var pruner: (any Pruner)? { manifest.method.pruner?.makePruner() }

    /// A trial's config.json: the point's hyperparameters, and Polyaxon's hyperband resource
    /// (`hyperband_resource`) with the value max_iter when the manifest names one.
    nonisolated func trialConfig(_ point: Point) -> Config {
        var config = space.decode(point)
        if let (name, value) = manifest.method.pruner?.resourceEntry { config[name] = value }
        return config
    }

    /// A running trial's new TEST value of the objective: asks the pruner, and on its first
    /// stop writes the marker and starts the stop.
    nonisolated func judge(_ subid: String, iteration: Int, value: Double, pruner: any Pruner,
                           handle: TrialHandleBox) {
        guard let stop = pruning.add(subid, .init(iteration: iteration, value: value), pruner: pruner,
                                     direction: manifest.method.direction) else { return }
        let trialDirectory = directory.trialDirectory(subid)
        // A resumed run must not take the end of a trial told to stop for its own (TrialStopFile).
        TrialStopFile.record(.stop, in: trialDirectory)
        let marker = trialDirectory.appendingPathComponent(Self.stopMarker)
        try? Data("pruned at iteration \(stop.iteration): \(stop.reason)\n".utf8).write(to: marker, options: .atomic)
        Task { [launcher, options, pruning] in
            let deadline = ContinuousClock.now + Self.pruneGrace
            while ContinuousClock.now < deadline, !pruning.hasExited(subid) {
                try? await Task.sleep(for: .milliseconds(50))
            }
            guard !pruning.hasExited(subid), let handle = handle.value else { return }
            await launcher.stop(handle, grace: options.grace)
        }
    }

    /// A trial its pruner stopped: `pruned`, whatever its exit, with the iteration and the
    /// reason. Its objective is taken from its TEST values up to that iteration (what it wrote
    /// later depends on how soon it saw the stop); `best` never picks it, and the optimizer
    /// takes it as a (pessimistic) observation.
    nonisolated func settlePruned(_ record: inout TrialRecord, exit: TrialExit) {
        guard let stop = pruning.stop(of: record.subid) else { return }
        if case .refused = exit { return }
        record.state = .pruned
        record.prunedAtIteration = stop.iteration
        record.failureReason = "pruned at iteration \(stop.iteration): \(stop.reason)"
        let values = PruneBoard.curve(record, objective: manifest.method.objective).entries.map(\.value)
            .filter(\.isFinite)
        let isBetter: (Double, Double) -> Bool = manifest.method.direction == .maximize ? { $0 > $1 } : { $0 < $1 }
        record.objective = manifest.method.objectiveStrategy == .last
            ? values.last : values.reduce(nil) { best, value in best.map { isBetter(value, $0) ? value : $0 } ?? value }
    }
}

extension ExperimentRunner {
    /// A pruner decides per iteration, on a trial's first record at each new one. A training
    /// program that writes its TEST records without `etimes.iteration` (hand-written JSON
    /// lines) has them all at iteration 0: the pruner sees one record per trial and stops
    /// nothing, silently. The first finished trial whose objective has several TEST records, all
    /// at one iteration, makes the run say so, once, with the fix.
    func noteUnjudgeableCurve(_ record: TrialRecord) {
        guard !saidUnjudgeable, manifest.method.pruner != nil else { return }
        let objective = manifest.method.objective
        let entries = record.testHistory.metrics[objective] ?? []
        guard entries.count >= 2, let first = entries.first?.iteration, entries.allSatisfy({ $0.iteration == first })
        else { return }
        saidUnjudgeable = true
        events(.notice("the pruner cannot judge trial \(record.subid): its \(entries.count) TEST records of '\(objective)' "
            + "are all at iteration \(first) (no etimes.iteration?), and a pruner compares trials iteration by iteration; "
            + "write each epoch's number as the record's iteration (emetrics.py: em.record(\"test\", epoch, values); "
            + "EMetrics: record(.test, iteration: epoch, values: ...))"))
    }
}

/// A trial's handle once the launcher has it, shared with the pruner's stop.
final class TrialHandleBox: Sendable {
    private let handle: Mutex<TrialHandle?>

    init(_ handle: TrialHandle?) {
        self.handle = Mutex(handle)
    }

    var value: TrialHandle? {
        get { handle.withLock { $0 } }
        set { handle.withLock { $0 = newValue } }
    }
}
