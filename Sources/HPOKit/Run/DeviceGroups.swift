import Foundation

/// The GPUs of `--gpus`, split into groups of `--gpus-per-trial`: `0,1,2,3` by 2 is `0,1` and
/// `2,3`. Each running local trial holds one group (`TrialSlots`) and gets its ids in
/// `CUDA_VISIBLE_DEVICES` and `HIP_VISIBLE_DEVICES`.
public struct DeviceGroups: Sendable, Equatable, CustomStringConvertible {
    /// The groups in the order given; each as many ids as `perTrial`.
    public let groups: [[Int]]

    /// The most GPUs a list may name: a range typed wrong (`0-99999999`) is refused, not built.
    public static let mostDevices = 1024

    /// Reads a list as typed after `--gpus`: ids and ranges, separated by commas
    /// (`0,1,2,3`, `0-3`, `0-1,4,6-7`), each id once, as many as a multiple of `perTrial`.
    public init(_ text: String, perTrial: Int = 1) throws(DeviceListError) {
        try self.init(ids: try Self.ids(in: text), perTrial: perTrial)
    }

    public init(ids: [Int], perTrial: Int) throws(DeviceListError) {
        guard perTrial >= 1 else { throw .perTrialBelowOne(perTrial) }
        guard !ids.isEmpty else { throw .empty }
        var seen = Set<Int>()
        for id in ids where !seen.insert(id).inserted { throw .duplicate(id, list: Self.text(ids)) }
        guard ids.count % perTrial == 0 else {
            throw .notAMultiple(count: ids.count, perTrial: perTrial, list: Self.text(ids))
        }
        groups = stride(from: 0, to: ids.count, by: perTrial).map { Array(ids[$0 ..< $0 + perTrial]) }
    }

    public var perTrial: Int { groups.first?.count ?? 1 }

    /// Every id, in the order given.
    public var ids: [Int] { groups.flatMap { $0 } }

    /// `0,1 | 2,3`: the groups as the run's first lines show them.
    public var description: String { groups.map(Self.text).joined(separator: " | ") }

    /// Ids as `CUDA_VISIBLE_DEVICES` takes them: `0,1`.
    public static func text(_ ids: [Int]) -> String { ids.map(String.init).joined(separator: ",") }

    /// Ids as the run's lines name them: `GPU 1`, `GPUs 2,3`.
    public static func label(_ ids: [Int]) -> String { "GPU\(ids.count == 1 ? "" : "s") \(text(ids))" }

    /// Why `parallel` trials at once cannot each hold a group of these, if they cannot.
    public func problem(parallel: Int) -> DeviceListError? {
        parallel > groups.count ? .parallelAboveGroups(parallel: parallel, groups: groups.count, perTrial: perTrial,
                                                       list: Self.text(ids)) : nil
    }

    private static func ids(in text: String) throws(DeviceListError) -> [Int] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .empty }
        var ids: [Int] = []
        for item in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
            let word = item.trimmingCharacters(in: .whitespaces)
            let ends = word.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces)[...] }
            guard let first = ends.first.flatMap(id), let last = ends.count == 2 ? id(ends[1]) : first else {
                throw .notAnID(word, list: text)
            }
            guard first <= last else { throw .descendingRange(word, list: text) }
            guard last - first < mostDevices - ids.count else { throw .tooMany(list: text) }
            ids += Array(first ... last)
        }
        return ids
    }

    /// A whole number from 0, in plain digits (no sign, no spaces inside).
    private static func id(_ word: Substring) -> Int? {
        guard !word.isEmpty, word.utf8.count <= 9, word.utf8.allSatisfy({ (48 ... 57).contains($0) }) else { return nil }
        return Int(word)
    }
}

/// A `--gpus` or `--gpus-per-trial` that cannot be used: each message says what is wrong,
/// and how to write it instead.
public enum DeviceListError: Error, LocalizedError, Equatable {
    case empty
    case notAnID(String, list: String)
    case descendingRange(String, list: String)
    case tooMany(list: String)
    case duplicate(Int, list: String)
    case perTrialBelowOne(Int)
    case notAMultiple(count: Int, perTrial: Int, list: String)
    case parallelAboveGroups(parallel: Int, groups: Int, perTrial: Int, list: String)
    /// `--gpus` with `--launcher slurm`: Slurm gives each job its devices.
    case underSlurm

    public var errorDescription: String? {
        let example = "e.g. --gpus 0,1,2,3 or --gpus 0-3"
        switch self {
        case .empty:
            return "--gpus is empty: give the ids of the GPUs the trials may use (\(example))"
        case .notAnID(let word, let list):
            let what = word.isEmpty ? " has an empty item (two commas in a row, or one at an end)"
                : ": '\(word)' is not a GPU id nor a range of them"
            return "--gpus \(list)\(what); write whole numbers from 0, as nvidia-smi numbers the GPUs, "
                + "separated by commas, or a range (\(example))"
        case .descendingRange(let word, let list):
            let ends = word.split(separator: "-")
            return "--gpus \(list): the range '\(word)' counts down; write it \(ends.last ?? "")-\(ends.first ?? "")"
        case .tooMany(let list):
            return "--gpus \(list) names more than \(DeviceGroups.mostDevices) GPUs; give the ids of this machine's GPUs "
                + "(\(example))"
        case .duplicate(let id, let list):
            return "--gpus \(list) names GPU \(id) twice; a GPU goes to one trial at a time: list each id once"
        case .perTrialBelowOne(let count):
            return "--gpus-per-trial is \(count); it must be at least 1 (the GPUs each trial holds)"
        case .notAMultiple(let count, let perTrial, let list):
            return "--gpus \(list) gives \(count) GPU(s), which do not split into groups of \(perTrial) "
                + "(--gpus-per-trial \(perTrial)): give a multiple of \(perTrial) GPUs, or another --gpus-per-trial"
        case .parallelAboveGroups(let parallel, let groups, let perTrial, let list):
            return "--gpus \(list) with \(perTrial) per trial runs at most \(groups) trial(s) at once; "
                + "drop --parallel \(parallel) (it then defaults to \(groups)) or give more GPUs"
        case .underSlurm:
            return "--gpus shares out this machine's GPUs among local trials; under --launcher slurm, Slurm gives "
                + "each job its GPUs itself: drop --gpus and ask Slurm for them, e.g. --slurm-args \"--gres=gpu:1\""
        }
    }
}
