/// Where each running trial runs: its slot (0 ..< parallel, given to it as `HPORUN_SLOT`) and,
/// with `--gpus`, its group of GPUs (`CUDA_VISIBLE_DEVICES`). The runner takes a place for each
/// trial it starts and gives it back when the trial ends; a resumed run first holds the places
/// that the trials it follows were recorded with (trial.json's `slot` and `devices`), so that
/// no new trial gets a GPU an earlier run's trial still uses.
///
/// A pure value: no clock, no files, no processes.
public struct TrialSlots: Sendable, Equatable {
    /// One trial's place.
    public struct Place: Sendable, Equatable {
        public var slot: Int
        /// The trial's GPUs, nil without `--gpus`.
        public var devices: [Int]?

        public init(slot: Int, devices: [Int]? = nil) {
            self.slot = slot
            self.devices = devices
        }
    }

    public let parallel: Int
    public let devices: DeviceGroups?
    /// How many running trials hold each slot and each GPU (counted: a followed trial's record
    /// may name what another holds, and only the last one out frees it).
    private var slotHolders: [Int: Int] = [:]
    private var deviceHolders: [Int: Int] = [:]

    public init(parallel: Int, devices: DeviceGroups?) {
        self.parallel = max(1, parallel)
        self.devices = devices
    }

    /// The place a new trial would get: the lowest free slot below `parallel`, and the first
    /// group none of whose GPUs is held (a followed trial of a run with other groups may hold
    /// part of one). Nil when either is lacking: the trial waits for one to end.
    public var nextFree: Place? {
        guard let slot = (0 ..< parallel).first(where: { slotHolders[$0] == nil }) else { return nil }
        guard let devices else { return Place(slot: slot) }
        guard let group = devices.groups.first(where: { $0.allSatisfy { deviceHolders[$0] == nil } }) else { return nil }
        return Place(slot: slot, devices: group)
    }

    /// Takes the next free place, if any.
    public mutating func take() -> Place? {
        guard let place = nextFree else { return nil }
        hold(place)
        return place
    }

    /// Counts `place` as held: a trial started with it, or recorded with it by an earlier run.
    public mutating func hold(_ place: Place) {
        slotHolders[place.slot, default: 0] += 1
        for id in place.devices ?? [] { deviceHolders[id, default: 0] += 1 }
    }

    /// The trial that held `place` has ended.
    public mutating func release(_ place: Place) {
        Self.drop(place.slot, from: &slotHolders)
        for id in place.devices ?? [] { Self.drop(id, from: &deviceHolders) }
    }

    /// The GPUs held now, in increasing order.
    public var heldDevices: [Int] { deviceHolders.keys.sorted() }

    private static func drop(_ key: Int, from holders: inout [Int: Int]) {
        guard let count = holders[key] else { return }
        holders[key] = count > 1 ? count - 1 : nil
    }
}

extension TrialRecord {
    /// The place the trial was started in, as trial.json records it (nil in records written
    /// before slots were).
    public var place: TrialSlots.Place? {
        get { slot.map { TrialSlots.Place(slot: $0, devices: devices) } }
        set {
            slot = newValue?.slot
            devices = newValue?.devices
        }
    }
}
