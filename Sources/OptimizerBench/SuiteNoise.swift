import Foundation

/// `--noise` of the suite bench: an absolute standard deviation (`--noise 0.1`, every problem
/// alike) or a share of each problem's scale (`--noise 5%`): the scale is the median of f over
/// random points minus f*, as Scripts/suite/noisy_problems.py measured it
/// (Scripts/suite/peers/noise-scales.json). A relative level runs only the problems that have a
/// scale (the noisy subset the peers ran on) and reads the peers' gaps of the same level
/// (peers/gaps-noise-5pct.json: the true value of each peer's best-observed trial).
struct SuiteNoise {
    /// The share of each problem's scale; nil for an absolute level.
    let share: Double?
    let absolute: Double
    let scales: [String: Double]
    /// `--report-smoothed`: the gap is that of the trial rbfopt's smoothed surrogate rates best
    /// (`RBFOptimizer.smoothedBest`) instead of the best observed one: what `hporun best` would
    /// report if it chose by the smoothed value. Only rbfopt runs have a smoothed surrogate.
    var reportSmoothed = false

    static let scalesPath = "Scripts/suite/peers/noise-scales.json"

    init(_ text: String, scalesPath: String = SuiteNoise.scalesPath) {
        if text.hasSuffix("%"), let percent = Double(text.dropLast()) {
            share = percent / 100
            absolute = 0
            let data = (try? Data(contentsOf: URL(fileURLWithPath: scalesPath))) ?? Data("{}".utf8)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            scales = (object?["scales"] as? [String: Double]) ?? [:]
        } else {
            share = nil
            absolute = Double(text) ?? 0
            scales = [:]
        }
    }

    var isNoisy: Bool { (share ?? absolute) > 0 }

    /// The noise's standard deviation on one problem; nil when a relative level has no scale for it.
    func deviation(for problem: String) -> Double? {
        guard let share else { return absolute }
        return scales[problem].map { share * $0 }
    }

    /// The peers' gaps at this level (relative levels only).
    var peersPath: String? {
        share.map { String(format: "Scripts/suite/peers/gaps-noise-%gpct.json", $0 * 100) }
    }

    var label: String {
        guard let share else { return "noise sd \(absolute)" }
        return String(format: "noise sd %g%% of each problem's scale (%@)", share * 100, Self.scalesPath)
    }
}
