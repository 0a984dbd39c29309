import Dispatch
import Foundation

/// Flushes finished trials' files to disk (fsync) on a background queue, in the order they
/// were finished, so that the journal commits a flush waits for do not hold up the next
/// trial's launch. A finished record is already in place (written by rename) when it is
/// queued here; what a power cut in the few milliseconds before its flush can do is leave
/// it empty, which a resumed run treats as a trial that never ran. `waitUntilFlushed`
/// (at the end of a run) returns once everything queued is on disk.
final class DiskFlusher: Sendable {
    private let queue = DispatchQueue(label: "hporun.disk-flusher")

    /// fsync of each file, then of each directory (so the renames in them are on disk too).
    func flush(files: [String], directories: [String]) {
        queue.async {
            for path in files { AtomicFile.sync(path) }
            for path in directories { AtomicFile.syncDirectory(path) }
        }
    }

    func waitUntilFlushed() {
        queue.sync {}
    }
}
