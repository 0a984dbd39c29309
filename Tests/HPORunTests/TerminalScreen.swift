import Foundation

/// A terminal screen fed raw bytes: printable text with automatic wrapping at the last
/// column, CR, LF (scrolling at the bottom), and the controls hporun uses: cursor up
/// (`ESC [ n A`), erase to the end of the screen (`ESC [ J`) and of the line (`ESC [ K`).
/// Lines scrolled off the top are kept in `scrolledOff`. Any other escape is recorded in
/// `unknownEscapes`, so a test sees when something else reached the terminal.
struct TerminalScreen {
    let columns: Int
    let rows: Int
    private(set) var cells: [[Character]]
    private(set) var scrolledOff: [String] = []
    private(set) var unknownEscapes: [String] = []
    private var row = 0, column = 0, pendingWrap = false
    private var pending: [UInt8] = []

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    /// The visible rows, right-trimmed.
    var lines: [String] {
        cells.map { String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    var text: String { lines.joined(separator: "\n") }

    /// The rows joined as they flow, so that a line the terminal wrapped reads whole.
    var flowing: String { cells.map { String($0) }.joined() }

    mutating func feed(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        // An incomplete UTF-8 sequence at the end waits for the next read.
        var end = pending.count, continuations = 0
        while continuations < 3, end - continuations > 0, pending[end - continuations - 1] & 0xC0 == 0x80 {
            continuations += 1
        }
        if end - continuations > 0 {
            let lead = pending[end - continuations - 1]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if length > continuations + 1 { end -= continuations + 1 }
        }
        var scalars = Array(String(decoding: pending[..<end], as: UTF8.self).unicodeScalars)[...]
        let rest = Array(pending[end...])
        pending = []
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            switch scalar {
            case "\u{1B}":
                guard let (sequence, final, after) = Self.controlSequence(scalars) else {
                    // Incomplete: keep it, from ESC on, for the next read.
                    var held = "\u{1B}"
                    held.unicodeScalars.append(contentsOf: scalars)
                    pending = Array(held.utf8)
                    scalars = []
                    continue
                }
                scalars = after
                apply(sequence, final)
            case "\r": column = 0; pendingWrap = false
            case "\n": lineFeed()
            case _ where scalar.value < 0x20: break
            default: put(Character(scalar))
            }
        }
        pending += rest
    }

    /// `[ parameters final` after an ESC, or nil when it is not complete yet.
    private static func controlSequence(_ scalars: ArraySlice<Unicode.Scalar>)
        -> (String, Unicode.Scalar?, ArraySlice<Unicode.Scalar>)? {
        guard let first = scalars.first else { return nil }
        guard first == "[" else { return ("", first, scalars.dropFirst()) }
        var sequence = "", rest = scalars.dropFirst()
        while let next = rest.first {
            rest = rest.dropFirst()
            if (0x40...0x7E).contains(next.value) { return (sequence, next, rest) }
            sequence.unicodeScalars.append(next)
        }
        return nil
    }

    private mutating func apply(_ parameters: String, _ final: Unicode.Scalar?) {
        let count = max(1, Int(parameters) ?? 1)
        switch final {
        case "A": row = max(0, row - count); pendingWrap = false
        case "J" where parameters.isEmpty || parameters == "0":
            for index in column..<columns { cells[row][index] = " " }
            for index in (row + 1)..<rows { cells[index] = Array(repeating: " ", count: columns) }
        case "K" where parameters.isEmpty || parameters == "0":
            for index in column..<columns { cells[row][index] = " " }
        default: unknownEscapes.append("ESC[" + parameters + (final.map { String($0) } ?? ""))
        }
    }

    private mutating func put(_ character: Character) {
        if pendingWrap {
            column = 0
            lineFeed()
            pendingWrap = false
        }
        cells[row][column] = character
        if column == columns - 1 { pendingWrap = true } else { column += 1 }
    }

    private mutating func lineFeed() {
        pendingWrap = false
        if row < rows - 1 {
            row += 1
            return
        }
        scrolledOff.append(String(cells[0]).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        cells.removeFirst()
        cells.append(Array(repeating: " ", count: columns))
    }
}
