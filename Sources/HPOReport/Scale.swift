import Foundation

/// Where an axis runs on screen: from `start` (the low end of the data) to `end`; a y axis
/// runs upwards, so its start is the larger pixel.
typealias Pixels = (start: Double, end: Double)

/// A map from data to pixels with its tick labels: linear, log10 (positions in log10
/// units), or categorical (one evenly spaced slot per category).
struct Scale: Sendable {
    var domain: ClosedRange<Double>
    var pixels: Pixels
    var log = false
    var categories: [String]? = nil

    init(domain: ClosedRange<Double>, pixels: Pixels, log: Bool = false) {
        // A single value, or nothing: widen around it so it lands in the middle.
        var low = domain.lowerBound, high = domain.upperBound
        if !(high > low) {
            let pad = abs(low) > 0 ? abs(low) * 0.1 : 1
            low -= pad
            high += pad
        }
        let margin = (high - low) * 0.04
        self.domain = (low - margin)...(high + margin)
        self.pixels = pixels
        self.log = log
    }

    static func categorical(_ values: [String], pixels: Pixels) -> Scale {
        var scale = Scale(domain: -0.5...(Double(max(values.count, 1)) - 0.5), pixels: pixels)
        scale.domain = -0.5...(Double(max(values.count, 1)) - 0.5)
        scale.categories = values
        return scale
    }

    /// The pixel of a position (for a log scale, a log10 value).
    func callAsFunction(_ position: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let t = span > 0 ? (position - domain.lowerBound) / span : 0.5
        return pixels.start + t * (pixels.end - pixels.start)
    }

    /// About `count` ticks: (position, label). Categories label their slots; a log scale
    /// labels powers of ten (or its ends when it spans less than one).
    func ticks(_ count: Int = 5) -> [(Double, String)] {
        if let categories {
            return categories.enumerated().map { (Double($0.offset), $0.element) }
        }
        if log {
            let first = Int(domain.lowerBound.rounded(.up)), last = Int(domain.upperBound.rounded(.down))
            if last - first >= 1 {
                let stride = max(1, (last - first + 1) / count)
                return Swift.stride(from: first, through: last, by: stride).map { (Double($0), "1e\($0)") }
            }
            return [domain.lowerBound, domain.upperBound].map { ($0, HTML.number(pow(10, $0))) }
        }
        let span = domain.upperBound - domain.lowerBound
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [(Double, String)] = []
        var value = (domain.lowerBound / step).rounded(.up) * step
        while value <= domain.upperBound + step * 1e-9, ticks.count < 20 {
            ticks.append((value, HTML.number(abs(value) < step * 1e-9 ? 0 : value)))
            value += step
        }
        return ticks
    }
}
