import Foundation

/// Asks `squeue` about the jobs being followed, all of them in one call and at most once per
/// `interval`, however many trials run: a controller is shared by everyone on a cluster.
actor SlurmQueue {
    private let commands: SlurmCommands
    private let interval: Duration
    private var watched: Set<String> = []
    private var states: [String: SlurmJobState] = [:]
    private var refreshedAt: ContinuousClock.Instant?
    /// When the squeue call behind `states` was made (wall clock, to compare with files' times).
    private var askedAt = Date.distantPast
    /// The squeue call under way, the jobs it asks about and when; callers arriving meanwhile
    /// wait for it rather than start another.
    private var inFlight: (ids: Set<String>, asked: Date, task: Task<SlurmCommands.Output, Never>)?

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

    /// The same, with the time squeue was asked: the state is as of then.
    func stateAndTime(of id: String) async -> (state: SlurmJobState, asked: Date) {
        let state = await state(of: id)
        return (state, askedAt)
    }

    /// Stops asking about a job.
    func forget(_ id: String) {
        watched.remove(id)
        states[id] = nil
    }

    private func refresh() async {
        let flight: (ids: Set<String>, asked: Date, task: Task<SlurmCommands.Output, Never>)
        if let inFlight {
            flight = inFlight
        } else {
            let ids = watched
            let commands = commands
            flight = (ids, Date(), Task { await Self.ask(commands, about: ids) })
            inFlight = flight
        }
        let output = await flight.task.value
        if inFlight?.task == flight.task {
            inFlight = nil
            states.merge(Self.states(output, asked: flight.ids)) { $1 }
            refreshedAt = .now
            askedAt = flight.asked
        }
    }

    /// One squeue call about `ids`, in the form `states(_:asked:)` reads.
    static func ask(_ commands: SlurmCommands, about ids: Set<String>) async -> SlurmCommands.Output {
        await commands.run(commands.squeue, [
            "--noheader", "--states=all", "--format=%i %T", "--jobs=\(ids.sorted().joined(separator: ","))",
        ])
    }

    /// What squeue's answer says of each job asked about.
    static func states(_ output: SlurmCommands.Output, asked ids: Set<String>) -> [String: SlurmJobState] {
        // squeue exits 1 with "Invalid job id specified" when none of the jobs is known any
        // more; when some are, the others are simply not listed.
        let noneKnown = !output.succeeded && output.standardError.contains("Invalid job id")
        guard output.succeeded || noneKnown else {
            return Dictionary(uniqueKeysWithValues: ids.map { ($0, .unknown(output.message)) })
        }
        var listed: [String: SlurmJobState] = [:]
        for line in output.standardOutput.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            listed[String(fields[0])] = SlurmJobState(squeueState: String(fields[1]))
        }
        return Dictionary(uniqueKeysWithValues: ids.map { ($0, listed[$0] ?? .gone) })
    }
}
