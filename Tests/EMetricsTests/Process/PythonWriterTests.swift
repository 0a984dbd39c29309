import Foundation
import Testing

/// The Python writer (`Samples/quickstart/emetrics.py`) as a training script uses it, run by
/// python3: IBM's API, the folder rules, value kinds, threads, closing.
@Suite(.serialized, .timeLimit(.minutes(1))) struct PythonWriterTests {
    @Test func ibmStyleUsageWritesTheLogAndTheTestHistory() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            import os
            from emetrics import EMetrics
            with EMetrics.open(os.environ.get("SUBID")) as em:
                for epoch in range(1, 4):
                    em.record(EMetrics.TRAIN_GROUP, epoch, {"accuracy": 0.5 + epoch / 10, "loss": 1.0 / epoch})
                    em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": [0.6, 0.5, 0.9][epoch - 1], "loss": epoch})
            em.close()  # closing again is harmless
            try:
                em.record(EMetrics.TEST_GROUP, 4, {"accuracy": 1.0})
                raise SystemExit("record after close did not raise")
            except ValueError as error:
                assert "already closed" in str(error), error
            """, environment: scratch.trialEnvironment(), scratch: scratch)
        let lines = completeLines(try scratch.text("trials/0007/evaluation-metrics.txt"))
        #expect(lines.count == 6)
        let objects = try lines.map(jsonObject)
        #expect(objects.map { ($0["meta"] as? [String: Any])?["rindex"] as? Int } == Array(1...6))
        #expect(objects.map { $0["grouplabel"] as? String } == ["train", "test", "train", "test", "train", "test"])
        let meta = try #require(objects.first?["meta"] as? [String: Any])
        #expect(meta["training_id"] as? String == "exp1")
        #expect(meta["subid"] as? String == "0007")
        #expect(try scratch.text("trials/0007/val_dict_list.json")
            == #"[{"steps": 1, "accuracy": 0.6, "loss": 1}, {"steps": 2, "accuracy": 0.5, "loss": 2}, {"steps": 3, "accuracy": 0.9, "loss": 3}]"#)
    }

    /// IBM's class is public with `EMetrics(subId, f)`: a file of the caller's, or None for
    /// no log. It used to raise TypeError (missing path and results_path).
    @Test func ibmsConstructorTakesAFileOrNone() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try FileManager.default.createDirectory(atPath: scratch.path + "/trials/0007", withIntermediateDirectories: true)
        try Python.run(
            """
            import os
            from emetrics import EMetrics
            f = open(os.path.join(os.environ["RESULT_DIR"], "own-log.txt"), "a")
            with EMetrics(os.environ["SUBID"], f) as em:
                em.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.5})
            assert f.closed
            quiet = EMetrics("0008", None)
            quiet.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.75})
            os.environ["RESULT_DIR"] = os.environ["LOG_DIR"]
            quiet.close()
            """, environment: scratch.trialEnvironment(), scratch: scratch)
        let line = try #require(completeLines(try scratch.text("trials/0007/own-log.txt")).first)
        let meta = try #require(try jsonObject(line)["meta"] as? [String: Any])
        #expect(meta["training_id"] as? String == "exp1" && meta["subid"] as? String == "0007")
        #expect(try scratch.text("trials/0007/val_dict_list.json") == #"[{"steps": 1, "accuracy": 0.5}]"#)
        #expect(try scratch.text("trials/val_dict_list.json") == #"[{"steps": 1, "accuracy": 0.75}]"#)
    }

    @Test func folderFallsBackToJobStateDirAndSubIdComesFromTheEnvironment() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let environment = ["JOB_STATE_DIR": scratch.path + "/exp", "SUBID": "0009", "RESULT_DIR": scratch.path]
        try Python.run(
            """
            from emetrics import EMetrics
            with EMetrics.open() as em:
                em.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.5})
            assert EMetrics.folder(None, {}) == "/tmp", EMetrics.folder(None, {})
            assert EMetrics.folder("0001", {"LOG_DIR": "", "JOB_STATE_DIR": "/j"}) == "/j/logs/0001"
            """, environment: environment, scratch: scratch)
        #expect(completeLines(try scratch.text("exp/logs/0009/evaluation-metrics.txt")).count == 1)
        #expect(scratch.exists("val_dict_list.json"))
    }

    @Test func withoutSubIdNoTestHistoryIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            from emetrics import EMetrics
            with EMetrics.open() as em:
                em.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.5})
            """, environment: ["LOG_DIR": scratch.path, "RESULT_DIR": scratch.path], scratch: scratch)
        let line = try #require(completeLines(try scratch.text("evaluation-metrics.txt")).first)
        #expect((try jsonObject(line)["meta"] as? [String: Any])?["subid"] == nil)
        #expect(!scratch.exists("val_dict_list.json"))
    }

    @Test func numericLookalikesAreNumbersAndBooleansAreText() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            from fractions import Fraction
            from emetrics import EMetrics

            class Scalar:  # a numpy/torch 0-d value: not a float, but has item()
                def __init__(self, value): self.value = value
                def item(self): return self.value

            with EMetrics.open("0001") as em:
                em.record(EMetrics.TEST_GROUP, 1, {
                    "fraction": Fraction(1, 4), "scalar_f": Scalar(0.75), "scalar_i": Scalar(3),
                    "flag": True, "nan": float("nan"), "inf": float("-inf"), "other": [1, 2],
                })
            """, environment: ["LOG_DIR": scratch.path, "RESULT_DIR": scratch.path], scratch: scratch)
        let line = try #require(completeLines(try scratch.text("0001/evaluation-metrics.txt")).first)
        let values = try #require(try jsonObject(line)["values"] as? [String: [String: Any]])
        #expect(values["fraction"]?["type"] as? Int == 3 && values["fraction"]?["value"] as? String == "0.25")
        #expect(values["scalar_f"]?["type"] as? Int == 3 && values["scalar_f"]?["value"] as? String == "0.75")
        #expect(values["scalar_i"]?["type"] as? Int == 2 && values["scalar_i"]?["value"] as? String == "3")
        #expect(values["flag"]?["type"] == nil && values["flag"]?["value"] as? String == "True")
        #expect(values["nan"]?["type"] as? Int == 3 && values["nan"]?["value"] as? String == "nan")
        #expect(values["inf"]?["value"] as? String == "-inf")
        #expect(values["other"]?["value"] as? String == "[1, 2]")
        let history = try jsonArray(try scratch.text("val_dict_list.json"))
        #expect(history.first?["nan"] as? String == "nan")
        #expect(history.first?["fraction"] as? Double == 0.25)
    }

    @Test func aTrainingErrorInsideWithClosesAndIsTheErrorReported() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            import os
            from emetrics import EMetrics
            for results in (os.environ["RESULT_DIR"], "/nonexistent-folder"):
                environ = {"LOG_DIR": os.environ["LOG_DIR"], "RESULT_DIR": results}
                try:
                    with EMetrics.open("0001", environ) as em:
                        em.record(EMetrics.TEST_GROUP, 1, {"accuracy": 0.25})
                        raise KeyError("diverged")
                except KeyError as error:
                    assert "diverged" in str(error), error
                else:
                    raise SystemExit("the training error was lost")
                assert em._fd is None
            """, environment: ["LOG_DIR": scratch.path, "RESULT_DIR": scratch.path], scratch: scratch)
        #expect(try scratch.text("val_dict_list.json") == #"[{"steps": 1, "accuracy": 0.25}]"#)
        #expect(completeLines(try scratch.text("0001/evaluation-metrics.txt")).count == 2)
    }

    @Test func recordsFromManyThreadsStayWholeLines() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Python.run(
            """
            import threading
            from emetrics import EMetrics
            with EMetrics.open("0001") as em:
                def work(t):
                    for i in range(200):
                        em.record(EMetrics.TEST_GROUP, i, {"thread": t, "note": "x" * (t * 300)})
                threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
                for thread in threads: thread.start()
                for thread in threads: thread.join()
            """, environment: ["LOG_DIR": scratch.path, "RESULT_DIR": scratch.path], scratch: scratch)
        let lines = completeLines(try scratch.text("0001/evaluation-metrics.txt"))
        let indexes = try lines.map { (try jsonObject($0)["meta"] as? [String: Any])?["rindex"] as? Int }
        #expect(indexes == Array(1...1600))
        #expect(try jsonArray(try scratch.text("val_dict_list.json")).count == 1600)
    }
}
