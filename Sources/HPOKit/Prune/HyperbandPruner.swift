/// Hyperband as several ASHA brackets, as Optuna's HyperbandPruner: with
/// n = floor(log_eta(max/min)) + 1 brackets, bracket s has its first rung at
/// min_resource * eta^s (s = 0 stops earliest; when max/min is a power of eta, the last one
/// has no rung below max_resource, so its trials run to the end: Hyperband's hedge against
/// curves that cross). Each trial
/// belongs to one bracket, drawn from its SUBID (so the same on every run) with Optuna's
/// weights, ceil(n * eta^(n-1-s) / (n-s)): most trials go to the brackets that stop early.
/// A trial competes only with the trials of its bracket; the leaders that lower a rung's cut
/// (`SuccessiveHalvingPruner`) are drawn from every bracket, so the last one, which prunes
/// nothing, shows the others which slow starters end among the best.
public struct HyperbandPruner: Pruner {
    public var minResource: Int
    public var eta: Int
    public var maxResource: Int
    /// How a rung cuts, in every bracket (`SuccessiveHalvingPruner`).
    public var cut: PrunerSettings.Cut
    /// Adaptive rungs in every bracket (`RungTrust`), their evidence from every bracket's trials.
    public var trust: RungTrust?

    public init(minResource: Int = 1, eta: Int = 3, maxResource: Int, cut: PrunerSettings.Cut = .rank,
                trust: RungTrust? = nil) {
        self.minResource = max(1, minResource)
        self.eta = max(2, eta)
        self.maxResource = max(self.minResource, maxResource)
        self.cut = cut
        self.trust = trust
    }

    /// How many brackets: one per rung below max_resource, and the one that runs to the end.
    public var bracketCount: Int {
        var count = 1
        var rung = minResource
        while rung < maxResource {
            let (next, overflow) = rung.multipliedReportingOverflow(by: eta)
            if overflow || next > maxResource { break }
            count += 1
            rung = next
        }
        return count
    }

    /// The share of the trials each bracket gets (Optuna's budget of a bracket).
    public var bracketWeights: [Int] {
        let n = bracketCount
        return (0..<n).map { s in
            var power = 1
            for _ in 0..<(n - 1 - s) { power = power.multipliedReportingOverflow(by: eta).partialValue }
            return (n * power + (n - s) - 1) / (n - s)
        }
    }

    /// The bracket of a trial, from its SUBID: a mix of its number, by the brackets' weights.
    public func bracket(of subid: String) -> Int {
        let number = UInt64(truncatingIfNeeded: Int(subid) ?? subid.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF_FFFF })
        var mixed = number &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        let weights = bracketWeights
        var slot = Int(mixed % UInt64(max(1, weights.reduce(0, +))))
        for (bracket, weight) in weights.enumerated() {
            if slot < weight { return bracket }
            slot -= weight
        }
        return weights.count - 1
    }

    public func decide(_ input: PruneInput) -> PruneDecision {
        let bracket = bracket(of: input.trial.subid)
        var scale = 1
        for _ in 0..<bracket { scale = scale.multipliedReportingOverflow(by: eta).partialValue }
        var asha = SuccessiveHalvingPruner(minResource: minResource * scale, eta: eta, maxResource: maxResource, cut: cut, trust: trust)
        asha.label = "hyperband bracket \(bracket)"
        var same = input
        same.others = input.others.filter { self.bracket(of: $0.subid) == bracket }
        return asha.decide(same, leadersAmong: input.others)
    }
}
