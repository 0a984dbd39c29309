import Foundation

/// The marks of a plot with thousands of them, as data for the page's script to paint on a
/// `<canvas>` over the plot's SVG frame (axes and titles stay SVG), instead of one SVG
/// element each: a 10,000-trial report then lays out in a fraction of the time. Each mark
/// is a JSON array whose first two entries are its kind and its trial's SUBID (empty for a
/// mark that belongs to no trial, such as a Slurm queue bar, which is not counted):
///
/// - `["c", t, fill, x, y, r]` a dot;
/// - `["g", t, class, x, y, glyph]` a glyph (× ▼ ○), coloured by its class;
/// - `["l", t, stroke, x0, y0, x1, y1, ...]` a line through points;
/// - `["f", t, fill, x0, y0, x1, y1, ...]` a filled polygon;
/// - `["r", t, fill, x, y, w, h]` a bar.
///
/// Coordinates are in the SVG's viewBox, as the SVG marks would have them. The script
/// counts what it painted into the plot's `data-drawn` (the browser test compares it with
/// `data-marks`) and finds the mark under the pointer for the tip and the highlight.
struct CanvasMarks {
    private(set) var items: [String] = []
    /// Marks that belong to a trial.
    private(set) var count = 0

    mutating func dot(_ t: String, fill: String, x: String, y: String, r: String) {
        add(t, "\"c\"", quoted(fill), x, y, r)
    }

    mutating func glyph(_ t: String, cssClass: String, x: String, y: String, glyph: String) {
        add(t, "\"g\"", quoted(cssClass), x, y, HTML.jsonString(glyph))
    }

    mutating func line(_ t: String, stroke: String, points: [(String, String)]) {
        add(t, "\"l\"", [quoted(stroke)] + points.flatMap { [$0.0, $0.1] })
    }

    mutating func polygon(_ t: String, fill: String, points: [(String, String)]) {
        add(t, "\"f\"", [quoted(fill)] + points.flatMap { [$0.0, $0.1] })
    }

    mutating func bar(_ t: String, fill: String, x: String, y: String, width: String, height: String) {
        add(t, "\"r\"", quoted(fill), x, y, width, height)
    }

    mutating func append(contentsOf other: CanvasMarks) {
        items += other.items
        count += other.count
    }

    private mutating func add(_ t: String, _ kind: String, _ rest: String...) {
        add(t, kind, rest)
    }

    private mutating func add(_ t: String, _ kind: String, _ rest: [String]) {
        if !t.isEmpty { count += 1 }
        items.append("[" + ([kind, HTML.jsonString(t)] + rest).joined(separator: ",") + "]")
    }

    private func quoted(_ text: String) -> String { HTML.jsonString(text) }

    /// The data element for the script: JSON that cannot end its `<script>` early.
    func script(id: String) -> String {
        "<script type=\"application/json\" id=\"\(id)\">[" + items.joined(separator: ",\n") + "]</script>"
    }
}

extension ExperimentReport {
    /// Past this many trials the plots with one mark per trial paint their marks on a canvas.
    static let canvasTrials = 2_000

    var usesCanvas: Bool { trials.count > Self.canvasTrials }
}
