import Foundation

/// One plot: an `<svg>` with a frame, ticks on both axes, axis titles and the marks the
/// caller drew. `data-marks` says how many marks it holds (the browser test counts them).
struct SVGPlot {
    static let margin = (left: 58.0, right: 14.0, top: 10.0, bottom: 40.0)

    var width: Double
    var height: Double
    var x: Scale
    var y: Scale?
    var xTitle: String
    var yTitle: String

    var xPixels: Pixels { (Self.margin.left, width - Self.margin.right) }
    var yPixels: Pixels { (height - Self.margin.bottom, Self.margin.top) }

    /// The plot's SVG text; `marks` is already escaped markup, `count` its number of marks.
    /// With `canvas`, its marks are painted by the page's script from that data instead
    /// (`marks` then holds what stays SVG), and the plot comes wrapped with its data.
    func render(kind: String, marks: String, count: Int, label: String, canvas: (id: String, marks: CanvasMarks)? = nil) -> String {
        let svg = Self.open(kind: kind, count: canvas?.marks.count ?? count, canvas: canvas?.id, width: width, height: height,
                            label: label) + frame() + marks + "</svg>"
        guard let canvas else { return svg }
        return Self.wrap(svg, canvas.marks, id: canvas.id)
    }

    /// A canvas plot: the SVG and its data in a box the canvas is laid over.
    static func wrap(_ svg: String, _ marks: CanvasMarks, id: String) -> String {
        "<div class=\"cv\">" + svg + "</div>" + marks.script(id: id)
    }

    static func open(kind: String, count: Int, canvas: String?, width: Double, height: Double, label: String) -> String {
        "<svg class=\"plot \(kind)\" data-marks=\"\(count)\"" + (canvas.map { " data-canvas=\"\($0)\"" } ?? "")
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" "
            + "aria-label=\"\(HTML.escape(label))\">"
    }

    /// The frame, the ticks and the axis titles.
    private func frame() -> String {
        var out = ""
        let left = xPixels.start, right = xPixels.end
        let top = Self.margin.top, bottom = height - Self.margin.bottom
        out += "<rect class=\"area\" x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(bottom - top)\"/>"
        out += "<g class=\"axis\">"
        for (position, text) in x.ticks(x.categories == nil ? 6 : 0) {
            let px = HTML.coordinate(x(position))
            out += "<line x1=\"\(px)\" x2=\"\(px)\" y1=\"\(top)\" y2=\"\(bottom)\"/>"
            out += "<text x=\"\(px)\" y=\"\(bottom + 14)\" text-anchor=\"middle\">\(HTML.escape(Self.short(text)))</text>"
        }
        if let y {
            for (position, text) in y.ticks(y.categories == nil ? 5 : 0) {
                let py = HTML.coordinate(y(position))
                out += "<line x1=\"\(left)\" x2=\"\(right)\" y1=\"\(py)\" y2=\"\(py)\"/>"
                out += "<text x=\"\(left - 5)\" y=\"\(py)\" dy=\"0.32em\" text-anchor=\"end\">\(HTML.escape(Self.short(text)))</text>"
            }
        }
        out += "<text class=\"title\" x=\"\(HTML.coordinate((left + right) / 2))\" y=\"\(height - 6)\" "
            + "text-anchor=\"middle\">\(HTML.escape(xTitle))</text>"
        out += "<text class=\"title\" transform=\"translate(12 \(HTML.coordinate((top + bottom) / 2))) rotate(-90)\" "
            + "text-anchor=\"middle\">\(HTML.escape(yTitle))</text>"
        out += "</g>"
        return out
    }

    /// A tick label cut to 12 characters (a long category name stays readable).
    static func short(_ text: String) -> String {
        text.count <= 12 ? text : String(text.prefix(11)) + "…"
    }
}

/// Colours for objective values: a perceptually ordered ramp (viridis' ends and middle),
/// the best end the brightest.
enum Palette {
    private static let stops: [(Double, Double, Double)] = [
        (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
    ]

    /// `t` in 0...1, 1 the best.
    static func color(_ t: Double) -> String {
        let clamped = t.isFinite ? min(max(t, 0), 1) : 0
        let position = clamped * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        let f = position - Double(index)
        let (a, b) = (stops[index], stops[index + 1])
        let r = Int((a.0 + (b.0 - a.0) * f).rounded()), g = Int((a.1 + (b.1 - a.1) * f).rounded())
        let bl = Int((a.2 + (b.2 - a.2) * f).rounded())
        return String(format: "#%02x%02x%02x", r, g, bl)
    }
}
