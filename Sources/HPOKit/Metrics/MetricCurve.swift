/// One metric's TEST values, in bounded memory however many arrive: their count, and a curve
/// of at most `limit` points, evenly thinned (every `stride`-th value, the stride doubling
/// whenever the points would pass the limit), that always holds the first value, the last,
/// and the smallest and largest finite ones. So the objective taken from it, best or last,
/// is exactly the one the whole history gives; a plot of it keeps its shape.
public struct MetricCurve: Sendable, Equatable {
    /// The most points `entries` holds.
    public static let limit = 1000
    /// Evenly spaced points; room is left for the last value and the two extremes.
    static let sampleLimit = limit - 3

    struct Point: Sendable, Equatable {
        var ordinal: Int
        var entry: TestHistory.Entry
    }

    /// How many values arrived.
    public private(set) var count = 0
    private var stride = 1
    /// The values whose ordinal is a multiple of `stride` (the first among them).
    private var samples: [Point] = []
    private var lastPoint: Point?
    private var lowest: Point?
    private var highest: Point?

    init() {}

    /// A curve read back from trial.json: its points as they are (thinned again only when
    /// there are more than `limit`, as an older trial.json may have), and the count they
    /// were thinned from.
    init(_ entries: [TestHistory.Entry], count: Int?) {
        if entries.count <= Self.limit {
            samples = entries.enumerated().map { Point(ordinal: $0.offset, entry: $0.element) }
            self.count = entries.count
            lastPoint = samples.last
            samples.forEach { noteExtreme($0) }
        } else {
            entries.forEach { append($0) }
        }
        if let count, count > self.count { self.count = count }
    }

    mutating func append(_ entry: TestHistory.Entry) {
        let point = Point(ordinal: count, entry: entry)
        count += 1
        lastPoint = point
        noteExtreme(point)
        guard point.ordinal % stride == 0 else { return }
        samples.append(point)
        if samples.count > Self.sampleLimit {
            stride *= 2
            samples.removeAll { $0.ordinal % stride != 0 }
        }
    }

    private mutating func noteExtreme(_ point: Point) {
        let value = point.entry.value
        guard value.isFinite else { return }
        if lowest.map({ value < $0.entry.value }) ?? true { lowest = point }
        if highest.map({ value > $0.entry.value }) ?? true { highest = point }
    }

    /// Two curves are equal when they show the same points from the same count.
    public static func == (lhs: MetricCurve, rhs: MetricCurve) -> Bool {
        lhs.count == rhs.count && lhs.entries == rhs.entries
    }

    /// The last value.
    public var last: TestHistory.Entry? { lastPoint?.entry }

    /// The curve in order: every value while there are at most `sampleLimit`, else the
    /// evenly thinned points with the last value and the extremes.
    public var entries: [TestHistory.Entry] {
        var points = samples
        for extra in [lowest, highest, lastPoint].compactMap({ $0 })
        where !points.contains(where: { $0.ordinal == extra.ordinal }) {
            let at = points.firstIndex { $0.ordinal > extra.ordinal } ?? points.endIndex
            points.insert(extra, at: at)
        }
        return points.map(\.entry)
    }
}
