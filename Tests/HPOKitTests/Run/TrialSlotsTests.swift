import Foundation
import HPOKit
import Testing

/// `--gpus` lists and the places (slot, GPU group) that running trials hold.
@Suite struct DeviceGroupsTests {
    @Test func listsAndRangesSplitIntoGroupsInTheOrderGiven() throws {
        #expect(try DeviceGroups("0,1,2,3").groups == [[0], [1], [2], [3]])
        #expect(try DeviceGroups("0-3").groups == [[0], [1], [2], [3]])
        #expect(try DeviceGroups("0-3", perTrial: 2).groups == [[0, 1], [2, 3]])
        #expect(try DeviceGroups(" 4, 0-1 ,7", perTrial: 2).groups == [[4, 0], [1, 7]])
        #expect(try DeviceGroups("5").groups == [[5]])
        #expect(try DeviceGroups("0 - 1").groups == [[0], [1]])
        #expect(try DeviceGroups("0-3", perTrial: 2).description == "0,1 | 2,3")
        #expect(try DeviceGroups("2,3", perTrial: 2).ids == [2, 3])
        #expect(DeviceGroups.text([2, 3]) == "2,3")
    }

    @Test func badListsSayWhatIsWrongAndHowToWriteIt() throws {
        #expect(throws: DeviceListError.empty) { try DeviceGroups("") }
        #expect(throws: DeviceListError.empty) { try DeviceGroups("  ") }
        #expect(throws: DeviceListError.notAnID("x", list: "0,x")) { try DeviceGroups("0,x") }
        #expect(throws: DeviceListError.notAnID("", list: "0,,1")) { try DeviceGroups("0,,1") }
        #expect(throws: DeviceListError.notAnID("", list: "0,1,")) { try DeviceGroups("0,1,") }
        #expect(throws: DeviceListError.notAnID("-1", list: "-1")) { try DeviceGroups("-1") }
        #expect(throws: DeviceListError.notAnID("1.5", list: "1.5")) { try DeviceGroups("1.5") }
        #expect(throws: DeviceListError.notAnID("0-", list: "0-")) { try DeviceGroups("0-") }
        #expect(throws: DeviceListError.notAnID("0-1-2", list: "0-1-2")) { try DeviceGroups("0-1-2") }
        #expect(throws: DeviceListError.notAnID("GPU-5e1f", list: "GPU-5e1f")) { try DeviceGroups("GPU-5e1f") }
        #expect(throws: DeviceListError.descendingRange("3-0", list: "3-0")) { try DeviceGroups("3-0") }
        #expect(throws: DeviceListError.tooMany(list: "0-99999999")) { try DeviceGroups("0-99999999") }
        #expect(throws: DeviceListError.duplicate(1, list: "0,1,1")) { try DeviceGroups("0,1,1") }
        #expect(throws: DeviceListError.duplicate(2, list: "0,1,2,3,2")) { try DeviceGroups("0-3,2") }
        #expect(throws: DeviceListError.notAMultiple(count: 3, perTrial: 2, list: "0,1,2")) {
            try DeviceGroups("0-2", perTrial: 2)
        }
        #expect(throws: DeviceListError.perTrialBelowOne(0)) { try DeviceGroups("0,1", perTrial: 0) }

        let message = try #require(DeviceListError.notAnID("x", list: "0,x").errorDescription)
        #expect(message.contains("--gpus 0,x: 'x' is not a GPU id"))
        #expect(message.contains("--gpus 0-3"))
        #expect(DeviceListError.descendingRange("3-0", list: "3-0").errorDescription?.contains("write it 0-3") == true)
        #expect(DeviceListError.notAMultiple(count: 3, perTrial: 2, list: "0,1,2").errorDescription
            == "--gpus 0,1,2 gives 3 GPU(s), which do not split into groups of 2 (--gpus-per-trial 2): give a "
            + "multiple of 2 GPUs, or another --gpus-per-trial")
    }

    @Test func parallelAboveTheGroupsIsAProblemThatSaysWhatToDo() throws {
        let two = try DeviceGroups("0,1")
        #expect(two.problem(parallel: 1) == nil)
        #expect(two.problem(parallel: 2) == nil)
        let problem = try #require(two.problem(parallel: 4))
        #expect(problem.errorDescription
            == "--gpus 0,1 with 1 per trial runs at most 2 trial(s) at once; drop --parallel 4 (it then defaults to 2) "
            + "or give more GPUs")
        #expect(try DeviceGroups("0-3", perTrial: 2).problem(parallel: 3)
            == .parallelAboveGroups(parallel: 3, groups: 2, perTrial: 2, list: "0,1,2,3"))
    }
}

