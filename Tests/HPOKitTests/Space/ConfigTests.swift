import Foundation
import HPOKit
import Testing

@Suite struct ConfigTests {
    @Test func jsonTextKeepsTypesOrderAndShortestDoubles() throws {
        let config = Config([
            ("learning_rate", .double(0.006)), ("fc", .int(64)), ("optimizer", .string("a\"b")),
            ("tiny", .double(1e-5)),
        ])
        #expect(config.jsonText == """
            {
              "learning_rate": 0.006,
              "fc": 64,
              "optimizer": "a\\"b",
              "tiny": 1e-05
            }

            """)
        let parsed = try JSONSerialization.jsonObject(with: Data(config.jsonText.utf8)) as? [String: Any]
        #expect(parsed?["fc"] as? Int == 64)
        #expect(parsed?["optimizer"] as? String == "a\"b")
        #expect(parsed?["tiny"] as? Double == 1e-5)
    }

    @Test func finiteSizeIsTheProductOfCardinalities() {
        #expect([Dimension.ordinal(levels: 6), .categorical(choices: 2), .ordinal(levels: 12)].finiteSize == 144)
        #expect([Dimension.ordinal(levels: 6), .continuous].finiteSize == nil)
        #expect([Dimension.ordinal(levels: Int.max), .ordinal(levels: 3)].finiteSize == nil)
    }

    @Test func splitMixStreamsAreReproducibleAndDistinct() {
        var a = SplitMix64(seed: 42, stream: 7)
        var b = SplitMix64(seed: 42, stream: 7)
        var c = SplitMix64(seed: 42, stream: 8)
        let first = (0..<4).map { _ in a.next() }
        #expect(first == (0..<4).map { _ in b.next() })
        #expect(first != (0..<4).map { _ in c.next() })
    }
}
