import Foundation
import HPOKit
import Testing

/// Each kind in its natural box, the values of its declared type in config.json, and the
/// round trip point -> config -> config.json -> config -> point.
@Suite struct DistributionEncodingTests {
    static let kinds: [Distribution] = [
        .uniform(low: -1, high: 1), .uniform(low: 0, high: 1, q: 0.1), .uniform(low: 0, high: 2e6, q: 1),
        .logUniform(low: log(1e-5), high: log(1)), .logUniform(low: -3, high: 0, base: 10, q: 0.001),
        .normal(mu: 0, sigma: 1), .normal(mu: 10, sigma: 3, q: 1), .logNormal(mu: 0, sigma: 1),
        .logNormal(mu: 0, sigma: 2, q: 0.5), .randint(low: 0, high: 10),
        .choice([.string("relu"), .int(3), .double(0.5)]), .choice([.string("a"), .string("b")], weights: [0.2, 0.8]),
    ]

    @Test func eachKindHasItsNaturalDimension() {
        let dimensions = SearchSpace(Self.kinds.enumerated().map { HyperParameter(name: "p\($0)", domain: .distribution($1)) })
            .dimensions
        #expect(dimensions == [
            .continuous, .ordinal(levels: 11), .continuous, .continuous, .continuous, .continuous, .continuous,
            .continuous, .continuous, .ordinal(levels: 10), .categorical(choices: 3), .categorical(choices: 2),
        ])
    }

    @Test func unboundedKindsAreSearchedOnTheirCentralQuantiles() {
        let space = SearchSpace([
            HyperParameter(name: "n", domain: .distribution(.normal(mu: 1, sigma: 2))),
            HyperParameter(name: "ln", domain: .distribution(.logNormal(mu: 0, sigma: 1))),
            HyperParameter(name: "lu", domain: .distribution(.logUniform(low: log(1e-4), high: log(1)))),
        ])
        let low = space.decode([0, 0, 0]), high = space.decode([1, 1, 1]), middle = space.decode([0.5, 0.5, 0.5])
        let z = 3.090232306167813
        #expect(abs((low["n"]?.numericValue ?? 0) - (1 - 2 * z)) < 1e-9)
        #expect(abs((high["n"]?.numericValue ?? 0) - (1 + 2 * z)) < 1e-9)
        #expect(abs((low["ln"]?.numericValue ?? 0) - exp(-z)) < 1e-9)
        #expect(abs((middle["ln"]?.numericValue ?? 0) - 1) < 1e-12, "log kinds are linear in the log")
        #expect(abs((middle["lu"]?.numericValue ?? 0) - 0.01) < 1e-12)
    }

    @Test func configJSONHasTheDeclaredTypes() throws {
        let space = SearchSpace([
            HyperParameter(name: "r", domain: .distribution(.randint(low: 1, high: 5))),
            HyperParameter(name: "qi", domain: .distribution(.logUniform(low: 0, high: 5, q: 1))),
            HyperParameter(name: "qd", domain: .distribution(.normal(mu: 0, sigma: 1, q: 0.25))),
            HyperParameter(name: "u", domain: .distribution(.uniform(low: 0, high: 1))),
            HyperParameter(name: "c", domain: .distribution(.choice([.int(16), .string("auto")]))),
        ])
        let config = space.decode([2, 0.73, 0.61, 0.5, 0])
        let object = try #require(JSONSerialization.jsonObject(with: Data(config.jsonText.utf8)) as? [String: Any])
        #expect(config["r"] == .int(3))
        #expect(config.jsonText.contains(#""r": 3,"#))
        #expect(config.jsonText.contains(#""c": 16"#), "a choice keeps its value's type:\n\(config.jsonText)")
        if case .int(let value)? = config["qi"] { #expect(value >= 1 && value <= 149) } else { Issue.record("qi: \(String(describing: config["qi"]))") }
        if case .double(let value)? = config["qd"] {
            #expect((value / 0.25).rounded() * 0.25 == value)
        } else { Issue.record("qd: \(String(describing: config["qd"]))") }
        #expect(object["u"] as? Double == 0.5)
        let second = space.decode([3, 0.2, 0.49999, 0.5, 1])
        #expect(second.jsonText.contains(#""c": "auto""#))
        #expect(second.jsonText.contains(#""qd": 0.0,"#), "never -0.0:\n\(second.jsonText)")
    }

    /// decode -> config.json -> config(fromJSON) -> encode -> decode gives the same config,
    /// for 200 random points of every kind at once.
    @Test func configsSurviveTheRoundTripThroughConfigJSON() throws {
        let space = SearchSpace(Self.kinds.enumerated().map { HyperParameter(name: "p\($0)", domain: .distribution($1)) })
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let config = space.decode(space.sample(using: &rng))
            let read = try space.config(fromJSON: Data(config.jsonText.utf8))
            #expect(read == config)
            let point = try space.encode(read)
            #expect(Self.same(space.decode(point), config), "\(space.decode(point)) != \(config)")
            #expect(point.allSatisfy { $0.isFinite })
        }
    }

    /// A value written by hand (an enqueued configuration, a starting point) runs as written on
    /// a log scale: its coordinate is the one that decodes back to it exactly, where the plain
    /// log and power gave 0.01000000000000001 for 0.01.
    @Test func handWrittenValuesOnALogScaleComeBackExactly() throws {
        let space = SearchSpace([
            HyperParameter(name: "lr", domain: .doubleRange(min: -5, max: -1, power: 10)),
            HyperParameter(name: "wd", domain: .distribution(.logUniform(low: -11.5, high: -2.3))),
            HyperParameter(name: "b", domain: .doubleRange(min: 0, max: 3, power: 2)),
        ])
        let values: [(Double, Double, Double)] = [
            (0.01, 0.001, 1.5), (0.001, 0.0003, 2.5), (0.0003, 0.01, 1.1), (3e-5, 5e-5, 7.9), (0.05, 0.1, 1),
            (1e-5, 0.0001, 8), (0.1, 2e-5, 3.3), (0.002, 0.004, 6), (0.07, 0.0007, 4.2),
        ]
        var exact = 0
        for (lr, wd, b) in values {
            let config = Config([("lr", .double(lr)), ("wd", .double(wd)), ("b", .double(b))])
            let decoded = space.decode(try space.encode(config))
            #expect(Self.same(decoded, config))
            if decoded == config { exact += 1 } else { Issue.record("\(config) came back as \(decoded)") }
        }
        #expect(exact == values.count)
    }

    /// The same names and values, doubles to within rounding (a log scale's round trip
    /// may move the last digit).
    static func same(_ a: Config, _ b: Config) -> Bool {
        a.names == b.names && a.entries.allSatisfy { name, value in
            switch (value, b[name]) {
            case (.double(let x), .double(let y)?): abs(x - y) <= 1e-12 * max(1, abs(x))
            default: value == b[name]
            }
        }
    }

    @Test func valuesOutsideAKindAreRefused() {
        let space = SearchSpace([
            HyperParameter(name: "q", domain: .distribution(.uniform(low: 0, high: 1, q: 0.1))),
            HyperParameter(name: "n", domain: .distribution(.normal(mu: 0, sigma: 1))),
            HyperParameter(name: "r", domain: .distribution(.randint(low: 0, high: 3))),
            HyperParameter(name: "c", domain: .distribution(.choice([.string("a")], weights: [1]))),
        ])
        func encodes(_ q: ParameterValue, _ n: ParameterValue, _ r: ParameterValue, _ c: ParameterValue) -> Bool {
            (try? space.encode(Config([("q", q), ("n", n), ("r", r), ("c", c)]))) != nil
        }
        #expect(encodes(.double(0.3), .double(3), .int(2), .string("a")))
        #expect(!encodes(.double(0.35), .double(0), .int(0), .string("a")), "not a multiple of q")
        #expect(!encodes(.double(0.3), .double(3.2), .int(0), .string("a")), "outside mu +- 3.09 sigma")
        #expect(!encodes(.double(0.3), .double(0), .int(3), .string("a")), "randint's high is exclusive")
        #expect(!encodes(.double(0.3), .double(0), .int(0), .string("b")))
    }

    @Test func aDistributionsMistakesAreFound() {
        #expect(Distribution.uniform(low: 1, high: 0).problems.map(\.message) == ["low 1 of uniform must be below high 0"])
        #expect(Distribution.normal(mu: 0, sigma: 0, q: -1).problems.count == 2)
        #expect(Distribution.logUniform(low: 0, high: 800).problems.first?.message.contains("overflows") == true)
        #expect(Distribution.randint(low: 5, high: 5).problems.count == 1)
        #expect(Distribution.choice([.string("a"), .string("a")]).problems.map(\.message) == [#"choice lists "a" twice"#])
        #expect(Distribution.choice([.int(1), .int(2)], weights: [0.5, 0.6]).problems.first?.message
            == "the probabilities of pchoice add up to 1.1, not 1")
        #expect(Distribution.choice([.int(1), .int(2)], weights: [1]).problems.map(\.message) == ["pchoice has 2 values but 1 probabilities"])
        #expect(Distribution.logNormal(mu: 1, sigma: 0.5, q: 1).problems.isEmpty)
        #expect(Distribution.uniform(low: -1e308, high: 1e308).problems.map(\.message) == ["uniform spans more than a Double can hold"])
        #expect(Distribution.uniform(low: 0, high: 1e300, q: 1e-300).problems.map(\.message)
            == ["q 1e-300 of quniform is too small for its range"])
        #expect(Distribution.normal(mu: 0, sigma: 1e20, q: 1).problems.first?.message.contains("too large for an integer") == true)
    }

    /// The widest randint has 2^53 values (an index a Double holds exactly) and decodes its ends.
    @Test func theWidestRandintDecodesItsEnds() {
        let widest = Distribution.randint(low: -(1 << 52), high: 1 << 52)
        #expect(widest.problems.isEmpty)
        #expect(Distribution.randint(low: .min, high: .max).problems.map(\.message)
            == ["randint -9223372036854775808 ..< 9223372036854775807 has more than 2^53 values"])
        let space = SearchSpace([HyperParameter(name: "r", domain: .distribution(widest))])
        #expect(space.dimensions == [.ordinal(levels: 1 << 53)])
        #expect(space.decode([0])["r"] == .int(-(1 << 52)))
        #expect(space.decode([.infinity])["r"] == .int((1 << 52) - 1))
    }

    /// Polyaxon's grids, as numpy gives them.
    @Test func polyaxonGridsLowerToValueLists() throws {
        let range = try Domain.range(start: 0, stop: 10, step: 3)
        #expect(range == .intRange(min: 0, max: 9, step: 3))
        let doubles = try Domain.range(start: 0.1, stop: 0.5, step: 0.1)
        #expect(doubles == .doubleValues([0.1, 0.2, 0.3, 0.4]))
        let linspace = try Domain.linspace(start: 0, stop: 1, num: 5)
        #expect(linspace == .doubleValues([0, 0.25, 0.5, 0.75, 1]))
        let geomspace = try Domain.geomspace(start: 0.001, stop: 1, num: 4)
        #expect(geomspace == .doubleValues([0.001, 0.01, 0.1, 1]))
        // np.logspace(0.01, 0.1, 5)
        guard case .doubleValues(let values) = try Domain.logspace(start: 0.01, stop: 0.1, num: 5) else {
            Issue.record("logspace is a list of doubles")
            return
        }
        let numpy = [1.023292992280754, 1.077705253694322, 1.135010815672315, 1.1953635256737185, 1.2589254117941673]
        #expect(zip(values, numpy).allSatisfy { abs($0 - $1) < 1e-12 } && values.count == 5, "\(values)")
        #expect(throws: DomainError.self) { try Domain.range(start: 5, stop: 1, step: 1) }
        #expect(throws: DomainError.self) { try Domain.geomspace(start: -1, stop: 1, num: 3) }
        #expect(throws: DomainError.self) { try Domain.linspace(start: 0, stop: 1, num: 0) }
    }
}
