import Foundation

/// The hyperparameters as the optimizers see them: a box with one coordinate per
/// hyperparameter (`dimensions`), and the two-way mapping between points of that box and
/// `Config`s, the typed values written to `config.json`.
///
/// A conditional parameter (`HyperParameter.conditions`) that is inactive for a point is
/// left out of its `Config`; in a recorded point its coordinate is NaN (`canonical`).
public struct SearchSpace: Sendable, Hashable {
    public let hyperParameters: [HyperParameter]
    let encodings: [ParameterEncoding]
    /// Parameter indices with every condition's parent before its children.
    let order: [Int]
    /// The index of each name.
    let indices: [String: Int]

    /// A space over validated hyperparameters (`ManifestLoader` validates them).
    public init(_ hyperParameters: [HyperParameter]) {
        self.hyperParameters = hyperParameters
        encodings = hyperParameters.map { ParameterEncoding($0.domain) }
        indices = Dictionary(hyperParameters.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        order = Self.parentsFirst(hyperParameters, indices: indices)
    }

    /// One coordinate per hyperparameter, in the manifest's order.
    public var dimensions: [Dimension] { encodings.map(\.dimension) }

    /// Whether any parameter has a condition.
    public var isConditional: Bool { hyperParameters.contains { !$0.conditions.isEmpty } }

    /// The configuration at a point. Coordinates off the lattice or outside the box are
    /// taken to the nearest valid value, so any point decodes to a valid configuration; the
    /// coordinates of inactive parameters are ignored.
    public func decode(_ point: Point) -> Config {
        precondition(point.count == encodings.count, "a point has one coordinate per hyperparameter")
        var values: [ParameterValue?] = Array(repeating: nil, count: encodings.count)
        for index in order where isActive(index, values) {
            values[index] = encodings[index].decode(point[index])
        }
        return config(values)
    }

    /// The point of a configuration: the inverse of `decode` on the lattice, NaN for an
    /// inactive parameter (which the configuration must not hold). Used to feed a resumed
    /// experiment's trials, or a user's starting points, to the optimizer.
    public func encode(_ config: Config) throws(SpaceError) -> Point {
        let extra = config.names.filter { indices[$0] == nil }
        var values: [ParameterValue?] = Array(repeating: nil, count: encodings.count)
        var point = Point(repeating: .nan, count: encodings.count)
        for index in order {
            let parameter = hyperParameters[index]
            guard isActive(index, values) else {
                if config[parameter.name] != nil { throw .inactive(name: parameter.name, condition: describe(parameter.conditions)) }
                continue
            }
            guard let value = config[parameter.name] else { throw .missing(name: parameter.name) }
            guard let coordinate = encodings[index].encode(value) else {
                throw .notInSpace(name: parameter.name, value: value.jsonText, domain: describe(parameter))
            }
            values[index] = value
            point[index] = coordinate
        }
        if let name = extra.first { throw .unknown(name: name) }
        return point
    }

    /// The point as recorded: the coordinates of the parameters inactive at it set to NaN
    /// (contract: optimizers never learn from them); the others as they are.
    public func canonical(_ point: Point) -> Point {
        guard isConditional else { return point }
        var point = point
        let active = Set(decode(point).names)
        for (index, parameter) in hyperParameters.enumerated() where !active.contains(parameter.name) {
            point[index] = .nan
        }
        return point
    }

    /// Whether two recorded points are the same (NaN, an inactive coordinate, equals NaN).
    public static func samePoint(_ a: Point, _ b: Point) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
    }

    /// Whether every condition of the parameter holds for the values decided so far (its
    /// parents come first in `order`; an inactive or unknown parent fails the condition).
    func isActive(_ index: Int, _ values: [ParameterValue?]) -> Bool {
        hyperParameters[index].conditions.allSatisfy { condition in
            guard let parent = indices[condition.parent], let value = values[parent] else { return false }
            return condition.values.contains { ParameterEncoding.same($0, value) }
        }
    }

    /// The values in the manifest's order, placed (grouped, nested) as the parameters say.
    func config(_ values: [ParameterValue?]) -> Config {
        var config = Config()
        for (index, parameter) in hyperParameters.enumerated() {
            guard let value = values[index] else { continue }
            config[parameter.name] = value
            if let options = parameter.nestedOptions, let option = options.first(where: { .string($0.label) == value }) {
                config.place(parameter.name, .option(parameter.place, option))
            } else if parameter.place != [parameter.name] {
                config.place(parameter.name, .path(parameter.place))
            }
        }
        return config
    }

    /// The indices with each condition's parents before the parameter (a depth-first
    /// topological order); a cycle, which validation rejects, is broken where it closes.
    static func parentsFirst(_ parameters: [HyperParameter], indices: [String: Int]) -> [Int] {
        var order: [Int] = [], state = Array(repeating: 0, count: parameters.count)  // 1 visiting, 2 done
        func visit(_ index: Int) {
            guard state[index] == 0 else { return }
            state[index] = 1
            for condition in parameters[index].conditions {
                if let parent = indices[condition.parent] { visit(parent) }
            }
            state[index] = 2
            order.append(index)
        }
        for index in parameters.indices { visit(index) }
        return order
    }
}
