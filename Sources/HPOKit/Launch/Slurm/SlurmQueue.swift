import Foundation

/// Asks `squeue` about the jobs being followed, all of them in one call and at most once per
/// `interval`, however many trials run: a controller is shared by everyone on a cluster.
actor SlurmQueue {
    private let commands: SlurmCommands
    private let interval: Duration
    private var watched: Set<String> = []
    private var states: [String: SlurmJobState] = [:]
    private var refreshedAt: ContinuousClock.Instant?
    /// The squeue call under way, and the jobs it asks about; callers arriving meanwhile wait
    /// for it rather than start another.
    private var inFlight: (ids: Set<String>, task: Task<SlurmCommands.Output, Never>)?

    init(commands: SlurmCommands, interval: Duration) {
        self.commands = commands
        self.interval = interval
    }

    /// What squeue says of the job now, or at most `interval` ago.
    func state(of id: String) async -> SlurmJobState {
        if watched.insert(id).inserted { refreshedAt = nil }
        while true {
            if let refreshedAt, ContinuousClock.now - refreshedAt < interval, let state = states[id] { return state }
            await refresh()
            if let state = states[id] { return state }
        }
    }

    /// Stops asking about a job.
    func forget(_ id: String) {
        watched.remove(id)
        states[id] = nil
    }

    private func refresh() async {
        let flight: (ids: Set<String>, task: Task<SlurmCommands.Output, Never>)
        if let inFlight {
            flight = inFlight
        } else {
            let ids = watched
            let commands = commands
            let arguments = ["--noheader", "--states=all", "--format=%i %T", "--jobs=\(ids.sorted().joined(separator: ","))"]
            flight = (ids, Task { await commands.run(commands.squeue, arguments) })
            inFlight = flight
        }
        let output = await flight.task.value
        if inFlight?.task == flight.task {
            inFlight = nil
            apply(output, asked: flight.ids)
            refreshedAt = .now
        }
    }

    private func apply(_ output: SlurmCommands.Output, asked ids: Set<String>) {
        // squeue exits 1 with "Invalid job id specified" when none of the jobs is known any
        // more; when some are, the others are simply not listed.
        let noneKnown = !output.succeeded && output.standardError.contains("Invalid job id")
        guard output.succeeded || noneKnown else {
            for id in ids { states[id] = .unknown(output.message) }
            return
        }
        var listed: [String: SlurmJobState] = [:]
        for line in output.standardOutput.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            listed[String(fields[0])] = SlurmJobState(squeueState: String(fields[1]))
        }
        for id in ids { states[id] = listed[id] ?? .gone }
    }
}
