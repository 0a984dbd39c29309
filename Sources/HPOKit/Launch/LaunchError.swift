import Foundation

/// Why a launcher cannot work at all: said before the first trial, with what to do.
public enum LaunchError: Error, Sendable, Equatable, LocalizedError {
    /// Slurm's client commands are not on the PATH.
    case slurmMissing([String], path: String)
    /// A file the launcher needs in the experiment directory cannot be written.
    case cannotWrite(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .slurmMissing(let names, let path):
            "--launcher slurm needs Slurm's client commands, and \(names.joined(separator: ", ")) "
                + "\(names.count == 1 ? "is" : "are") not on the PATH (\(path)). Run hporun where "
                + "sbatch, squeue and scancel work (a login node of the cluster), or load Slurm's "
                + "module first (module load slurm)."
        case .cannotWrite(let path, let reason):
            "cannot write \(path): \(reason)"
        }
    }
}
