"""Reads an hporun experiment directory (standard library only).

    import hporun
    experiment = hporun.load("hpo-runs/exp")
    for trial in experiment.trials:
        print(trial.subid, trial.state, trial.objective, trial.config)
    frame = experiment.to_pandas()      # when pandas is installed

The layout is the project's PROTOCOL.md, section 1: ``experiment.json`` and one
``trials/<SUBID>/trial.json`` per trial. A failed trial that ``--retry-failed`` set aside
reads as ``superseded``, as ``hporun status`` shows it. As in hporun, a trial directory
without trial.json or with an empty one (made just before a crash) is skipped, and a
corrupt trial.json raises ValueError naming the file.
"""

import datetime
import json
import math
import os

__all__ = ["Experiment", "Trial", "load"]


def _time(text):
    """An ISO 8601 time from trial.json (``2026-11-23T04:52:24.123Z``) as an aware datetime."""
    if not text:
        return None
    text = text[:-1] + "+00:00" if text.endswith("Z") else text
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:  # Python < 3.11 takes 3 or 6 fraction digits only
        head, _, rest = text.partition(".")
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits):]
        return datetime.datetime.fromisoformat("%s.%s%s" % (head, (digits + "000000")[:6], zone))


def _number(value):
    """A history or objective value: non-finite ones are written as "nan", "inf", "-inf"."""
    if isinstance(value, str):
        return float(value)
    return value


class Trial(object):
    """One trial: its SUBID, state, config, objective and TEST history.

    ``test_history`` maps each TEST metric to its ``(iteration, value)`` pairs in order;
    ``record`` is the whole trial.json as a dict.
    """

    def __init__(self, directory, record, superseded=False):
        self.directory = directory
        self.record = record
        self.subid = record["subid"]
        self.state = "superseded" if superseded and record.get("state") == "failed" else record.get("state")
        self.config = dict(record.get("config") or {})
        objective = record.get("objective")
        self.objective = None if objective is None else _number(objective)
        self.started_at = _time(record.get("startedAt"))
        self.ended_at = _time(record.get("endedAt"))
        self.exit_code = record.get("exitCode")
        self.signal = record.get("signal")
        self.failure_reason = record.get("failureReason")
        # Where its point came from (trial.json's ``origin``; none in records older than
        # origins: the optimizer's), and for a starting point its 1-based index.
        self.origin = record.get("origin") or "optimizer"
        self.starting_point = record.get("startingPoint")
        # The slot it ran in (its HPORUN_SLOT) and, with --gpus, its GPUs: [0, 1]; None before.
        self.slot = record.get("slot")
        self.devices = record.get("devices")
        metrics = (record.get("testHistory") or {}).get("metrics") or {}
        self.test_history = {
            name: [(entry["iteration"], _number(entry["value"])) for entry in entries]
            for name, entries in sorted(metrics.items())
        }

    @property
    def number(self):
        """The SUBID as an int (``"0007"`` -> 7)."""
        return int(self.subid)

    @property
    def duration(self):
        """Seconds from start to end, or None while not both are known."""
        if self.started_at is None or self.ended_at is None:
            return None
        return (self.ended_at - self.started_at).total_seconds()

    @property
    def origin_label(self):
        """Where its point came from as ``hporun export``'s ``from`` column and the report say
        it: ``optimizer``, ``default``, ``start 2`` (the manifest's second starting point),
        ``enqueued``."""
        if self.origin == "starting_point":
            return "start" if self.starting_point is None else "start %d" % self.starting_point
        return self.origin

    def final_values(self):
        """The last TEST value of each metric."""
        return {name: entries[-1][1] for name, entries in self.test_history.items() if entries}

    def __repr__(self):
        return "Trial(subid=%r, state=%r, objective=%r, config=%r)" % (
            self.subid, self.state, self.objective, self.config)


