import Foundation

/// The TEST history of every metric of a trial: what the objective is taken from, and what
/// `trial.json` keeps. TRAIN records are counted, not kept, so memory stays flat however
/// long the log.
public struct TestHistory: Sendable, Equatable, Codable {
    public struct Entry: Sendable, Equatable, Codable {
        public var iteration: Int
        public var value: Double

        public init(iteration: Int, value: Double) {
            self.iteration = iteration
            self.value = value
        }

        // NaN and infinity are kept (they make a trial fail) but JSON has no words for
        // them: they are written as the strings "nan", "inf", "-inf".
        enum CodingKeys: String, CodingKey { case iteration, value }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            iteration = try container.decode(Int.self, forKey: .iteration)
            if let number = try? container.decode(Double.self, forKey: .value) {
                value = number
            } else {
                value = Double(try container.decode(String.self, forKey: .value)) ?? .nan
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(iteration, forKey: .iteration)
            if value.isFinite {
                try container.encode(value, forKey: .value)
            } else {
                try container.encode(value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf"), forKey: .value)
            }
        }
    }

    public private(set) var metrics: [String: [Entry]] = [:]
    public private(set) var trainRecords = 0

    public init() {}

    public init(metrics: [String: [Entry]]) {
        self.metrics = metrics
    }

    public mutating func add(_ record: MetricRecord) {
        guard record.group == "test" else {
            trainRecords += 1
            return
        }
        for (name, value) in record.values {
            metrics[name, default: []].append(Entry(iteration: record.iteration, value: value))
        }
    }

    public var isEmpty: Bool { metrics.isEmpty }

    /// The last value of each metric, for exports.
    public var finalValues: [String: Double] {
        metrics.compactMapValues { $0.last?.value }
    }

    enum CodingKeys: String, CodingKey { case metrics }
}
