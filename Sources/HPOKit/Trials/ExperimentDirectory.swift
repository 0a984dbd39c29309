import Foundation

/// The experiment directory is the database (PROTOCOL.md section 1):
///
///     <dir>/experiment.json
///     <dir>/trials/0001/{config.json, trial.json, stdout.log, stderr.log, evaluation-metrics.txt, ...}
///
/// Every file hporun writes here is written atomically, so any instant of a crash leaves a
/// directory that a second run can resume.
///
/// What a power cut must not lose is flushed to disk (fsync): experiment.json at once, and
/// each trial's final record, its result, with its config.json and its entry in trials/,
/// by a background flusher (`DiskFlusher`) that a run waits for before it ends. A trial's
/// creation and its start (pid, Slurm job id) are not flushed: a power cut stops the trial
/// anyway, and at worst leaves its directory missing or its files empty, which a resumed
/// run skips (its SUBID is not used again). That keeps hporun's cost per trial near a shell
/// loop's (`make bench-runner`): the fsyncs were most of it on ext4.
public struct ExperimentDirectory: Sendable {
    public let url: URL
    /// Shared by the copies of this value.
    let flusher = DiskFlusher()
    public var experimentFile: URL { url.appendingPathComponent("experiment.json") }
    public var trialsDirectory: URL { url.appendingPathComponent("trials") }
    var launches: LaunchJournal { LaunchJournal(url: url.appendingPathComponent("launches.log")) }

    public init(_ url: URL) {
        self.url = url.standardizedFileURL
    }

