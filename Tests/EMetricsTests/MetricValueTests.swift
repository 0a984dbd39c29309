import EMetrics
import Testing

@Suite struct MetricValueTests {
    @Test func literalsTakeTheirNaturalType() {
        let values: [String: MetricValue] = ["accuracy": 0.91, "epoch_time": 12, "phase": "warmup"]
        #expect(values["accuracy"] == .double(0.91))
        #expect(values["epoch_time"] == .int(12))
        #expect(values["phase"] == .string("warmup"))
    }
}
