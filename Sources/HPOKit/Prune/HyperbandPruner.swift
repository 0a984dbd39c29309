/// Hyperband as several ASHA brackets, as Optuna's HyperbandPruner: bracket s has its first
/// rung at min_resource * eta^s (s = 0 stops earliest), up to floor(log_eta(max/min)) + 1
/// brackets. Each trial belongs to one bracket, chosen from its SUBID (number modulo the
/// count, so the same on every run), and competes only with the trials of its bracket.
public struct HyperbandPruner: Pruner {
    public var minResource: Int
    public var eta: Int
    public var maxResource: Int

    public init(minResource: Int = 1, eta: Int = 3, maxResource: Int) {
        self.minResource = max(1, minResource)
        self.eta = max(2, eta)
        self.maxResource = max(self.minResource, maxResource)
    }

    /// How many brackets: one per rung below max_resource, at least one.
    public var bracketCount: Int {
        var count = 0
        var rung = minResource
        while rung < maxResource {
            count += 1
            let (next, overflow) = rung.multipliedReportingOverflow(by: eta)
            if overflow { break }
            rung = next
        }
        return max(1, count)
    }

    /// The bracket of a trial, from its SUBID.
    public func bracket(of subid: String) -> Int {
        (Int(subid) ?? subid.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF_FFFF }) % bracketCount
    }

    public func decide(_ input: PruneInput) -> PruneDecision {
        let bracket = bracket(of: input.trial.subid)
        var scale = 1
        for _ in 0..<bracket { scale = scale.multipliedReportingOverflow(by: eta).partialValue }
        var asha = SuccessiveHalvingPruner(minResource: minResource * scale, eta: eta, maxResource: maxResource)
        asha.label = "hyperband bracket \(bracket)"
        var same = input
        same.others = input.others.filter { self.bracket(of: $0.subid) == bracket }
        return asha.decide(same)
    }
}
