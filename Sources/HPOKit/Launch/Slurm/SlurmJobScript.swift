import Foundation

/// The batch script every trial's job runs (`sbatch ... slurm-job.sh COMMAND...`), written
/// once into the experiment directory where a person can read it. It runs the trial's
/// command and records the command's exit status in a file, atomically, so that hporun
/// learns how the trial ended without `sacct` (which many clusters lack).
enum SlurmJobScript {
    static let fileName = "slurm-job.sh"
    /// In the trial directory: written when the job has started there (host and pid); its
    /// modification time starts the trial's `--trial-timeout` clock.
    static let startedFile = "job-started"
    /// In the trial directory: the command's exit status, written when it has ended.
    static let exitStatusFile = "job-exit-status"
    /// The job's exit status when it does not find the trial directory on its node.
    static let notSharedStatus: Int32 = 97

    static let text = """
        #!/bin/sh
        # Written by hporun: the Slurm job of one trial (sbatch --chdir=TRIAL_DIR slurm-job.sh COMMAND...).
        # It runs the trial's command in the trial directory, then writes the command's exit
        # status to \(exitStatusFile) (write, then rename: readers never see half a file), so
        # that hporun learns how the trial ended without sacct. A job Slurm requeues (node
        # failure, preemption) runs this again: hporun follows the same job, and the trial's
        # stderr.log says so.
        if [ ! -f config.json ]; then
            echo "hporun: this job runs in $(pwd) on $(hostname), where the trial directory is not" \\
                "visible: put the experiment directory on a filesystem the compute nodes mount at" \\
                "the same path" >&2
            exit \(notSharedStatus)
        fi
        if [ "${SLURM_RESTART_COUNT:-0}" -gt 0 ] 2>/dev/null; then
            echo "hporun: Slurm started this job again (restart $SLURM_RESTART_COUNT: its node failed, or it was" \\
                "preempted or requeued); the command runs again from the start in this directory, and its" \\
                "metrics log keeps the earlier run's records before this run's" >&2
        fi
        printf '%s %s\\n' "$(hostname)" "$$" > .\(startedFile).tmp && mv -f .\(startedFile).tmp \(startedFile)
        "$@"
        status=$?
        printf '%s\\n' "$status" > .\(exitStatusFile).tmp && mv -f .\(exitStatusFile).tmp \(exitStatusFile)
        exit "$status"

        """
}
