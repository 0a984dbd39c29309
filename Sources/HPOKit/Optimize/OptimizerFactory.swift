/// Makes the optimizer a manifest's method names. Adding an optimizer is a case in
/// `MethodName` and a line here.
public enum OptimizerFactory {
    /// The methods that take any space (`grid` needs a finite one).
    public static var general: [MethodName] { MethodName.allCases.filter { $0 != .grid } }

    /// - Parameters:
    ///   - budget: num_optimizer_steps, which sizes the RBF optimizer's initial design.
    ///   - options: the method's settings (`Method.options`, checked by the manifest reader);
    ///     a setting left out takes its default (`MethodOption.defaultText`).
    ///   - space: the search space, whose declared priors `random` draws from (nil: uniform
    ///     in the encoded box).
    public static func make(_ method: MethodName, budget: Int, options: [String: ParameterValue] = [:],
                            space: SearchSpace? = nil) -> any Optimizer {
        switch method {
        case .random: RandomSearch(space: space)
        case .rbfopt: RBFOptimizer(budget: budget, noise: RBFNoise(options: options))
        case .grid: GridSearch()
        case .tpe: TPEOptimizer(settings: TPEOptimizer.Settings(options: options))
        case .bo: BayesianOptimizer(settings: BayesianOptimizer.Settings(options: options))
        }
    }
}
