import Foundation
import HPOKit
import Testing

@Suite struct SearchSpaceTests {
    @Test func aStepGridIncludesBothEndsDespiteFloatingPoint() {
        let space = SearchSpace([HyperParameter(name: "lr", domain: .doubleRange(min: 0.005, max: 0.01, step: 0.001))])
        #expect(space.dimensions == [.ordinal(levels: 6)])
        let values = (0..<6).map { space.decode([Double($0)])["lr"] }
        #expect(values == [0.005, 0.006, 0.007, 0.008, 0.009, 0.01].map { ParameterValue.double($0) })
        #expect(space.decode([1]).jsonText.contains("\"lr\": 0.006\n"))
    }

    @Test func gridValuesAreRoundedToTheStepsDecimals() {
        let space = SearchSpace([HyperParameter(name: "x", domain: .doubleRange(min: 0.1, max: 0.7, step: 0.1))])
        #expect(space.dimensions == [.ordinal(levels: 7)])
        #expect(space.decode([2])["x"]?.jsonText == "0.3")
        let tiny = SearchSpace([HyperParameter(name: "x", domain: .doubleRange(min: 1e-5, max: 5e-5, step: 1e-5))])
        #expect(tiny.dimensions == [.ordinal(levels: 5)])
        #expect(tiny.decode([2])["x"]?.jsonText == "3e-05")
    }

