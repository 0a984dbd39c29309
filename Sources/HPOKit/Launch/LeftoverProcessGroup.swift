/// The process group of a trial that a runner which died left behind, as recorded in
/// launches.log. Before a resumed run kills it, it checks that the group still holds one
/// of the experiment's processes (one whose environment has the experiment's
/// JOB_STATE_DIR): after a reboot the same number can belong to anybody's processes.
struct LeftoverProcessGroup {
    let pgid: Int32
    let experimentDirectory: String

    /// Whether some living process of the group was started for this experiment.
    var belongsToExperiment: Bool {
        ProcessTable.processes(inGroup: pgid).contains {
            ProcessTable.environment(of: $0, contains: "JOB_STATE_DIR=\(experimentDirectory)")
        }
    }
}
