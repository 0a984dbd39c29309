/// A trial's point as trial.json holds it: a JSON array of numbers, `null` for the
/// coordinate of a parameter that was inactive for that trial (NaN in the optimizer's box:
/// JSON has no NaN). Two recorded points are equal when their inactive coordinates are
/// (NaN matches NaN), so a point run again is found again.
@propertyWrapper
public struct RecordedPoint: Sendable, Codable, Equatable {
    public var wrappedValue: Point

    public init(wrappedValue: Point) {
        self.wrappedValue = wrappedValue
    }

    public init(from decoder: any Decoder) throws {
        wrappedValue = try decoder.singleValueContainer().decode([Double?].self).map { $0 ?? .nan }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(wrappedValue.map { $0.isNaN ? nil : $0 })
    }

    public static func == (a: RecordedPoint, b: RecordedPoint) -> Bool {
        SearchSpace.samePoint(a.wrappedValue, b.wrappedValue)
    }
}
