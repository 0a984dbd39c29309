/// The defaults trial: the first trial of an experiment whose space gives any parameter a
/// `default` (DeepHyper's starting point).
extension SearchSpace {
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
