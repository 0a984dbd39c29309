/// Makes the optimizer a manifest's method names. Adding an optimizer is a case in
/// `MethodName` and a line here.
public enum OptimizerFactory {
    /// - Parameter budget: num_optimizer_steps, which sizes the RBF optimizer's initial design.
    public static func make(_ method: MethodName, budget: Int) -> any Optimizer {
        switch method {
        case .random: RandomSearch()
        case .rbfopt: RBFOptimizer(budget: budget)
        }
    }
}
