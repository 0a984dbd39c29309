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

    @Test func aSmallBudgetNeedsFewerTrials() {
        #expect(SameFailureRule(budget: 2).count == 2)
        #expect(SameFailureRule(budget: 1).verdict([failed("0004")])?.subids == ["0004"])
        #expect(SameFailureRule(budget: 0).count == 1)
    }
}
