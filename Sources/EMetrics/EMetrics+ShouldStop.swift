import Foundation

/// Early stopping: hporun's pruner asks a trial to stop by writing `hporun-stop` in its
/// directory, and stops the trial's processes a few seconds later (SIGTERM, then SIGKILL).
/// Training code that checks `shouldStop` after each epoch can end cleanly first (save a
/// checkpoint, close the writer).
extension EMetrics {
    /// Whether hporun asked this trial to stop (the marker file exists). A cheap `stat`;
    /// false outside hporun (no `RESULT_DIR`).
    ///
    ///     for epoch in 1...epochs {
    ///         try em.record(.test, iteration: epoch, values: ["accuracy": accuracy])
    ///         if em.shouldStop { break }
    ///     }
    public var shouldStop: Bool {
        guard let stopMarkerPath else { return false }
        var info = stat()
        return stat(stopMarkerPath, &info) == 0
    }

    /// Why hporun asked the trial to stop ("pruned at iteration 9: ..."), nil if it did not.
    public var stopReason: String? {
        guard let stopMarkerPath, let data = FileManager.default.contents(atPath: stopMarkerPath) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }
}