@Suite struct TrialSlotsTests {
    typealias Place = TrialSlots.Place

    @Test func withoutGPUsEachTrialTakesTheLowestFreeSlot() {
        var slots = TrialSlots(parallel: 3, devices: nil)
        #expect(slots.take() == Place(slot: 0))
        #expect(slots.take() == Place(slot: 1))
        #expect(slots.take() == Place(slot: 2))
        #expect(slots.take() == nil)
        slots.release(Place(slot: 1))
        #expect(slots.nextFree == Place(slot: 1))
        #expect(slots.take() == Place(slot: 1))
        #expect(slots.nextFree == nil)
    }

    @Test func eachTrialHoldsAGroupUntilItEnds() throws {
        var slots = TrialSlots(parallel: 2, devices: try DeviceGroups("0-3", perTrial: 2))
        let taken = [slots.take(), slots.take()]
        let first = try #require(taken[0])
        let second = try #require(taken[1])
        #expect(first == Place(slot: 0, devices: [0, 1]))
        #expect(second == Place(slot: 1, devices: [2, 3]))
        #expect(slots.take() == nil)
        #expect(slots.heldDevices == [0, 1, 2, 3])
        slots.release(first)
        #expect(slots.heldDevices == [2, 3])
        // The freed slot and the freed group go to the next trial.
        #expect(slots.take() == Place(slot: 0, devices: [0, 1]))
        slots.release(second)
        #expect(slots.take() == Place(slot: 1, devices: [2, 3]))
    }

    @Test func aFollowedTrialsRecordedPlaceIsHeld() throws {
        // An earlier run left trial 0003 running on slot 0 and GPU 0: a new trial gets the other.
        var record = TrialRecord(subid: "0003", point: [0.5], config: Config([]))
        record.place = Place(slot: 0, devices: [0])
        var slots = TrialSlots(parallel: 2, devices: try DeviceGroups("0,1"))
        slots.hold(try #require(record.place))
        #expect(slots.take() == Place(slot: 1, devices: [1]))
        #expect(slots.take() == nil)
        slots.release(try #require(record.place))
        #expect(slots.take() == Place(slot: 0, devices: [0]))
    }

    @Test func aGroupPartlyHeldByAnEarlierRunsTrialIsNotFree() throws {
        // The earlier run shared 0-3 one by one; this one by two. Its trial on GPU 2 blocks 2,3
        // and, with 0,1 taken, nothing is free although a slot is.
        var slots = TrialSlots(parallel: 2, devices: try DeviceGroups("0-3", perTrial: 2))
        slots.hold(Place(slot: 3, devices: [2]))
        #expect(slots.take() == Place(slot: 0, devices: [0, 1]))
        #expect(slots.nextFree == nil)
        slots.release(Place(slot: 3, devices: [2]))
        #expect(slots.take() == Place(slot: 1, devices: [2, 3]))
    }

    @Test func aPlaceTwoRecordsNameIsFreeOnlyWhenBothEnd() throws {
        var slots = TrialSlots(parallel: 1, devices: try DeviceGroups("7"))
        slots.hold(Place(slot: 0, devices: [7]))
        slots.hold(Place(slot: 0, devices: [7]))
        slots.release(Place(slot: 0, devices: [7]))
        #expect(slots.nextFree == nil)
        slots.release(Place(slot: 0, devices: [7]))
        #expect(slots.nextFree == Place(slot: 0, devices: [7]))
        // Releasing what nobody holds changes nothing.
        slots.release(Place(slot: 0, devices: [7]))
        #expect(slots.take() == Place(slot: 0, devices: [7]))
        #expect(slots.nextFree == nil)
    }

    @Test func trialJSONKeepsThePlaceAndOldRecordsHaveNone() throws {
        var record = TrialRecord(subid: "0001", point: [0.5], config: Config([]))
        #expect(record.place == nil)
        record.place = Place(slot: 1, devices: [2, 3])
        let decoded = try JSONDecoder().decode(TrialRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded.slot == 1)
        #expect(decoded.devices == [2, 3])
        #expect(decoded.place == Place(slot: 1, devices: [2, 3]))
        record.place = Place(slot: 0)
        let withoutGPUs = try JSONDecoder().decode(TrialRecord.self, from: JSONEncoder().encode(record))
        #expect(withoutGPUs.place == Place(slot: 0))
        #expect(withoutGPUs.devices == nil)
    }
}
