import Foundation

/// Opens a file a trial wrote, for reading, without ever blocking and only if it is a
/// regular file. A trial may leave anything under the name: a FIFO (a blocking open would
/// wait forever, and so would hporun), a symbolic link to `/dev/urandom` or `/dev/zero`
/// (endless bytes), a socket, a directory. The name is looked at first (`stat`, which never
/// blocks), then opened with `O_NONBLOCK`, and the opened descriptor is checked again
/// (`fstat`), so a file swapped between the two is caught too.
public enum RegularFile {
    enum Opened {
        /// A readable regular file: its descriptor (the caller closes it) and status.
        case file(Int32, stat)
        /// Nothing under that name (yet).
        case missing
        /// Something hporun will not read; the reason says what it is.
        case refused(FileRefusal)
    }

    static func reading(_ path: String) -> Opened {
        var info = stat()
        if stat(path, &info) != 0 {
            return errno == ENOENT || errno == ENOTDIR
                ? .missing : .refused(.unreadable(path: path, reason: errnoText()))
        }
        if let kind = kind(info.st_mode) { return .refused(.notRegular(path: path, kind: kind)) }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        if fd < 0 {
            return errno == ENOENT ? .missing : .refused(.unreadable(path: path, reason: errnoText()))
        }
        guard fstat(fd, &info) == 0 else {
            let reason = errnoText()
            close(fd)
            return .refused(.unreadable(path: path, reason: reason))
        }
        if let kind = kind(info.st_mode) {
            close(fd)
            return .refused(.notRegular(path: path, kind: kind))
        }
        return .file(fd, info)
    }

    /// What a file that is not regular is, in words; nil for a regular file.
    static func kind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a directory"
        case S_IFLNK: "a symbolic link"
        default: "of an unknown kind"
        }
    }

    /// `pread` that retries when interrupted; the count read, 0 at the end, -1 on an error.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        while true {
            let count = pread(fd, buffer.baseAddress, buffer.count, off_t(offset))
            if count < 0, errno == EINTR { continue }
            return count
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Why hporun did not read a file a trial wrote. It fails the trial (with this as the
/// reason), never hporun.
public enum FileRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case notRegular(path: String, kind: String)
    case unreadable(path: String, reason: String)
    case tooLarge(path: String, limit: Int)

    public var description: String {
        switch self {
        case .notRegular(let path, let kind):
            "\(Self.name(path)) is not a regular file (\(kind)); hporun reads only regular files"
        case .unreadable(let path, let reason): "\(Self.name(path)) cannot be read: \(reason)"
        case .tooLarge(let path, let limit):
            "\(Self.name(path)) is larger than \(limit >> 20) MiB, the most hporun reads of it"
        }
    }

    private static func name(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
