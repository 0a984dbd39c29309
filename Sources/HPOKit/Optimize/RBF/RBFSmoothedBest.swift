import Foundation

/// The best trial as rbfopt's noisy mode judges it: by the smoothed surrogate's value at each
/// finished trial rather than by the trial's one observed value (rbf_noise; RBFNoise.swift).
///
/// Under noise the trial with the best observed value is partly the luckiest draw (the
/// winner's curse): among several trials near the optimum, the one whose noise fell lowest.
/// The smoothed surrogate averages each trial with its neighbours, so its lowest point is
/// where the function, not the noise, is lowest. This is what the search already centres on
/// (`RBFOptimizer.judged`); `hporun best` still reports the observed best, and
/// `OptimizerBench --suite --noise 5% --report-smoothed` measures what the smoothed choice would give.
extension RBFOptimizer {
    /// The index in `history` of the finished trial with the lowest smoothed value when the
    /// surrogate smooths these values (`on`, or `auto` once they show noise, and a ridge earns
    /// its place), else of the lowest observed value; nil without a finished value.
    public func smoothedBest(dimensions: [Dimension], history: [Observation]) -> Int? {
        let map = FeatureMap(dimensions)
        let finished = history.indices.compactMap { index in
            history[index].value.map { (index: index, point: map.imputed(history[index].point), value: $0) }
        }
        guard let observedBest = finished.min(by: { $0.value < $1.value }) else { return nil }
        let observed = finished.map { ($0.point, $0.value) }
        guard observed.count >= initialDesignSize(map) else { return observedBest.index }
        let settled = settled(for: observed, map: map)
        guard settled.noise != .off, let model = settled.fit(observed, map: map), model.smoothing > 0 else {
            return observedBest.index
        }
        let judged = Self.judged(observed, model: model, map: map)
        guard let best = judged.indices.min(by: { judged[$0].1 < judged[$1].1 }) else { return observedBest.index }
        return finished[best].index
    }
}
