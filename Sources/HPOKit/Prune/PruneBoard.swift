import Synchronization

/// The objective's TEST curves of an experiment's trials as the runner knows them: finished
/// trials' as recorded in their trial.json, running ones' as read so far. The runner asks
/// the pruner from it on each new TEST record; it holds nothing else that decides, so a
/// resumed run (seeded from the directory) decides as the uninterrupted run would have.
final class PruneBoard: Sendable {
    /// A pruner's stop of a running trial.
    struct Stop: Sendable, Equatable {
        var iteration: Int
        var reason: String
    }

    private struct State {
        /// Finished trials' curves (as recorded), and the same in SUBID order, kept as trials
        /// finish, so that a record costs no sort nor copy of the whole board.
        var finished: [String: TrialCurve] = [:]
        var finishedInOrder: [TrialCurve] = []
        /// Running trials' curves, bounded as trial.json's are (`MetricCurve`).
        var live: [String: MetricCurve] = [:]
        var stops: [String: Stop] = [:]
        var exited: Set<String> = []

        /// Sets (or with nil removes) a finished trial's curve, keeping the ordered list.
        mutating func setFinished(_ subid: String, _ curve: TrialCurve?) {
            let index = finishedInOrder.partitioningIndex { $0.subid >= subid }
            let present = index < finishedInOrder.count && finishedInOrder[index].subid == subid
            switch (curve, present) {
            case (let curve?, true): finishedInOrder[index] = curve
            case (let curve?, false): finishedInOrder.insert(curve, at: index)
            case (nil, true): finishedInOrder.remove(at: index)
            case (nil, false): break
            }
            finished[subid] = curve
        }

        /// What a running trial is judged against: every finished curve but its own, then the
        /// other running trials' curves as read so far (few: at most --parallel).
        func others(than subid: String) -> [TrialCurve] {
            var others = finished[subid] == nil ? finishedInOrder : finishedInOrder.filter { $0.subid != subid }
            for key in live.keys.sorted() where key != subid && finished[key] == nil {
                if let curve = live[key], !curve.entries.isEmpty { others.append(TrialCurve(subid: key, entries: curve.entries)) }
            }
            return others
        }
    }

    private let state = Mutex(State())

    /// The curves of the trials an earlier run finished (completed, failed or pruned: an
    /// interrupted trial's point runs again from its start, and a superseded one is set aside).
    func seed(_ trials: [TrialRecord], objective: String) {
        state.withLock { state in
            for trial in trials where trial.state.countsAsFinished {
                state.setFinished(trial.subid, Self.curve(trial, objective: objective))
            }
        }
    }

    /// A running trial's emetrics file was read again from its start.
    func restart(_ subid: String) {
        state.withLock { state in
            state.setFinished(subid, nil)
            state.live[subid] = MetricCurve()
        }
    }

    /// Adds a running trial's new TEST value and, when it is at a new highest iteration, asks
    /// the pruner; returns the stop the first time the pruner decides one (nil otherwise, and
    /// for every later record). A value at an iteration already passed is kept, not judged,
    /// so a trial writing the same iteration in a loop costs one decision.
    func add(_ subid: String, _ entry: TestHistory.Entry, pruner: any Pruner, direction: Direction) -> Stop? {
        state.withLock { state in
            let previous = state.live[subid]?.last?.iteration
            state.live[subid, default: MetricCurve()].append(entry)
            guard state.stops[subid] == nil, entry.value.isFinite, previous.map({ entry.iteration > $0 }) ?? true
            else { return nil }
            let trial = TrialCurve(subid: subid, entries: state.live[subid]?.entries ?? [])
            let others = state.others(than: subid)
            guard case .stop(let reason) = pruner.decide(PruneInput(trial: trial, others: others, direction: direction))
            else { return nil }
            let stop = Stop(iteration: entry.iteration, reason: reason)
            state.stops[subid] = stop
            return stop
        }
    }

    /// The trial's process has ended.
    func exited(_ subid: String) { _ = state.withLock { $0.exited.insert(subid) } }

    func hasExited(_ subid: String) -> Bool { state.withLock { $0.exited.contains(subid) } }

    /// The pruner's stop of the trial, if it decided one.
    func stop(of subid: String) -> Stop? { state.withLock { $0.stops[subid] } }

    /// A trial's final record: its curve becomes the recorded one (what a resumed run reads),
    /// or goes when the trial does not count (interrupted: its point runs again).
    func finish(_ record: TrialRecord, objective: String) {
        state.withLock { state in
            state.setFinished(record.subid, record.state.countsAsFinished ? Self.curve(record, objective: objective) : nil)
            state.live[record.subid] = nil
        }
    }

    /// A finished trial's curve; a pruned trial's up to the iteration it was pruned at (what
    /// it wrote before it saw the stop depends on timing, so it does not count).
    static func curve(_ trial: TrialRecord, objective: String) -> TrialCurve {
        var entries = trial.testHistory.metrics[objective] ?? []
        if trial.state == .pruned, let iteration = trial.prunedAtIteration {
            entries = Array(entries.prefix { $0.iteration <= iteration })
        }
        return TrialCurve(subid: trial.subid, entries: entries)
    }
}

private extension Array {
    /// The first index whose element satisfies `predicate`, which must be false then true along the array.
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
