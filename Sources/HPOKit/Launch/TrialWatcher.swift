import Foundation

/// The process between hporun and a local trial's command: hporun's own executable started
/// under the name `hporun-trial-watcher`, in the trial's directory, process group and
/// environment. It starts the command exactly as hporun would have (the same argv, the
/// environment unchanged, every signal at its default and none blocked), waits for it, writes
/// how it ended to `hporun-exit-status` (`TrialExitFile`) and then ends the same way itself
/// (the same exit code, or killed by the same signal), so that hporun, its parent, sees what
/// it would have seen without it.
///
/// Why: only a process's parent learns its exit status. When hporun dies (`kill -9`, the OOM
/// killer) its trials run on; the watcher, not hporun, is the command's parent, so the status
/// still lands in the trial directory, where a resumed run collects it, or waits for it while
/// the watcher lives (`LocalLauncher.attach`).
///
/// Signals: the watcher is in the trial's process group, so a signal to the group (a timeout,
/// Ctrl-C, the pruner) reaches the command as before. The watcher ignores the ones that would
/// end it, so it outlives the command's own clean-up and records its end; SIGKILL ends both.
public enum TrialWatcher {
    /// The watcher's argv[0]: `HPORun.main` hands a process started under it to `main`, and a
    /// resumed run knows a trial's watcher by it (/proc/PID/cmdline).
    public static let name = "hporun-trial-watcher"

    /// This process's own executable, for `LocalLauncher(watcher:)` in hporun: the running
    /// binary even after a reinstall replaced or removed the file.
    public static let ownExecutable = "/proc/self/exe"

    /// Runs `command` (its first word an executable's path, also the command's argv[0]),
    /// records its end, and ends as it did.
    public static func main(_ command: [String]) -> Never {
        let launcher = getppid()
        ignoreEndingSignals()
        guard let program = command.first else { fail("no command to run") }
        markInheritedDescriptorsCloseOnExec()
        var pid: pid_t = 0
        let started = spawn(program, command, &pid)
        guard started == 0 else { fail("\(program): \(String(cString: strerror(started)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { fail("cannot wait for the command: \(String(cString: strerror(errno)))") }
        }
        let outcome: TrialExitFile.Outcome =
            status & 0x7f == 0 ? .exited((status >> 8) & 0xff) : .signaled(status & 0x7f)
        // With hporun alive the file only confirms what hporun learns from the watcher's own end,
        // and hporun flushes the trial's record; orphaned, the file is all that tells the next
        // run, and it must not outlive a power cut that the trial's metrics do not.
        let orphaned = getppid() != launcher
        if orphaned { syncTrialFiles() }
        TrialExitFile.write(outcome, durable: orphaned)
        end(as: outcome)
    }

    /// The command started as swift-subprocess starts a trial: no signal blocked, every
    /// signal's action the default (the watcher's own ignored ones included).
    private static func spawn(_ program: String, _ argv: [String], _ pid: inout pid_t) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = argv.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        return posix_spawn(&pid, program, nil, &attributes, arguments, environ)
    }

    /// Every signal whose default action would end the watcher before the command, except
    /// the faults (which only its own bug raises) and SIGCHLD (left alone, or waitpid fails).
    private static func ignoreEndingSignals() {
        for number in [SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM, SIGVTALRM, SIGPROF,
                       SIGXCPU, SIGXFSZ, SIGIO, SIGPWR, SIGSTKFLT, SIGTSTP, SIGTTIN, SIGTTOU] {
            _ = signal(number, SIG_IGN)
        }
    }

    /// Descriptors the watcher's own runtime opened must not reach the command (swift-subprocess
    /// gave the watcher only 0, 1 and 2).
    private static func markInheritedDescriptorsCloseOnExec() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for fd in names.compactMap({ Int32($0) }) where fd > 2 {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    /// The trial's files (its metrics among them) on disk before the status that vouches for
    /// them: the file system's dirty data, once, at the end of a trial nobody else watches.
    private static func syncTrialFiles() {
        // syncfs(2) is a GNU extension that Swift's Glibc module leaves out: looked up by name.
        typealias SyncFS = @convention(c) (Int32) -> Int32
        guard let symbol = dlsym(nil, "syncfs") else { return }  // RTLD_DEFAULT
        let fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = unsafeBitCast(symbol, to: SyncFS.self)(fd)
        close(fd)
    }

    /// The command could not be started: its reason in stderr.log, as hporun writes it.
    private static func fail(_ why: String) -> Never {
        let message = "hporun: cannot start the command: \(why)\n"
        _ = message.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        TrialExitFile.write(.unstarted(why), durable: false)
        exit(127)
    }

    /// Ends with the command's exit code, or killed by its signal (without a core file of
    /// the watcher); a signal that does not end a process falls back to 128 + its number.
    private static func end(as outcome: TrialExitFile.Outcome) -> Never {
        guard case .signaled(let number) = outcome else {
            if case .exited(let code) = outcome { exit(code) }
            exit(127)
        }
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &noCore)
        _ = signal(number, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, number)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(number)
        _exit(128 + number)
    }
}
