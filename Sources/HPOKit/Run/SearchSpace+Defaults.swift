/// The defaults trial: the first trial of an experiment whose space gives any parameter a
/// `default` (DeepHyper's starting point); and a configuration that leaves out a parameter
/// with a default (a starting point, a warm start's trial) completed with it.
extension SearchSpace {
    /// The configuration with each missing active parameter that has a default given it;
    /// throws as `encode` does for what remains (a missing parameter without a default,
    /// an inactive or unknown one, a value outside the space).
    public func withDefaults(_ config: Config) throws(SpaceError) -> Config {
        var config = config
        for _ in 0...hyperParameters.count {
            do {
                _ = try encode(config)
                return config
            } catch .missing(let name) {
                guard let value = hyperParameters.first(where: { $0.name == name })?.defaultValue else {
                    throw .missing(name: name)
                }
                config[name] = value
            }
        }
        return config
    }

    /// The point of the parameters' defaults, nil when none has one. A parameter without a
    /// default takes the middle of its box: the middle of a range (on the log scale for a
    /// log range, the median of a normal), the middle value of an ordered list (the lower of
    /// the two middle ones for an even count), the first of unordered values. A parameter
    /// the defaults make inactive is NaN, as in any recorded point.
    public var defaultsPoint: Point? {
        guard hyperParameters.contains(where: { $0.defaultValue != nil }) else { return nil }
        let point = zip(hyperParameters, dimensions).map { parameter, dimension -> Double in
            if let value = parameter.defaultValue,
               let coordinate = try? SearchSpace([HyperParameter(name: parameter.name, domain: parameter.domain)])
                   .encode(Config([(parameter.name, value)])).first {
                return coordinate
            }
            switch dimension {
            case .continuous: return 0.5
            case .ordinal(let levels): return Double((levels - 1) / 2)
            case .categorical: return 0
            }
        }
        return canonical(point)
    }
}
