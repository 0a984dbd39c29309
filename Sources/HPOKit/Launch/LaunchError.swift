import Foundation

/// Why a launcher cannot work at all: said before the first trial, with what to do.
public enum LaunchError: Error, Sendable, Equatable, LocalizedError {
    /// Slurm's client commands are not on the PATH.
    case slurmMissing([String], path: String)
    /// A file the launcher needs in the experiment directory cannot be written.
    case cannotWrite(path: String, reason: String)
    /// `sbatch --test-only` refuses the jobs as they would be submitted (a partition that does
    /// not exist, a resource no node has, an option sbatch does not know).
    case slurmRefuses(message: String, arguments: [String])

    public var errorDescription: String? {
        switch self {
        case .slurmMissing(let names, let path):
            "--launcher slurm needs Slurm's client commands, and \(names.joined(separator: ", ")) "
                + "\(names.count == 1 ? "is" : "are") not on the PATH (\(path)). Run hporun where "
                + "sbatch, squeue and scancel work (a login node of the cluster), or load Slurm's "
                + "module first (module load slurm)."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        case .slurmRefuses(let message, let arguments):
            "sbatch refuses the trials' jobs (asked with --test-only\(arguments.isEmpty ? "" : ", with " + arguments.joined(separator: " "))): "
                + "\(message)\nFix --slurm-args (or the manifest's slurm_args; sinfo lists the partitions) and run the same "
                + "command again. Nothing was submitted."
        }
    }
}
