import Foundation

/// The built hporun on a pseudo-terminal of a given size, with what it draws kept on an
/// emulated screen (`TerminalScreen`) as a terminal would show it.
final class PseudoTerminal {
    let process = Process()
    private let master: Int32
    private(set) var screen: TerminalScreen

    init(_ arguments: [String], in directory: URL, columns: Int, rows: Int) throws {
        master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grantpt(master) == 0, PTY.unlockpt(master) == 0, let name = PTY.ptsname(master) else {
            throw POSIXError(.ENODEV)
        }
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw POSIXError(.ENODEV) }
        let handle = FileHandle(fileDescriptor: slave, closeOnDealloc: true)
        screen = TerminalScreen(columns: columns, rows: rows)
        process.executableURL = HPORunBinary.url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm"
        process.environment = environment
        try process.run()
        try handle.close()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        close(master)
    }

    /// Reads what hporun wrote for `seconds`, onto the screen.
    func pump(for seconds: Double) {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        repeat {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 20)
            if ready > 0 {
                let count = read(master, &buffer, buffer.count)
                if count > 0 { screen.feed(buffer[..<count]) } else { usleep(20_000) }
            }
        } while Date() < deadline
    }

    /// Reads until the screen satisfies `condition` or `seconds` pass; whether it did.
    func waitForScreen(seconds: Double = 20, _ condition: (TerminalScreen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            pump(for: 0.05)
            if condition(screen) { return true }
        }
        return condition(screen)
    }

    /// Reads until hporun exits (or `seconds` pass); its exit status, nil if it did not exit.
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { pump(for: 0.05) }
        pump(for: 0.1)
        return process.isRunning ? nil : process.terminationStatus
    }
}

/// glibc's pseudo-terminal calls, which Swift's Glibc module leaves out (they need
/// _XOPEN_SOURCE), looked up at run time.
enum PTY {
    private static func function<T>(_ name: String, as type: T.Type) -> T {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("no \(name) in libc") }
        return unsafeBitCast(symbol, to: type)
    }

    static let openpt = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grantpt = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlockpt = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let ptsname = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
}

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
