/// Stops a trial after `patience` iterations without an improvement of more than
/// `minDelta` over its best value before them; wraps another pruner (which decides first),
/// or none.
public struct PatiencePruner: Pruner {
    public var patience: Int
    public var minDelta: Double
    public var inner: (any Pruner)?

    public init(patience: Int, minDelta: Double = 0, wrapping inner: (any Pruner)? = nil) {
        self.patience = max(1, patience)
        self.minDelta = abs(minDelta)
        self.inner = inner
    }

    public func decide(_ input: PruneInput) -> PruneDecision {
        if let decision = inner?.decide(input), decision.isStop { return decision }
        guard let iteration = input.trial.lastIteration else { return .continue }
        let horizon = iteration - patience
        guard let before = input.best(input.trial, upTo: horizon) else { return .continue }
        let after = input.trial.entries.filter { $0.iteration > horizon && $0.value.isFinite }.map(\.value)
        let improved = after.contains { value in
            input.direction == .maximize ? value > before + minDelta : value < before - minDelta
        }
        if improved { return .continue }
        return .stop(reason: "no improvement of more than \(pruneNumber(minDelta)) over \(pruneNumber(before)) "
            + "in the \(patience) iterations up to \(iteration) (patience)")
    }
}
