import Foundation

/// The hyperparameters as the optimizers see them: a box with one coordinate per
/// hyperparameter (`dimensions`), and the two-way mapping between points of that box and
/// `Config`s, the typed values written to `config.json`.
public struct SearchSpace: Sendable, Hashable {
    public let hyperParameters: [HyperParameter]
    private let encodings: [ParameterEncoding]

    /// A space over validated hyperparameters (`ManifestLoader` validates them).
    public init(_ hyperParameters: [HyperParameter]) {
        self.hyperParameters = hyperParameters
        encodings = hyperParameters.map { ParameterEncoding($0.domain) }
    }

    /// One coordinate per hyperparameter, in the manifest's order.
    public var dimensions: [Dimension] { encodings.map(\.dimension) }

    /// How many distinct configurations there are, nil when a range is continuous.
    public var finiteSize: Int? { dimensions.finiteSize }

    /// The configuration at a point. Coordinates off the lattice or outside the box are
    /// taken to the nearest valid value, so any point decodes to a valid configuration.
    public func decode(_ point: Point) -> Config {
        precondition(point.count == encodings.count, "a point has one coordinate per hyperparameter")
        var config = Config()
        for (index, parameter) in hyperParameters.enumerated() {
            config[parameter.name] = encodings[index].decode(point[index])
        }
        return config
    }

    /// The point of a configuration: the inverse of `decode` on the lattice. Used to feed a
    /// resumed experiment's trials, or a user's starting points, to the optimizer.
    public func encode(_ config: Config) throws(SpaceError) -> Point {
        var point: Point = []
        for (index, parameter) in hyperParameters.enumerated() {
            guard let value = config[parameter.name] else { throw .missing(name: parameter.name) }
            guard let coordinate = encodings[index].encode(value) else {
                throw .notInSpace(name: parameter.name, value: value.jsonText, domain: describe(parameter))
            }
            point.append(coordinate)
        }
        let extra = config.names.filter { name in !hyperParameters.contains { $0.name == name } }
        if let name = extra.first { throw .unknown(name: name) }
        return point
    }

    /// Reads a `config.json` back into a typed `Config`: an integer parameter accepts an
    /// integral JSON number (`64.0`), a double parameter accepts an integer.
    public func config(fromJSON data: Data) throws(SpaceError) -> Config {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw SpaceError.notJSON(reason: "the top level is not a JSON object")
            }
            object = parsed
        } catch let error as SpaceError {
            throw error
        } catch {
            throw .notJSON(reason: error.localizedDescription)
        }
        // JSONSerialization on Linux may read a 17-digit double one ulp off; JSONDecoder
        // reads it exactly, so doubles take their value from there.
        let exact = (try? JSONDecoder().decode([String: ExactDouble].self, from: data)) ?? [:]
        var config = Config()
        for parameter in hyperParameters {
            guard let raw = object[parameter.name] else { throw .missing(name: parameter.name) }
            guard var value = Self.typedValue(raw, for: parameter.domain) else {
                throw .notInSpace(name: parameter.name, value: String(describing: raw), domain: describe(parameter))
            }
            if case .double = value, let double = exact[parameter.name]?.value { value = .double(double) }
            config[parameter.name] = value
        }
        return config
    }

    private static func typedValue(_ raw: Any, for domain: Domain) -> ParameterValue? {
        switch domain {
        case .stringValues: return (raw as? String).map { .string($0) }
        case .intRange, .intValues:
            guard let number = raw as? NSNumber, !isBoolean(number),
                  let int = Int(exactly: number.doubleValue) else { return nil }
            return .int(int)
        case .doubleRange, .doubleValues:
            guard let number = raw as? NSNumber, !isBoolean(number) else { return nil }
            return .double(number.doubleValue)
        }
    }

    private static func isBoolean(_ number: NSNumber) -> Bool {
        let type = String(cString: number.objCType)
        return type == "c" || type == "B"
    }
}

/// A JSON value read as a Double when it is a number, nil otherwise.
struct ExactDouble: Decodable {
    let value: Double?

    init(from decoder: any Decoder) throws {
        value = try? decoder.singleValueContainer().decode(Double.self)
    }
}

/// A configuration that does not fit the space.
public enum SpaceError: Error, LocalizedError, Equatable, Sendable {
    case missing(name: String)
    case unknown(name: String)
    case notInSpace(name: String, value: String, domain: String)
    case notJSON(reason: String)

    public var errorDescription: String? {
        switch self {
        case .missing(let name): "the configuration has no value for hyperparameter '\(name)'"
        case .unknown(let name): "the configuration has '\(name)', which is not a hyperparameter of this space"
        case .notInSpace(let name, let value, let domain):
            "'\(name)' = \(value) is not in its space (\(domain))"
        case .notJSON(let reason): "the configuration is not valid JSON: \(reason)"
        }
    }
}
