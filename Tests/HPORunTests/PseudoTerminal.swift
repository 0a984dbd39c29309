import Foundation

/// The built hporun on a pseudo-terminal of a given size, with what it draws kept on an
/// emulated screen (`TerminalScreen`) as a terminal would show it.
final class PseudoTerminal {
    let process = Process()
    private var master: Int32
    private(set) var screen: TerminalScreen

    init(_ arguments: [String], in directory: URL, columns: Int, rows: Int, environment extra: [String: String] = [:]) throws {
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
        environment.merge(extra) { $1 }
        process.environment = environment
        try process.run()
        try handle.close()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if master >= 0 { close(master) }
    }

    /// The terminal goes away (its window closed, the SSH connection dropped): from now on
    /// hporun's writes to it fail (EIO) and nothing is read any more.
    func hangUp() {
        close(master)
        master = -1
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
