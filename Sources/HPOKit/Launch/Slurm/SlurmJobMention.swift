import Foundation

/// What a trial's Slurm job says of its end names that job: hporun's reason ("the Slurm job
/// 266 reached its Slurm time limit ... scontrol show job 266") and slurmstepd's last line in
/// stderr.log ("slurmstepd-node7: error: *** JOB 266 ON node7 CANCELLED AT
/// 2026-11-30T18:11:29 DUE TO TIME LIMIT ***"). The same failure of every trial thus reads
/// differently in each. `generalized` takes out what belongs to the one job (its id, its
/// node, the time), so that failures compare and count alike: the same-failure rule, and the
/// commonest reason that `best` names.
public enum SlurmJobMention {
    /// Stands for the job's id.
    public static let idMark = "ID"

    public static func generalized(_ text: String, jobID: String) -> String {
        guard !jobID.isEmpty, jobID.allSatisfy(\.isNumber) else { return text }
        // hporun's own words: "the Slurm job 266 reached ..." reads "the Slurm job reached ...".
        var text = text.replacingOccurrences(of: "Slurm job \(jobID) ", with: "Slurm job ")
        text = replacingNumber(jobID, in: text, with: idMark)
        guard text.contains("slurmstepd") else { return text }
        text = text.replacing(/slurmstepd-[^:\s]+:/, with: "slurmstepd:")
        text = text.replacing(/\sON\s\S+\s/, with: " ON NODE ")
        return text.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/, with: "TIME")
    }

    /// `text` with every whole occurrence of the number (not part of a longer one) replaced.
    static func replacingNumber(_ number: String, in text: String, with mark: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let found = rest.range(of: number) {
            let before = found.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: found.lowerBound)]
            let after = found.upperBound == rest.endIndex ? nil : rest[found.upperBound]
            let whole = !(before?.isNumber ?? false) && !(after?.isNumber ?? false)
            result += rest[..<found.lowerBound]
            result += whole ? mark : number
            rest = rest[found.upperBound...]
        }
        return result + rest
    }
}

extension TrialRecord {
    /// The failure reason as every trial that failed this way has it: without its own Slurm
    /// job's id (see `SlurmJobMention`).
    public var failureKind: String? {
        guard let failureReason, let slurmJobID else { return failureReason }
        return SlurmJobMention.generalized(failureReason, jobID: slurmJobID)
    }
}
