import Foundation

/// The TEST history of every metric of a trial: what the objective is taken from, and what
/// `trial.json` keeps. Bounded whatever the trial writes: each metric keeps its count and a
/// curve (`MetricCurve`) of at most `MetricCurve.limit` points that always holds the first,
/// the last and the extreme finite values, so the objective (best or last) is exact. At most
/// `metricLimit` metrics are kept (the objective's always), names of at most `nameLimit`
/// bytes; other values are counted in `droppedValues`. TRAIN records are counted, not kept.
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

    /// The most metrics kept (besides the objective, always kept).
    public static let metricLimit = 100
    /// The longest metric name kept, in UTF-8 bytes.
    public static let nameLimit = 256

    public private(set) var curves: [String: MetricCurve] = [:]
    /// Records of another group than TEST (TRAIN, or a group of the trial's own).
    public private(set) var trainRecords = 0
    /// The first few distinct groups of those records (`train`, `validation`; "" for a record
    /// without a grouplabel), to say what the trial wrote when the objective is missing.
    public private(set) var otherGroups: [String] = []
    /// The most `otherGroups` kept.
    static let otherGroupLimit = 4
    /// TEST values not kept: of metrics past `metricLimit`, or named by more than `nameLimit` bytes.
    public private(set) var droppedValues = 0
    /// The first few TEST metrics (at most `otherGroupLimit`) that had a value that is not a
    /// number (`"93%"`, a list, null), to say why a metric is missing.
    public private(set) var textMetrics: [String] = []
    /// The metric kept whatever the limits (the objective).
    private var kept: String?

    /// An empty history that always keeps `objective`'s values.
    public init(keeping objective: String? = nil) {
        kept = objective
    }

    /// A history of these values, in order (thinned like any other).
    public init(metrics: [String: [Entry]]) {
        for (name, entries) in metrics.sorted(by: { $0.key < $1.key }) {
            for entry in entries { add(name, entry) }
        }
    }

    public mutating func add(_ record: MetricRecord) {
        guard record.group == "test" else {
            trainRecords += 1
            if otherGroups.count < Self.otherGroupLimit, !otherGroups.contains(record.group),
               record.group.utf8.count <= Self.nameLimit {
                otherGroups.append(record.group)
            }
            return
        }
        for (name, value) in record.values {
            add(name, Entry(iteration: record.iteration, value: value))
        }
        for name in record.textValues where textMetrics.count < Self.otherGroupLimit && !textMetrics.contains(name)
            && name.utf8.count <= Self.nameLimit {
            textMetrics.append(name)
        }
    }

    mutating func add(_ name: String, _ entry: Entry) {
        if curves[name] == nil, name != kept, !hasRoom(for: name) {
            droppedValues += 1
            return
        }
        curves[name, default: MetricCurve()].append(entry)
    }

    /// Whether a new metric of this name may be kept.
    private func hasRoom(for name: String) -> Bool {
        guard name.utf8.count <= Self.nameLimit else { return false }
        let others = curves.count - (kept.flatMap { curves[$0] } == nil ? 0 : 1)
        return others < Self.metricLimit
    }

    /// Each metric's curve: every value while there are few, else evenly thinned.
    public var metrics: [String: [Entry]] { curves.mapValues(\.entries) }

    /// How many TEST values each metric had (its curve may hold fewer).
    public var counts: [String: Int] { curves.mapValues(\.count) }

    public var isEmpty: Bool { curves.isEmpty }

    /// The last value of each metric, for exports.
    public var finalValues: [String: Double] {
        curves.compactMapValues { $0.last?.value }
    }

    public static func == (lhs: TestHistory, rhs: TestHistory) -> Bool {
        lhs.curves == rhs.curves && lhs.trainRecords == rhs.trainRecords
            && lhs.droppedValues == rhs.droppedValues && lhs.textMetrics == rhs.textMetrics
    }

    // trial.json: {"metrics": {"accuracy": [curve]}, "counts": {"accuracy": 1000000}}, and
    // "droppedValues" and "textMetrics" when there were some. Older files have only "metrics".
    enum CodingKeys: String, CodingKey { case metrics, counts, droppedValues, textMetrics }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let metrics = try container.decode([String: [Entry]].self, forKey: .metrics)
        let counts = try container.decodeIfPresent([String: Int].self, forKey: .counts) ?? [:]
        for (name, entries) in metrics {
            curves[name] = MetricCurve(entries, count: counts[name])
        }
        droppedValues = try container.decodeIfPresent(Int.self, forKey: .droppedValues) ?? 0
        textMetrics = try container.decodeIfPresent([String].self, forKey: .textMetrics) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(counts, forKey: .counts)
        if droppedValues > 0 { try container.encode(droppedValues, forKey: .droppedValues) }
        if !textMetrics.isEmpty { try container.encode(textMetrics, forKey: .textMetrics) }
    }
}
