import Foundation

/// A file or folder hporun could not create, write or read, said in a person's words: what,
/// where (the path, and the file that is in the way), and what to do. Built from the
/// system's error number, never from Foundation's own text ("The operation could not be
/// completed", "NSCocoaErrorDomain error 512").
public struct FileProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case create, write, read
    }

    public var operation: Operation
    public var path: String
    /// The errno value (ENOSPC, EACCES, ENOTDIR, ...).
    public var code: Int32
    /// When `code` is ENOTDIR or EEXIST: the file that stands where a directory must be.
    public var blocker: String?
    /// What to do, when the place was not an experiment directory (`--output`, say).
    public var advice: String?

    public init(_ operation: Operation, path: String, code: Int32, blocker: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.blocker = blocker
    }

    /// From an error Foundation threw (FileManager, Data.write): its POSIX error number when
    /// it carries one, else EIO.
    public init(_ operation: Operation, path: String, error: any Error) {
        self.init(operation, path: path, code: Self.posixCode(of: error) ?? EIO)
    }

    /// The place was given by the user and cannot hold an experiment (permission, a file in
    /// the way, a read-only file system, a missing folder): bad input, not a failing disk.
    public var isBadInput: Bool {
        [EACCES, EPERM, ENOTDIR, EEXIST, EROFS, ENOENT, ENAMETOOLONG, ELOOP, EISDIR].contains(code)
    }

    /// The disk filled up or failed: the run can be resumed once that is fixed.
    public var isDiskFailure: Bool { !isBadInput }

    public var reason: String {
        switch code {
        case ENOSPC: "no space left on the device"
        case EDQUOT: "the disk quota is exceeded"
        case EACCES, EPERM: "permission denied"
        case EROFS: "the file system is read-only"
        case ENOTDIR, EEXIST: blocker.map { "\($0) is a file, not a directory" } ?? "a file is in the way of a directory"
        case ENOENT: "a folder on the way does not exist"
        case EISDIR: "it is a directory"
        case EIO: "input/output error (a failing disk or network file system?)"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// What to do about it, in an experiment directory.
    public var experimentAdvice: String {
        if isBadInput { return "choose another --experiment-dir, or fix that place" }
        return "free some space (or fix the disk), then run the same command again: the experiment resumes"
    }

    public var description: String { "cannot \(operation.rawValue) \(path): \(reason); \(advice ?? experimentAdvice)" }

    /// The POSIX error number an error from Foundation carries, if any.
    public static func posixCode(of error: any Error) -> Int32? {
        if let error = error as? POSIXError { return error.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        // On Linux the underlying error may be a Swift error that `as? NSError` does not match.
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            if let posix = underlying as? POSIXError { return posix.code.rawValue }
            let nested = underlying as NSError
            if nested.domain == NSPOSIXErrorDomain { return Int32(nested.code) }
        }
        guard ns.domain == NSCocoaErrorDomain else { return nil }
        switch CocoaError.Code(rawValue: ns.code) {
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileNoSuchFile, .fileReadNoSuchFile: return ENOENT
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }
}

extension FileManager {
    /// `mkdir -p` that says which path failed and why (FileManager's own throws Foundation's
    /// words): the first component that is a file, not a directory, is named. The error
    /// names `reported` (the folder the user gave) rather than `url` when given.
    static func makeDirectories(_ url: URL, reported: String? = nil) throws(TrialStoreError) {
        var path = ""
        for component in url.standardizedFileURL.pathComponents {
            path = component == "/" ? "/" : (path == "/" ? "/" + component : path + "/" + component)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                if isDirectory.boolValue { continue }
                throw .file(FileProblem(.create, path: reported ?? url.path, code: ENOTDIR, blocker: path))
            }
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw .file(FileProblem(.create, path: reported ?? url.path, code: errno))
            }
        }
    }
}