    @Test func intRangesPowersAndLists() {
        let space = SearchSpace([
            HyperParameter(name: "fc", domain: .intRange(min: 5, max: 10, power: 2)),
            HyperParameter(name: "layers", domain: .intRange(min: 1, max: 4)),
            HyperParameter(name: "every", domain: .intRange(min: 0, max: 10, step: 5)),
            HyperParameter(name: "batch", domain: .intValues([64, 16, 32])),
            HyperParameter(name: "drop", domain: .doubleValues([0.5, 0.1])),
            HyperParameter(name: "opt", domain: .stringValues(["sgd", "adam"])),
        ])
        #expect(space.dimensions == [.ordinal(levels: 6), .ordinal(levels: 4), .ordinal(levels: 3), .ordinal(levels: 3),
                                     .ordinal(levels: 2), .categorical(choices: 2)])
        #expect(space.finiteSize == 6 * 4 * 3 * 3 * 2 * 2)
        let config = space.decode([5, 0, 2, 0, 1, 1])
        #expect(config["fc"] == .int(1024))
        #expect(config["layers"] == .int(1))
        #expect(config["every"] == .int(10))
        #expect(config["batch"] == .int(16), "numeric lists are ordered ascending")
        #expect(config["drop"] == .double(0.5))
        #expect(config["opt"] == .string("adam"))
        #expect(config.jsonText.contains("\"fc\": 1024,"))
    }

    @Test func continuousAndLogUniformRanges() throws {
        let space = SearchSpace([
            HyperParameter(name: "m", domain: .doubleRange(min: 0, max: 0.9)),
            HyperParameter(name: "lr", domain: .doubleRange(min: -5, max: -1, power: 10)),
        ])
        #expect(space.dimensions == [.continuous, .continuous])
        #expect(space.finiteSize == nil)
        let config = space.decode([0.5, 0.5])
        #expect(config["m"] == .double(0.45))
        let lr = try #require(config["lr"]?.numericValue)
        #expect(abs(lr - 1e-3) < 1e-15)
        let point = try space.encode(config)
        #expect(abs(point[0] - 0.5) < 1e-12 && abs(point[1] - 0.5) < 1e-12)
    }

    @Test func offLatticeCoordinatesGoToTheNearestValue() {
        let space = SearchSpace([
            HyperParameter(name: "n", domain: .intRange(min: 1, max: 3)),
            HyperParameter(name: "u", domain: .doubleRange(min: 2, max: 4)),
        ])
        #expect(space.decode([1.4, -3]) == Config([("n", .int(2)), ("u", .double(2))]))
        #expect(space.decode([9, 7]) == Config([("n", .int(3)), ("u", .double(4))]))
    }

    @Test func encodeRejectsWhatIsNotInTheSpace() {
        let space = SearchSpace([
            HyperParameter(name: "n", domain: .intRange(min: 1, max: 3)),
            HyperParameter(name: "opt", domain: .stringValues(["sgd"])),
        ])
        #expect(throws: SpaceError.missing(name: "opt")) { try space.encode(Config([("n", .int(2))])) }
        #expect(throws: SpaceError.notInSpace(name: "n", value: "7", domain: "int_range 1 .. 3  (3 values)")) {
            try space.encode(Config([("n", .int(7)), ("opt", .string("sgd"))]))
        }
        #expect(throws: SpaceError.unknown(name: "extra")) {
            try space.encode(Config([("n", .int(1)), ("opt", .string("sgd")), ("extra", .int(1))]))
        }
    }

    @Test func configJSONReadsBackWithTheParametersTypes() throws {
        let space = SearchSpace([
            HyperParameter(name: "fc", domain: .intRange(min: 5, max: 10, power: 2)),
            HyperParameter(name: "lr", domain: .doubleRange(min: 0.005, max: 0.01, step: 0.001)),
            HyperParameter(name: "m", domain: .doubleRange(min: 0, max: 1)),
            HyperParameter(name: "opt", domain: .stringValues(["sgd", "adam"])),
        ])
        let config = space.decode([3, 1, 0.25, 1])
        let back = try space.config(fromJSON: Data(config.jsonText.utf8))
        #expect(back == config)
        #expect(try space.encode(back) == [3, 1, 0.25, 1])
        let integral = try space.config(fromJSON: Data(#"{"fc": 64.0, "lr": 0.006, "m": 1, "opt": "sgd"}"#.utf8))
        #expect(integral["fc"] == .int(64) && integral["m"] == .double(1))
        #expect(throws: SpaceError.self) { try space.config(fromJSON: Data(#"{"fc": true, "lr": 0.006, "m": 1, "opt": "sgd"}"#.utf8)) }
        // 17 significant digits read back to the same double (JSONSerialization alone is off by one ulp here).
        let precise = try space.config(fromJSON: Data(#"{"fc": 64, "lr": 0.006, "m": 0.9559280786366011, "opt": "sgd"}"#.utf8))
        #expect(precise["m"] == .double(0.9559280786366011))
    }

    /// Property: for random points, decode then encode returns the point (on the lattice),
    /// and every decoded value lies inside its declared range or list.
    @Test func decodeEncodeRoundTripsAndStaysInRange() throws {
        let space = SearchSpace([
            HyperParameter(name: "a", domain: .doubleRange(min: -3, max: 7)),
            HyperParameter(name: "b", domain: .doubleRange(min: -4, max: 0, power: 10)),
            HyperParameter(name: "c", domain: .doubleRange(min: 0.005, max: 0.01, step: 0.001)),
            HyperParameter(name: "d", domain: .intRange(min: -2, max: 9, step: 3)),
            HyperParameter(name: "e", domain: .intRange(min: 0, max: 6, power: 3)),
            HyperParameter(name: "f", domain: .doubleValues([0.3, 0.1, 0.2])),
            HyperParameter(name: "g", domain: .stringValues(["x", "y", "z"])),
        ])
        var rng = SplitMix64(seed: 2026)
        for _ in 0..<2000 {
            let point = space.dimensions.map { dimension -> Double in
                switch dimension.cardinality {
                case nil: Double.random(in: 0...1, using: &rng)
                case let count?: Double(Int.random(in: 0..<count, using: &rng))
                }
            }
            let config = space.decode(point)
            let back = try space.config(fromJSON: Data(config.jsonText.utf8))
            let encoded = try space.encode(back)
            for (index, dimension) in space.dimensions.enumerated() {
                if dimension == .continuous {
                    #expect(abs(encoded[index] - point[index]) < 1e-9)
                } else {
                    #expect(encoded[index] == point[index])
                }
            }
            let a = try #require(config["a"]?.numericValue), b = try #require(config["b"]?.numericValue)
            #expect((-3...7).contains(a) && (1e-4...1).contains(b))
            let c = try #require(config["c"]?.numericValue)
            #expect([0.005, 0.006, 0.007, 0.008, 0.009, 0.01].contains(c))
            #expect([-2, 1, 4, 7].map(ParameterValue.int).contains(config["d"]!))
            #expect([1, 3, 9, 27, 81, 243, 729].map(ParameterValue.int).contains(config["e"]!))
            #expect(["x", "y", "z"].map(ParameterValue.string).contains(config["g"]!))
        }
    }

    @Test func describeListsEachParameter() {
        let space = SearchSpace([
            HyperParameter(name: "learning_rate", domain: .doubleRange(min: 0.005, max: 0.01, step: 0.001)),
            HyperParameter(name: "fc", domain: .intRange(min: 5, max: 10, power: 2)),
            HyperParameter(name: "opt", domain: .stringValues(["sgd", "adam"])),
        ])
        #expect(space.describe() == [
            "learning_rate  double_range 0.005 .. 0.01 step 0.001  (6 values)",
            "fc             int_range 2^[5 .. 10] = 32 .. 1024  (6 values)",
            "opt            string_values [sgd, adam]  (2 values, unordered)",
        ])
    }
}
