/// Makes the optimizer a manifest's method names. Adding an optimizer is a case in
/// `MethodName` and a line here.
public enum OptimizerFactory {
    /// - Parameters:
    ///   - budget: num_optimizer_steps, which sizes the RBF optimizer's initial design.
    ///   - space: the search space, whose declared priors `random` draws from (nil: uniform
    ///     in the encoded box).
    public static func make(_ method: MethodName, budget: Int, space: SearchSpace? = nil) -> any Optimizer {
        switch method {
        case .random: RandomSearch(space: space)
        case .rbfopt: RBFOptimizer(budget: budget)
        }
    }
}