    public func create() throws(TrialStoreError) {
        try FileManager.makeDirectories(trialsDirectory, reported: url.path)
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: experimentFile.path) }

    public static func subid(_ number: Int) -> String {
        number < 10_000 ? String(format: "%04d", number) : String(number)
    }

    /// The largest SUBID number hporun gives; names beyond it (or not written as hporun
    /// writes them: `0007`, `12345`) are not trials, whoever made them.
    public static let largestSubidNumber = 99_999_999

    /// The number of a SUBID as hporun writes them, or nil for any other name.
    public static func subidNumber(_ name: some StringProtocol) -> Int? {
        guard (4...8).contains(name.utf8.count), name.utf8.allSatisfy({ (48...57).contains($0) }),
              let number = Int(name), number >= 1, subid(number) == name else { return nil }
        return number
    }

    public func trialDirectory(_ subid: String) -> URL {
        trialsDirectory.appendingPathComponent(subid)
    }

    // MARK: experiment.json

    public func loadExperiment() throws(TrialStoreError) -> ExperimentRecord? {
        guard let data = try? Data(contentsOf: experimentFile) else { return nil }
        do {
            return try Self.decoder.decode(ExperimentRecord.self, from: data)
        } catch {
            throw .corrupt(path: experimentFile.path, reason: Self.plain(error))
        }
    }

    public func save(_ experiment: ExperimentRecord) throws(TrialStoreError) {
        try AtomicFile.write(try Self.encode(experiment, at: experimentFile), to: experimentFile)
    }

    // MARK: trials

    /// Every trial with a readable trial.json, by SUBID; a running one with its pid or Slurm
    /// job from launches.log.
    public func loadTrials() throws(TrialStoreError) -> [TrialRecord] {
        let launched = launches.handles()
        var records: [TrialRecord] = []
        for name in trialNames() {
            let file = trialDirectory(name).appendingPathComponent("trial.json")
            // No trial.json, or an empty one (a trial created just before a power cut, never
            // flushed): the trial never ran as far as the directory knows.
            guard let data = try? Data(contentsOf: file), !data.isEmpty else { continue }
            do {
                var record = try Self.decoder.decode(TrialRecord.self, from: data)
                guard record.subid == name else { continue }  // not hporun's record of this trial
                if !record.state.isFinal, record.handle == nil { record.handle = launched[name] }
                records.append(record)
            } catch {
                throw .corrupt(path: file.path, reason: Self.plain(error))
            }
        }
        return records.sorted { $0.number < $1.number }
    }

    /// The next SUBID: the first free name past the largest SUBID that hporun recorded, in
    /// launches.log or as a trial.json of its own. What merely appears in trials/ does not
    /// move it (a trial may create `$LOG_DIR/9999`; such a name is only skipped when
    /// reached), nor does deleting a trial's directory free its SUBID while launches.log
    /// names it. Odd or huge names (`9223372036854775807`) are ignored.
    public func nextSubidNumber() -> Int {
        let journaled = launches.subids().compactMap { Self.subidNumber($0) }
        let recorded = trialNames().compactMap { name -> Int? in
            let file = trialDirectory(name).appendingPathComponent("trial.json")
            let attributes = try? FileManager.default.attributesOfItem(atPath: file.path)
            guard let size = attributes?[.size] as? Int, size > 0 else { return nil }
            return Self.subidNumber(name)
        }
        return firstFreeSubidNumber(from: min((journaled + recorded).max() ?? 0, Self.largestSubidNumber - 1) + 1)
    }

    /// The names in trials/ that are SUBIDs as hporun writes them.
    private func trialNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trialsDirectory.path)) ?? []
        return names.filter { Self.subidNumber($0) != nil }
    }

    /// Removes the staging folders (`.0003.creating`) a crash left in trials/: run only by
    /// the runner that holds the experiment's lock.
    public func removeStagingLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: trialsDirectory.path)) ?? []
        for name in names where name.hasPrefix(".") && name.hasSuffix(".creating") {
            try? FileManager.default.removeItem(at: trialsDirectory.appendingPathComponent(name))
        }
    }

    /// The first SUBID number from `number` on whose name is free in trials/.
    public func firstFreeSubidNumber(from number: Int) -> Int {
        var number = number
        var info = stat()
        while number < Self.largestSubidNumber, lstat(trialDirectory(Self.subid(number)).path, &info) == 0 {
            number += 1
        }
        return number
    }

    /// Makes the trial's directory with its config.json and first trial.json, all at once:
    /// they are written in a hidden folder that is then renamed, so a crash of hporun never
    /// leaves a trial directory without its files (a power cut may: see the type's comment).
    /// If the record's SUBID is taken meanwhile (a trial made that folder), the next free
    /// one is used: returns the record as created.
    @discardableResult
    public func createTrial(_ record: TrialRecord, config: Config) throws(TrialStoreError) -> TrialRecord {
        var record = record
        var number = record.number
        while true {
            record.subid = Self.subid(number)
            let final = trialDirectory(record.subid)
            let staging = trialsDirectory.appendingPathComponent(".\(record.subid).creating")
            try? FileManager.default.removeItem(at: staging)
            guard mkdir(staging.path, 0o755) == 0 else {
                throw .system(.create, staging.path)
            }
            try AtomicFile.writeNew(Data(config.jsonText.utf8), to: staging.appendingPathComponent("config.json"))
            try AtomicFile.writeNew(try Self.encode(record, at: final), to: staging.appendingPathComponent("trial.json"))
            // rename(2) would replace an empty directory someone else made: only a free name is taken.
            var info = stat()
            var reason = EEXIST
            if lstat(final.path, &info) != 0 {
                if rename(staging.path, final.path) == 0 { return record }
                reason = errno
            }
            try? FileManager.default.removeItem(at: staging)
            guard [EEXIST, ENOTEMPTY, ENOTDIR, EISDIR].contains(reason), number < Self.largestSubidNumber else {
                throw .system(.create, final.path, code: reason)
            }
            number = firstFreeSubidNumber(from: number + 1)
        }
    }

    /// Records that the trial has started, and how to stop or follow it (launches.log).
    public func recordLaunch(_ subid: String, _ handle: TrialHandle) throws(TrialStoreError) {
        try launches.append(subid, handle)
    }

    /// Writes trial.json. A final record (completed, failed, interrupted) is then queued to
    /// be flushed to disk with everything the trial's directory needs to be found and read
    /// after a power cut; a running one is not (see the type's comment).
    public func save(_ record: TrialRecord) throws(TrialStoreError) {
        let directory = trialDirectory(record.subid)
        let file = directory.appendingPathComponent("trial.json")
        try AtomicFile.write(try Self.encode(record, at: file), to: file, durable: false)
        if record.state.isFinal {
            flusher.flush(files: [directory.appendingPathComponent("config.json").path, file.path],
                          directories: [directory.path, trialsDirectory.path])
        }
    }

    /// Returns once every final record saved so far is on disk.
    public func waitUntilFlushed() {
        flusher.waitUntilFlushed()
    }

    // MARK: coding

    /// Times as ISO 8601 in UTC with milliseconds (`2026-11-23T04:52:24.123Z`), so
    /// durations survive a round trip through trial.json.
    static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        // An inactive (conditional) parameter's coordinate in a trial's point is NaN.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            if let date = (try? dateStyle.parse(text)) ?? (try? Date.ISO8601FormatStyle().parse(text)) { return date }
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
        }
        return decoder
    }()

    /// A coding error in plain words (Swift's own text is a dump of coding keys).
    static func plain(_ error: any Error) -> String {
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : " at '\(path)'"
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "the key '\(key.stringValue)' is missing\(at(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "an unexpected value\(at(context)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(context.debugDescription)\(at(context))"
        case EncodingError.invalidValue(let value, _): return "\(value) has no JSON form"
        default: return (error as? LocalizedError)?.errorDescription ?? "\(type(of: error))"
        }
    }

    static func encode<T: Encodable>(_ value: T, at url: URL) throws(TrialStoreError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(dateStyle))
        }
        do {
            return try encoder.encode(value) + Data("\n".utf8)
        } catch {
            throw .io(path: url.path, reason: "a value cannot be written as JSON (\(Self.plain(error)))")
        }
    }
}