class Experiment(object):
    """An experiment directory: ``trials`` by SUBID, the objective's metric and direction."""

    def __init__(self, path, record, trials):
        self.path = path
        self.record = record
        self.trials = trials
        method = record.get("method") or {}
        self.name = record.get("name")
        self.metric = method.get("objective")
        self.direction = method.get("direction", "maximize")
        self.parameter_names = [p["name"] for p in record.get("hyperParameters") or []]

    @property
    def best(self):
        """The completed trial with the best objective in the experiment's direction, or None."""
        done = [t for t in self.trials
                if t.state == "completed" and t.objective is not None and not math.isnan(t.objective)]
        if not done:
            return None
        sign = -1 if self.direction == "maximize" else 1
        return min(done, key=lambda t: (sign * t.objective, t.number))

    def rows(self):
        """One dict per trial with the columns of ``hporun export``: subid, state, objective,
        duration_s, each hyperparameter, test_<metric> (final TEST value), failure_reason, from
        (where the trial's point came from: ``Trial.origin_label``), and gpus (``"0,1"``) when
        some trial ran with --gpus."""
        metrics = sorted({name for t in self.trials for name in t.test_history})
        gpus = any(t.devices is not None for t in self.trials)
        # A hyperparameter named as another column is param_<name> (as in hporun export).
        taken = {"subid", "state", "objective", "duration_s", "failure_reason", "from"} | ({"gpus"} if gpus else set())
        taken |= {"test_" + name for name in metrics}
        columns = [("param_" + name if name in taken else name) for name in self.parameter_names]
        rows = []
        for trial in self.trials:
            finals = trial.final_values()
            duration = trial.duration
            row = {"subid": trial.subid, "state": trial.state, "objective": trial.objective,
                   "duration_s": None if duration is None else round(duration, 3)}
            for name, column in zip(self.parameter_names, columns):
                row[column] = trial.config.get(name)
            for name in metrics:
                row["test_" + name] = finals.get(name)
            row["failure_reason"] = trial.failure_reason
            row["from"] = trial.origin_label
            if gpus:
                row["gpus"] = None if trial.devices is None else ",".join(str(d) for d in trial.devices)
            rows.append(row)
        return rows

    def to_pandas(self):
        """The trials as a pandas DataFrame (one row per trial, ``rows()``'s columns)."""
        try:
            import pandas
        except ImportError as error:
            raise ImportError(
                "Experiment.to_pandas() needs pandas, which is not installed: `pip install pandas`, "
                "or use Experiment.rows() (plain dicts) or `hporun export DIR --format csv`"
            ) from error
        rows = self.rows()
        columns = list(rows[0]) if rows else ["subid", "state", "objective", "duration_s"] + self.parameter_names
        return pandas.DataFrame(rows, columns=columns)

    def __repr__(self):
        return "Experiment(path=%r, name=%r, trials=%d)" % (self.path, self.name, len(self.trials))


def load(path):
    """Reads the experiment directory at ``path`` (the ``--experiment-dir``, e.g.
    ``hpo-runs/exp``). Raises FileNotFoundError when it has no experiment.json."""
    path = os.fspath(path)
    experiment_file = os.path.join(path, "experiment.json")
    if not os.path.isfile(experiment_file):
        raise FileNotFoundError("%s is not an hporun experiment directory (no experiment.json)" % path)
    with open(experiment_file, encoding="utf-8") as handle:
        record = json.load(handle)
    superseded = {subid for retry in record.get("retries") or [] for subid in retry.get("subids") or []}
    trials_folder = os.path.join(path, "trials")
    names = sorted(os.listdir(trials_folder)) if os.path.isdir(trials_folder) else []
    trials = []
    for name in names:
        if not name.isdigit():  # .0007.creating, a trial made just before a crash
            continue
        file = os.path.join(trials_folder, name, "trial.json")
        try:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            continue
        if not text:
            continue
        try:
            trial_record = json.loads(text)
        except ValueError as error:
            raise ValueError("%s is corrupt: %s" % (file, error)) from None
        trials.append(Trial(os.path.join(trials_folder, name), trial_record, trial_record.get("subid") in superseded))
    trials.sort(key=lambda t: t.number)
    return Experiment(path, record, trials)
