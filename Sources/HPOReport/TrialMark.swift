import HPOKit

/// How a trial that did not complete is marked, the same way in every plot and in the
/// table: × failed (red), × superseded (a failed trial `--retry-failed` set aside: pale),
/// ▼ pruned (stopped early by its pruner, at its iteration), ○ interrupted or still running.
enum TrialMark {
    static func glyph(_ state: TrialState) -> String {
        switch state {
        case .failed, .superseded: "×"
        case .pruned: "▼"
        default: "○"
        }
    }

    /// The CSS class of the mark (its colour).
    static func cssClass(_ state: TrialState) -> String {
        switch state {
        case .failed: "fail"
        case .superseded: "sup"
        case .pruned: "prune"
        case .running, .pending: "run"
        default: "int"
        }
    }

    /// A bar's fill in the timeline for a trial without a colour of its own.
    static func fill(_ state: TrialState) -> String {
        switch state {
        case .failed: "#d62728"
        case .superseded: "#eeb4b4"
        case .pruned: "#b0803f"
        case .running, .pending: "url(#running)"
        default: "#aaa"
        }
    }

    /// What the plots' reading aids say of the marks.
    static let legend = "× marks a failed trial (pale once --retry-failed set it aside), ▼ a pruned one "
        + "(stopped early by its pruner), ○ an interrupted or running one"
}
