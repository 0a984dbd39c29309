import EMetrics
import Testing

@Suite struct MetricValueTests {
    @Test func literalsTakeTheirNaturalType() {
        let values: [String: MetricValue] = ["accuracy": 0.91, "epoch_time": 12, "phase": "warmup"]
        #expect(values["accuracy"] == .double(0.91))
        #expect(values["epoch_time"] == .int(12))
        #expect(values["phase"] == .string("warmup"))
    }

    @Test func variablesOfEverySupportedTypeConvert() {
        let loss: Float = 0.1, steps: Int64 = 7, batch: Int32 = 32, rate = 0.5, name = "adam"
        let values: [String: any MetricValueConvertible] = [
            "loss": loss, "steps": steps, "batch": batch, "rate": rate, "name": name, "literal": 3,
            "value": MetricValue.double(2.5),
        ]
        let converted = values.mapValues(\.metricValue)
        #expect(converted["loss"] == .double(0.1))
        #expect(converted["steps"] == .int(7))
        #expect(converted["batch"] == .int(32))
        #expect(converted["rate"] == .double(0.5))
        #expect(converted["name"] == .string("adam"))
        #expect(converted["literal"] == .int(3))
        #expect(converted["value"] == .double(2.5))
    }

    @Test(arguments: [
        (MetricValue.int(-12), "-12"), (.double(0.91), "0.91"), (.double(12), "12.0"), (.double(1e-5), "1e-05"),
        (.double(1e16), "1e+16"), (.double(.nan), "nan"), (.double(.infinity), "inf"),
        (.double(-.infinity), "-inf"), (.double(-0.0), "-0.0"), (.string("x y"), "x y"),
    ])
    func textIsWhatPythonsStrWrites(value: MetricValue, text: String) {
        #expect(value.text == text)
    }
}
