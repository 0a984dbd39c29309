"""hporun.load on experiment directories made by the real hporun binary."""

import csv
import io
import json
import os
import sys
import unittest

import support

import hporun


def environment():
    env = dict(os.environ)
    env["PYTHONPATH"] = support.PYTHON_SOURCE  # train.py imports hporun.emetrics from the repository
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


class CompletedExperimentTests(unittest.TestCase):
    """The quickstart, 3 trials: every field the reader gives matches the files and hporun."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = support.Scratch(cls.addClassCleanup)
        folder = support.quickstart_copy(cls.scratch.join("quickstart"), steps=3)
        cls.directory = os.path.join(folder, "hpo-runs", "exp")
        result = support.run([support.binary(), "--manifest", "exp.yml", "--", sys.executable, "train.py"],
                             cwd=folder, env=environment())
        if result.returncode != 0 or "3 completed, 0 failed" not in result.stdout:
            raise AssertionError("hporun failed: %s\n%s" % (result.stdout, result.stderr))
        cls.experiment = hporun.load(cls.directory)

    def test_trials_in_subid_order_with_the_experiment_record(self):
        experiment = self.experiment
        self.assertEqual([t.subid for t in experiment.trials], ["0001", "0002", "0003"])
        self.assertEqual([t.number for t in experiment.trials], [1, 2, 3])
        self.assertEqual(experiment.name, "exp")
        self.assertEqual(experiment.metric, "accuracy")
        self.assertEqual(experiment.direction, "maximize")
        self.assertEqual(experiment.parameter_names, ["learning_rate", "l2", "degree", "batch_size", "optimizer"])

    def test_config_is_the_trials_config_json(self):
        for trial in self.experiment.trials:
            with open(os.path.join(self.directory, "trials", trial.subid, "config.json")) as handle:
                self.assertEqual(trial.config, json.load(handle))
            self.assertIsInstance(trial.config["degree"], int)
            self.assertIn(trial.config["optimizer"], ("sgd", "momentum"))

    def test_state_objective_and_history_of_a_completed_trial(self):
        for trial in self.experiment.trials:
            self.assertEqual(trial.state, "completed")
            self.assertEqual(trial.exit_code, 0)
            self.assertIsNone(trial.failure_reason)
            accuracy = trial.test_history["accuracy"]
            self.assertEqual([iteration for iteration, _ in accuracy], list(range(1, 9)))
            self.assertEqual(sorted(trial.test_history), ["accuracy", "loss"])
            # The objective is the best TEST accuracy (the default strategy), as val_dict_list.json has it.
            self.assertEqual(trial.objective, max(value for _, value in accuracy))
            with open(os.path.join(trial.directory, "val_dict_list.json")) as handle:
                written = json.load(handle)
            self.assertEqual([entry["accuracy"] for entry in written], [value for _, value in accuracy])
            self.assertGreater(trial.duration, 0)
            self.assertLess(trial.duration, 120)
            self.assertLessEqual(trial.started_at, trial.ended_at)

    def test_best_and_rows_agree_with_hporun(self):
        best = support.run([support.binary(), "best", self.directory, "--json"], cwd=self.scratch.path)
        self.assertEqual(best.returncode, 0, best.stderr)
        self.assertEqual(self.experiment.best.subid, json.loads(best.stdout)["subid"])
        exported = support.run([support.binary(), "export", self.directory, "--format", "csv"], cwd=self.scratch.path)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        table = list(csv.DictReader(io.StringIO(exported.stdout)))
        rows = self.experiment.rows()
        self.assertEqual(list(rows[0]), list(table[0]))
        for row, line in zip(rows, table):
            self.assertEqual(row["subid"], line["subid"])
            self.assertEqual(row["state"], line["state"])
            self.assertAlmostEqual(row["objective"], float(line["objective"]), places=12)
            self.assertAlmostEqual(row["test_loss"], float(line["test_loss"]), places=12)
            self.assertEqual(str(row["optimizer"]), line["optimizer"])
            self.assertEqual(row["from"], line["from"])
            self.assertEqual(row["from"], "optimizer")
            self.assertAlmostEqual(row["learning_rate"], float(line["learning_rate"]), places=12)
        self.assertEqual(len(rows), len(table))

    def test_origin_is_said_as_export_says_it(self):
        # trial.json's origin, as `hporun export`'s `from` column and the report show it.
        records = [({}, "optimizer", None), ({"origin": "default"}, "default", None),
                   ({"origin": "starting_point", "startingPoint": 2}, "start 2", 2),
                   ({"origin": "enqueued", "queueEntry": "x.json"}, "enqueued", None)]
        for extra, label, index in records:
            trial = hporun.Trial("/nowhere", dict({"subid": "0001", "state": "completed"}, **extra))
            self.assertEqual(trial.origin_label, label)
            self.assertEqual(trial.starting_point, index)
        self.assertEqual(hporun.Trial("/nowhere", {"subid": "0001"}).origin, "optimizer")

    def test_to_pandas_without_pandas_says_how_to_get_it(self):
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = None  # import pandas now raises ImportError
        try:
            with self.assertRaises(ImportError) as raised:
                self.experiment.to_pandas()
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved
        self.assertIn("pip install pandas", str(raised.exception))

    def test_to_pandas_with_pandas(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas is not installed here")
        frame = self.experiment.to_pandas()
        self.assertEqual(list(frame["subid"]), ["0001", "0002", "0003"])
        self.assertEqual(list(frame.columns), list(self.experiment.rows()[0]))


class FailedTrialTests(unittest.TestCase):
    """A command that exits 3: failed trials with their reason; --retry-failed supersedes them."""

    def test_failed_then_superseded(self):
        scratch = support.Scratch(self.addCleanup)
        folder = support.quickstart_copy(scratch.join("failing"), steps=2)
        directory = os.path.join(folder, "hpo-runs", "exp")
        argv = [support.binary(), "--manifest", "exp.yml", "--max-failed-trials", "5", "--",
                sys.executable, "-c", "import sys; sys.exit(3)"]
        first = support.run(argv, cwd=folder, env=environment())
        self.assertIn("0 completed, 2 failed", first.stdout + first.stderr)
        experiment = hporun.load(directory)
        self.assertEqual([t.state for t in experiment.trials], ["failed", "failed"])
        for trial in experiment.trials:
            self.assertEqual(trial.exit_code, 3)
            self.assertIsNone(trial.objective)
            self.assertEqual(trial.test_history, {})
            self.assertIn("3", trial.failure_reason)
        self.assertIsNone(experiment.best)

        retried = support.run(argv[:5] + ["--retry-failed"] + argv[5:], cwd=folder, env=environment())
        self.assertIn("0001, 0002 are kept, as superseded", retried.stdout + retried.stderr)
        states = [t.state for t in hporun.load(directory).trials]
        self.assertEqual(states[:2], ["superseded", "superseded"])
        self.assertEqual(states[2:], ["failed", "failed"])


    def test_parameters_named_as_columns_are_exported_apart(self):
        # A hyperparameter called `from` or `state` is param_<name> in rows(), as in export.
        scratch = support.Scratch(self.addCleanup)
        folder = scratch.join("columns")
        os.makedirs(folder)
        with open(os.path.join(folder, "exp.yml"), "w") as manifest:
            manifest.write("hyper_parameters_optimization:\n"
                           "  method:\n    name: random\n    parameters:\n"
                           "    - {name: objective, string_value: accuracy}\n"
                           "    - {name: maximize_or_minimize, string_value: maximize}\n"
                           "    - {name: num_optimizer_steps, int_value: 1}\n"
                           "  hyper_parameters:\n"
                           "  - {name: from, int_values: [4]}\n"
                           "  - {name: state, string_values: [up]}\n")
        line = '{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}'
        result = support.run([support.binary(), "--manifest", "exp.yml", "--", "sh", "-c",
                              "echo '%s' > evaluation-metrics.txt" % line], cwd=folder, env=environment())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        directory = os.path.join(folder, "hpo-runs", "exp")
        row = hporun.load(directory).rows()[0]
        self.assertEqual((row["from"], row["param_from"], row["state"], row["param_state"]),
                         ("optimizer", 4, "completed", "up"))
        exported = support.run([support.binary(), "export", directory, "--format", "csv"], cwd=folder)
        self.assertEqual(list(row), list(next(csv.DictReader(io.StringIO(exported.stdout)))))

    def test_slot_and_gpus_as_export_says_them(self):
        # Trials run with --gpus: Trial.slot and Trial.devices, and rows()' gpus column as export's.
        folder = support.quickstart_copy(support.Scratch(self.addCleanup).join("gpus"), steps=2)
        result = support.run([support.binary(), "--manifest", "exp.yml", "--gpus", "0-3", "--gpus-per-trial", "2", "--",
                              sys.executable, "train.py"], cwd=folder, env=environment())
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        directory = os.path.join(folder, "hpo-runs", "exp")
        experiment = hporun.load(directory)
        self.assertEqual(sorted(t.slot for t in experiment.trials), [0, 1])
        self.assertEqual(sorted(t.devices for t in experiment.trials), [[0, 1], [2, 3]])
        exported = support.run([support.binary(), "export", directory, "--format", "csv"], cwd=folder)
        table = list(csv.DictReader(io.StringIO(exported.stdout)))
        self.assertEqual([list(row) for row in experiment.rows()], [list(line) for line in table])
        self.assertEqual([row["gpus"] for row in experiment.rows()], [line["gpus"] for line in table])
        self.assertEqual(sorted(line["gpus"] for line in table), ["0,1", "2,3"])


class DirectoryTests(unittest.TestCase):
    """What is not a finished trial: no experiment, a trial without trial.json, a corrupt one."""

    def test_not_an_experiment(self):
        scratch = support.Scratch(self.addCleanup)
        with self.assertRaises(FileNotFoundError) as raised:
            hporun.load(scratch.path)
        self.assertIn("experiment.json", str(raised.exception))

    def test_empty_trial_json_is_skipped_and_corrupt_one_named(self):
        scratch = support.Scratch(self.addCleanup)
        folder = support.quickstart_copy(scratch.join("q"), steps=1)
        directory = os.path.join(folder, "hpo-runs", "exp")
        result = support.run([support.binary(), "--manifest", "exp.yml", "--", sys.executable, "train.py"],
                             cwd=folder, env=environment())
        self.assertEqual(result.returncode, 0, result.stderr)
        os.makedirs(os.path.join(directory, "trials", "0002"))
        open(os.path.join(directory, "trials", "0002", "trial.json"), "w").close()
        os.makedirs(os.path.join(directory, "trials", ".0003.creating"))
        self.assertEqual([t.subid for t in hporun.load(directory).trials], ["0001"])
        with open(os.path.join(directory, "trials", "0002", "trial.json"), "w") as handle:
            handle.write('{"subid": "0002", "state": ')
        with self.assertRaises(ValueError) as raised:
            hporun.load(directory)
        self.assertIn(os.path.join("0002", "trial.json"), str(raised.exception))
        # hporun itself refuses the same directory.
        status = support.run([support.binary(), "status", directory], cwd=folder)
        self.assertNotEqual(status.returncode, 0)


if __name__ == "__main__":
    unittest.main()
