import HPOKit
import Testing

/// The same-failure rule: the first trials of a run, failed alike, stop it.
@Suite struct SameFailureRuleTests {
    typealias Outcome = SameFailureRule.Outcome
    static let exit2 = FailureSignature(cause: "the command exited with status 2", lastErrorLine: "No module named torch")

    func failed(_ subid: String, _ signature: FailureSignature = exit2) -> Outcome { Outcome(subid: subid, state: .failed(signature)) }

    @Test func threeFirstTrialsFailedAlikeStopTheRun() {
        let rule = SameFailureRule(budget: 20)
        #expect(rule.count == 3)
        #expect(rule.verdict([failed("0001"), failed("0002")]) == nil)
        #expect(rule.verdict([failed("0001"), failed("0002"), failed("0003")])
            == RepeatedFailure(signature: Self.exit2, subids: ["0001", "0002", "0003"]))
    }

    @Test func aDifferentStatusOrLastLineOrARunningOneKeepsItGoing() {
        let rule = SameFailureRule(budget: 20)
        let otherLine = FailureSignature(cause: Self.exit2.cause, lastErrorLine: "CUDA out of memory")
        let otherStatus = FailureSignature(cause: "the command exited with status 1", lastErrorLine: Self.exit2.lastErrorLine)
        #expect(rule.verdict([failed("0001"), failed("0002"), failed("0003", otherLine)]) == nil)
        #expect(rule.verdict([failed("0001"), failed("0002", otherStatus), failed("0003")]) == nil)
        #expect(rule.verdict([failed("0001"), Outcome(subid: "0002", state: .running), failed("0003")]) == nil)
        #expect(rule.verdict([failed("0001"), Outcome(subid: "0002", state: .other), failed("0003")]) == nil)
        // Only the first three count: a fourth that failed otherwise does not matter.
        #expect(rule.verdict([failed("0001"), failed("0002"), failed("0003"), failed("0004", otherLine)]) != nil)
    }

    @Test func aCompletedTrialAnywhereInTheRunKeepsItGoing() {
        let rule = SameFailureRule(budget: 20)
        #expect(rule.verdict([failed("0001"), failed("0002"), failed("0003"), Outcome(subid: "0007", state: .completed)]) == nil)
    }

    /// A line that names the trial's own directory (Python's "can't open file
    /// '.../trials/0002/trian.py'") is the same failure in every trial: the directory is
    /// compared as a mark, and shown as the first trial's.
    @Test func theTrialsOwnDirectoryInTheLastLineIsNotADifference() {
        let rule = SameFailureRule(budget: 20)
        func missing(_ subid: String) -> Outcome {
            let directory = "/tmp/e/trials/\(subid)"
            return failed(subid, FailureSignature(cause: "the command exited with status 2",
                                                  lastErrorLine: "python3: can't open file '\(directory)/trian.py': [Errno 2]",
                                                  trialDirectory: directory))
        }
        let verdict = rule.verdict([missing("0001"), missing("0002"), missing("0003")])
        #expect(verdict?.subids == ["0001", "0002", "0003"])
        #expect(verdict?.signature.lastErrorLine(in: "/tmp/e/trials/0001")
            == "python3: can't open file '/tmp/e/trials/0001/trian.py': [Errno 2]")
        // Another trial's directory, or the SUBID alone, still differs.
        let other = FailureSignature(cause: "the command exited with status 2",
                                     lastErrorLine: "python3: can't open file '/tmp/e/trials/0001/trian.py': [Errno 2]",
                                     trialDirectory: "/tmp/e/trials/0003")
        #expect(rule.verdict([missing("0001"), missing("0002"), failed("0003", other)]) == nil)
    }

    /// Slurm jobs that reach their time limit (or are cancelled, or never see the trial
    /// directory) fail alike, but hporun's reason and slurmstepd's line name each job, its
    /// node and the time: those are no difference. Another end, or another job's id, still is.
    @Test func aSlurmJobsOwnIdNodeAndTimeAreNotADifference() {
        let rule = SameFailureRule(budget: 20)
        func timeLimit(_ subid: String, job: String, node: String, at time: String) -> Outcome {
            failed(subid, FailureSignature(
                cause: "the Slurm job \(job) reached its Slurm time limit (--time in --slurm-args) without recording the "
                    + "command's exit status", lastErrorLine: "slurmstepd-\(node): error: *** JOB \(job) ON \(node) "
                    + "CANCELLED AT \(time) DUE TO TIME LIMIT ***", trialDirectory: "/e/trials/\(subid)", slurmJobID: job))
        }
        let verdict = rule.verdict([timeLimit("0001", job: "266", node: "gpu01", at: "2026-11-30T18:11:29"),
                                    timeLimit("0002", job: "267", node: "gpu02", at: "2026-11-30T18:11:31"),
                                    timeLimit("0003", job: "1266", node: "gpu01", at: "2026-11-30T19:02:00")])
        #expect(verdict?.subids == ["0001", "0002", "0003"])
        #expect(verdict?.signature.cause.hasPrefix("the Slurm job 266 reached") == true, "shown as the first trial's")
        let cancelled = FailureSignature(
            cause: "the Slurm job 268 was cancelled outside hporun (scancel) without recording the command's exit status",
            lastErrorLine: "slurmstepd-gpu01: error: *** JOB 268 ON gpu01 CANCELLED AT 2026-11-30T18:12:00 ***",
            slurmJobID: "268")
        #expect(rule.verdict([timeLimit("0001", job: "266", node: "a", at: "2026-11-30T18:11:29"),
                              timeLimit("0002", job: "267", node: "a", at: "2026-11-30T18:11:29"),
                              failed("0003", cancelled)]) == nil)
        #expect(SlurmJobMention.generalized("the Slurm job 26 ended as FAILED; scontrol show job 26 (2026, 126, 26.batch)",
                                            jobID: "26")
            == "the Slurm job ended as FAILED; scontrol show job ID (2026, 126, ID.batch)")
    }

    @Test func aSmallBudgetNeedsFewerTrials() {
        #expect(SameFailureRule(budget: 2).count == 2)
        #expect(SameFailureRule(budget: 1).verdict([failed("0004")])?.subids == ["0004"])
        #expect(SameFailureRule(budget: 0).count == 1)
    }
}
