#!/usr/bin/env python3
"""make bench-pruning: epochs and wall time that pruning saves, hporun's pruners against
Optuna's, on three workloads.

- curves: a Python program (written to a scratch folder) that "trains" for 27 epochs, 0.1 s
  each: TEST accuracy a(config) * (1 - exp(-epoch / tau(config))) plus Gaussian noise (sd
  0.003) drawn from the config and epoch, so a configuration's curve is the same in every
  run. Faster learning rates rise faster to a lower plateau: the curves cross (a learning
  rate of 0.1 leads the best one, 0.01, up to epoch 5), the adversarial case for pruning.
  The best plateau (learning rate 0.01, width 256, dropout 0.1) is off the box's centre
  (learning rate 10^-5 .. 1), where rbfopt starts.
- powerlaw: the same plateaus reached along LCBench-like power laws, a - (a - 0.1) * (1 +
  epoch)^-alpha with alpha 1.2 .. 1.7 (faster for larger learning rates; within 1% of the
  plateau at epoch 27): curves that rank early and seldom cross, as most real ones do.
- digits: the Swift digits MLP (Samples/swift-training, `make digits-sample`) for 50 epochs
  (a wrapper sets epochs = 50 in config.json), over its learning rate, hidden units, weight
  decay, batch size and activation.

All stop when the marker says so (emetrics.py's should_stop(), EMetrics' shouldStop).
Methods: hporun's rbfopt with no pruner, median (warm-up 3, min trials 3), asha and
hyperband with their defaults (pruner_max_resource = epochs; PRUNER_EXTRA="name=value ..."
adds method parameters to both, to try other settings); Optuna's TPE with MedianPruner()
and with HyperbandPruner(1, epochs, 3), through Scripts/bench-pruning-optuna.py, which runs
the SAME program per trial as a subprocess and reads its emetrics as they are written.
One trial at a time in every run (PARALLEL=N: hporun --parallel N, Optuna's n_jobs=N;
default 1), JOBS runs at once (default 3; a curve epoch mostly sleeps). With one trial at a
time every decision depends only on finished trials, and a run repeats trial by trial (same
configurations, states and pruning iterations; checked on curves asha and hyperband, seeds
1-3, twice). With PARALLEL=3, which trial ends first varies with the load, and so do rbfopt's
history and the trials a pruner compares: the same rule run twice differed by up to 1.9x in
epochs to the target on 5 seeds.

The rule, the same for every method (hporun's and Optuna's): an EPOCH budget, what no
pruning spends on TRIALS trials (60 on the curve workloads, 30 on digits): TRIALS x epochs.
Pruning's point is more configurations for the same compute, so a fixed trial count would
stop a pruned run after a fraction of the compute. Each run may start up to 10 x TRIALS
trials; once its trials have written the budget's TEST records in all, it is stopped (hporun
is interrupted with SIGINT; the Optuna driver stops its study and its running trials). A
trial that wrote its last epoch before the stop counts as completed. A pruned trial is
charged its epochs up to its pruning iteration (LATE=1: every TEST record it wrote): hporun
reads the records every 0.2 s and an epoch here takes 0.1 s, so a pruned trial writes 0-2
more before it sees the stop, a number set by the load, not by the rule (real epochs take
minutes, and the stop lands within the epoch). The "late epochs" per seed are those.

Printed per workload and method, medians over the seeds: trials started, the epochs run (TEST
records written), pruned trials, the epochs and seconds until the best completed accuracy is
within 0.5% of the best any method reached on that workload (trials in the order they
ended), that ratio to no pruning, the final best, and in how many seeds the target was
reached. On the curve workloads a finished trial's value is its configuration's value at the
last epoch without the noise (the best noisy value of thousands of trials is a lucky draw
about 2 sd above any configuration's, and a target set by it measured luck). Prints numbers; asserts nothing.

Environment: HPORUN (default .build/release/hporun), SEEDS (default "1 2 3 4 5"),
DIGITS_SEEDS (default: SEEDS), TRIALS, WORKLOADS ("curves powerlaw digits"), METHODS, JOBS
(runs at once, default 3), OPTUNA_PYTHON (a python with optuna; default
/tmp/hporun-peers-venv/bin/python when it imports optuna; without one the Optuna rows are
left out, and the line printed says how to get one), KEEP=1 keeps the scratch folder,
EPOCH_SECONDS (a curve epoch's sleep, default 0.1). To compare settings without running every
method again: SAVE=file.json writes the runs' trials, LOAD="file.json ..." adds saved runs
(and LOAD_DIR="folder ..." the runs of kept scratch folders) to the table and its target,
BEST="digits=0.9833 ..." sets a workload's best (the target is 0.5% below it) instead of the best
of all runs, to compare with a table made before a run raised it.
LABEL=name names this bench's methods ("asha name"), e.g. PRUNER_EXTRA="pruner_min_resource=3"
LABEL=min3 METHODS="asha hyperband" LOAD=all.json. OPTIMIZER=random drives hporun's rows with
`random` instead of rbfopt, and Optuna's with its RandomSampler instead of TPE (their label is
then "random" unless LABEL says otherwise): how much a pruner saves depends on how wasteful the search it prunes is, and a
labelled row's "vs none" is against "none" with the same label when there is one. A kept
labelled run's folder is workload-method_label-seed, which LOAD_DIR reads back with its label.
"""
import concurrent.futures
import json
import math
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HPORUN = os.environ.get("HPORUN", os.path.join(ROOT, ".build/release/hporun"))
SEEDS = [int(s) for s in os.environ.get("SEEDS", "1 2 3 4 5").split()]
DIGITS_SEEDS = [int(s) for s in os.environ.get("DIGITS_SEEDS", " ".join(map(str, SEEDS))).split()]
TRIALS = int(os.environ.get("TRIALS", "0"))
MAX_TRIALS_FACTOR = 10
WORKLOADS = os.environ.get("WORKLOADS", "curves powerlaw digits").split()
PRUNER_EXTRA = os.environ.get("PRUNER_EXTRA", "").split()
METHODS = os.environ.get("METHODS", "none median asha hyperband optuna-median optuna-hyperband").split()
JOBS = int(os.environ.get("JOBS", "3"))
PARALLEL = int(os.environ.get("PARALLEL", "1"))
LATE = os.environ.get("LATE") == "1"
BEST = {w: float(v) for w, v in (e.split("=") for e in os.environ.get("BEST", "").split())}
OPTIMIZER = os.environ.get("OPTIMIZER", "rbfopt")
LABEL = os.environ.get("LABEL", "" if OPTIMIZER == "rbfopt" else OPTIMIZER)
ORDER = {name: index for index, name in enumerate(["none", "median", "asha", "hyperband", "optuna-median",
                                                    "optuna-hyperband"])}
DIGITS = os.path.join(ROOT, "Samples/swift-training")

CURVES = r'''
import json, math, os, random, sys, time
sys.path.insert(0, os.environ["EMETRICS_DIR"])
from emetrics import EMetrics
c = json.load(open("config.json"))
lr, width, dropout = c["learning_rate"], c["width"], c["dropout"]
final = 0.97 - 0.3 * (math.log10(lr) + 2) ** 2 - 0.03 * (math.log2(width) - 8) ** 2 - 1.5 * (dropout - 0.1) ** 2
final = max(final, 0.1)
tau = 1 + 8 / (1 + 100 * lr)
with EMetrics.open() as em:
    for epoch in range(1, 28):
        noise = random.Random("%r-%r-%r-%d" % (lr, width, dropout, epoch)).gauss(0, 0.003)
        em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": final * (1 - math.exp(-epoch / tau)) + noise})
        time.sleep(float(os.environ.get("EPOCH_SECONDS", "0.1")))
        if em.should_stop():
            break
'''

# The same plateaus as CURVES, reached along power laws (LCBench-like: a - b * (1 + t)^-alpha)
# whose speed varies little with the learning rate: the curves rank early and cross seldom.
POWERLAW = r'''
import json, math, os, random, sys, time
sys.path.insert(0, os.environ["EMETRICS_DIR"])
from emetrics import EMetrics
c = json.load(open("config.json"))
lr, width, dropout = c["learning_rate"], c["width"], c["dropout"]
final = 0.97 - 0.3 * (math.log10(lr) + 2) ** 2 - 0.03 * (math.log2(width) - 8) ** 2 - 1.5 * (dropout - 0.1) ** 2
final = max(final, 0.1)
alpha = 1.2 + 0.1 * (math.log10(lr) + 5)
with EMetrics.open() as em:
    for epoch in range(1, 28):
        noise = random.Random("%r-%r-%r-%d" % (lr, width, dropout, epoch)).gauss(0, 0.003)
        em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": final - (final - 0.1) * (1 + epoch) ** -alpha + noise})
        time.sleep(float(os.environ.get("EPOCH_SECONDS", "0.1")))
        if em.should_stop():
            break
'''

# The digits MLP for 50 epochs whatever the tuner wrote.
DIGITS_WRAPPER = r'''
import json, os, sys
c = json.load(open("config.json"))
c["epochs"] = 50
json.dump(c, open("config.json", "w"))
os.execv(sys.argv[1], sys.argv[1:])
'''

WORKLOAD = {
    "curves": {
        "epochs": 27,
        "hyper_parameters": """  - {name: learning_rate, double_range: {min_value: -5, max_value: 0, power: 10}}
  - {name: width, int_values: [16, 32, 64, 128, 256, 512]}
  - {name: dropout, double_range: {min_value: 0, max_value: 0.5}}
""",
        "optuna": {"learning_rate": {"type": "log", "low": 1e-5, "high": 1.0},
                   "width": {"type": "choice", "values": [16, 32, 64, 128, 256, 512]},
                   "dropout": {"type": "float", "low": 0.0, "high": 0.5}},
        "trials": 60,
    },
    "digits": {
        "epochs": 50,
        "hyper_parameters": """  - {name: learning_rate, double_range: {min_value: -3, max_value: 0, power: 10}}
  - {name: hidden_units, int_range: {min_value: 4, max_value: 7, power: 2}}
  - {name: weight_decay, double_range: {min_value: -6, max_value: -2, power: 10}}
  - {name: batch_size, int_values: [16, 32, 64, 128]}
  - {name: activation, string_values: [relu, tanh]}
""",
        "optuna": {"learning_rate": {"type": "log", "low": 1e-3, "high": 1.0},
                   "hidden_units": {"type": "choice", "values": [16, 32, 64, 128]},
                   "weight_decay": {"type": "log", "low": 1e-6, "high": 1e-2},
                   "batch_size": {"type": "choice", "values": [16, 32, 64, 128]},
                   "activation": {"type": "choice", "values": ["relu", "tanh"]}},
        "fixed": {"epochs": 50},
        "trials": 30,
    },
}
WORKLOAD["powerlaw"] = dict(WORKLOAD["curves"])


def noiseless(workload, config):
    """A curve workload's configuration's value at its last epoch without the noise (None for digits)."""
    if workload not in ("curves", "powerlaw"):
        return None
    lr, width, dropout = config["learning_rate"], config["width"], config["dropout"]
    final = max(0.1, 0.97 - 0.3 * (math.log10(lr) + 2) ** 2 - 0.03 * (math.log2(width) - 8) ** 2
                - 1.5 * (dropout - 0.1) ** 2)
    epochs = WORKLOAD[workload]["epochs"]
    if workload == "curves":
        return final * (1 - math.exp(-epochs / (1 + 8 / (1 + 100 * lr))))
    return final - (final - 0.1) * (1 + epochs) ** -(1.2 + 0.1 * (math.log10(lr) + 5))


def config_value(workload, path):
    try:
        with open(path) as handle:
            return noiseless(workload, json.load(handle))
    except (OSError, ValueError, KeyError):
        return None


def trials_of(workload):
    """The trials no pruning runs; the epoch budget of every method is that times the epochs."""
    return TRIALS or WORKLOAD[workload]["trials"]

MANIFEST = """hyper_parameters_optimization:
  method:
    name: %s
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: %d}
    - {name: random_seed, int_value: %d}
    - {name: max_concurrent_trials, int_value: 3}
    - {name: objective_strategy, string_value: last}
%s  hyper_parameters:
%s"""


def settings(pruner, epochs):
    """The method parameters of a pruner: what a user must give, plus PRUNER_EXTRA (name=value
    entries, integers, doubles or strings) for asha and hyperband, to try other settings."""
    extra = ""
    for entry in PRUNER_EXTRA if pruner in ("asha", "hyperband") else []:
        name, value = entry.split("=")
        try:
            float(value)
            kind = "double_value" if "." in value else "int_value"
        except ValueError:
            kind = "string_value"
        extra += "    - {name: %s, %s: %s}\n" % (name, kind, value)
    return extra + {
        "none": "",
        "median": "    - {name: pruner, string_value: median}\n    - {name: pruner_warmup_iterations, int_value: 3}\n"
                  "    - {name: pruner_min_trials, int_value: 3}\n",
        "asha": "    - {name: pruner, string_value: asha}\n    - {name: pruner_max_resource, int_value: %d}\n" % epochs,
        "hyperband": "    - {name: pruner, string_value: hyperband}\n"
                     "    - {name: pruner_max_resource, int_value: %d}\n" % epochs,
    }[pruner]


def command(work, workload):
    if workload in ("curves", "powerlaw"):
        return ["python3", os.path.join(work, workload + ".py")]
    return ["python3", os.path.join(work, "digits-wrapper.py"), os.path.join(DIGITS, ".build/release/digits-mlp"),
            "--data", os.path.join(DIGITS, "digits.csv")]


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def count_test_records(path, offsets):
    """TEST records of the objective added to an emetrics file since the last call."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offsets.get(path, 0))
            data = handle.read()
    except FileNotFoundError:
        return 0
    complete = data[:data.rfind(b"\n") + 1]
    offsets[path] = offsets.get(path, 0) + len(complete)
    return sum(1 for line in complete.split(b"\n") if b'"grouplabel": "test"' in line and b'"accuracy"' in line)


def run_hporun(work, workload, pruner, seed):
    folder = os.path.join(work, "%s-%s-%d" % (workload, "_".join([pruner] + LABEL.split()), seed))
    os.makedirs(folder)
    spec = WORKLOAD[workload]
    budget = trials_of(workload) * spec["epochs"]
    with open(os.path.join(folder, "exp.yml"), "w") as handle:
        handle.write(MANIFEST % (OPTIMIZER, MAX_TRIALS_FACTOR * trials_of(workload), seed, settings(pruner, spec["epochs"]),
                                 spec["hyper_parameters"]))
    env = dict(os.environ, EMETRICS_DIR=os.path.join(ROOT, "Samples/quickstart"))
    runs = os.path.join(folder, "runs", "trials")
    process = subprocess.Popen([HPORUN, "--manifest", "exp.yml", "--experiment-dir", "runs",
                                "--parallel", str(PARALLEL), "--"]
                               + command(work, workload), cwd=folder, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    # The epoch budget: once the trials wrote it, the run is interrupted (no new trial;
    # running ones stop), as the Optuna driver stops its study.
    offsets, written, stopped = {}, {}, None
    while process.poll() is None:
        time.sleep(0.2)
        if stopped is not None:
            if time.time() - stopped > 60:
                process.kill()
            continue
        spent = 0
        for subid in sorted(os.listdir(runs)) if os.path.isdir(runs) else []:
            trial = os.path.join(runs, subid)
            written[subid] = written.get(subid, 0) + count_test_records(os.path.join(trial, "evaluation-metrics.txt"),
                                                                        offsets)
            spent += charged(written[subid], pruned_at(os.path.join(trial, "hporun-stop")))
        if spent >= budget:
            process.send_signal(signal.SIGINT)
            stopped = time.time()
    return collect_hporun(folder, workload)


def pruned_at(marker):
    """The iteration in a trial's hporun-stop ("pruned at iteration 3: ..."), None without one."""
    try:
        with open(marker) as handle:
            return int(handle.read().split(":")[0].split()[-1])
    except (OSError, ValueError, IndexError):
        return None


def charged(epochs, stop):
    """The epochs a trial is charged: a pruned one's up to its pruning iteration (the TEST
    records the rule needed), unless LATE=1. The bench's epochs take 0.1 s and hporun reads
    the records every 0.2 s, so a pruned trial writes 0-2 more before it sees the stop, as
    many as the load makes it: counted, they made two runs of the same decisions differ."""
    return epochs if LATE or stop is None else min(epochs, stop)


def collect_hporun(folder, workload):
    """The trials of an hporun run's folder (KEEP=1 keeps them; LOAD_DIR reads them again)."""
    runs = os.path.join(folder, "runs", "trials")
    trials = []
    for subid in sorted(os.listdir(runs)):
        epochs = count_test_records(os.path.join(runs, subid, "evaluation-metrics.txt"), {})
        try:
            with open(os.path.join(runs, subid, "trial.json")) as handle:
                t = json.load(handle)
        except (OSError, ValueError):
            continue
        if "startedAt" not in t:
            continue
        end = parse_time(t["endedAt"]) if t.get("endedAt") else time.time()
        trials.append({"state": t["state"], "value": t.get("objective"), "epochs": epochs,
                       "prunedAt": t.get("prunedAtIteration") if t["state"] == "pruned" else None,
                       "last": last_test_value(os.path.join(runs, subid, "evaluation-metrics.txt")),
                       "true": config_value(workload, os.path.join(runs, subid, "config.json")),
                       "start": parse_time(t["startedAt"]), "end": end})
    return trials


def last_test_value(path):
    """The last TEST accuracy an emetrics file holds (None without one)."""
    last = None
    try:
        with open(path) as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                    if record.get("grouplabel") == "test":
                        last = float(record["values"]["accuracy"]["value"])
                except (ValueError, KeyError, TypeError):
                    continue
    except OSError:
        pass
    return last


def run_optuna(work, workload, pruner, seed, python):
    folder = os.path.join(work, "%s-%s-%d" % (workload, "_".join(["optuna-" + pruner] + LABEL.split()), seed))
    os.makedirs(folder)
    spec = WORKLOAD[workload]
    space = {"objective": "accuracy", "direction": "maximize", "max_resource": spec["epochs"],
             "parameters": spec["optuna"], "fixed": spec.get("fixed", {}),
             "sampler": "random" if OPTIMIZER == "random" else "tpe"}
    with open(os.path.join(folder, "space.json"), "w") as handle:
        json.dump(space, handle)
    out = os.path.join(folder, "trials.json")
    env = dict(os.environ, EMETRICS_DIR=os.path.join(ROOT, "Samples/quickstart"), PARALLEL=str(PARALLEL))
    subprocess.run([python, os.path.join(ROOT, "Scripts/bench-pruning-optuna.py"), os.path.join(folder, "space.json"),
                    pruner, str(seed), str(MAX_TRIALS_FACTOR * trials_of(workload)),
                    str(trials_of(workload) * spec["epochs"]), os.path.join(folder, "work"), out, "--"]
                   + command(work, workload),
                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return collect_optuna(folder, workload)


def collect_optuna(folder, workload):
    out = os.path.join(folder, "trials.json")
    trials = json.load(open(out)) if os.path.exists(out) else []
    for t in trials:
        t["true"] = config_value(workload, os.path.join(folder, "work", "trials", t["subid"], "config.json"))
    return trials


def optuna_python():
    candidates = [os.environ.get("OPTUNA_PYTHON"), "/tmp/hporun-peers-venv/bin/python"]
    for python in filter(None, candidates):
        # A missing interpreter (no venv on a fresh machine) is a candidate that does not
        # import optuna, not an error: the Optuna rows are then left out.
        if shutil.which(python) and subprocess.run([python, "-c", "import optuna"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0:
            return python
    return None


def finals(trials, epochs):
    """Each trial's final value, or None: a completed trial's objective, and the last value
    of one the budget's stop interrupted after it wrote its last epoch (it had finished)."""
    values = []
    for t in trials:
        if t["state"] == "completed" and t["value"] is not None:
            values.append(t["value"])
        elif t["state"] != "pruned" and t["epochs"] >= epochs and t.get("last") is not None:
            values.append(t["last"])
        else:
            values.append(None)
    # On the curve workloads, a finished trial is judged by its configuration's value without
    # the noise: the best noisy value of thousands of trials is a lucky draw (+2 sd) that no
    # configuration has, and a target set by it measures luck.
    return [t["true"] if v is not None and t.get("true") is not None else v for t, v in zip(trials, values)]


def summary(trials, target, epochs):
    """Total epochs, pruned, epochs and seconds to the target (None if not reached), final best."""
    total = sum(charged(t["epochs"], t.get("prunedAt")) for t in trials)
    pruned = sum(t["state"] == "pruned" for t in trials)
    values = finals(trials, epochs)
    start = min((t["start"] for t in trials), default=0)
    used, best, reached = 0, None, None
    for trial, value in sorted(zip(trials, values), key=lambda pair: pair[0]["end"]):
        used += charged(trial["epochs"], trial.get("prunedAt"))
        if value is not None:
            best = value if best is None else max(best, value)
        if best is not None and best >= target:
            reached = (used, trial["end"] - start)
            break
    late = sum(t["epochs"] for t in trials) - sum(charged(t["epochs"], t.get("prunedAt")) for t in trials)
    return total, pruned, reached, max((v for v in values if v is not None), default=float("nan")), len(trials), late


def main():
    if not os.access(HPORUN, os.X_OK):
        sys.exit("build hporun first: swift build -c release (or set HPORUN)")
    if "digits" in WORKLOADS and not os.access(os.path.join(DIGITS, ".build/release/digits-mlp"), os.X_OK):
        sys.exit("build the digits sample first: make digits-sample")
    python = optuna_python()
    methods = [m for m in METHODS if python or not m.startswith("optuna-")]
    if python is None and len(methods) < len(METHODS):
        print("no Optuna: its rows are left out. Get it with: python3 -m venv /tmp/hporun-peers-venv && "
              "/tmp/hporun-peers-venv/bin/pip install optuna (or set OPTUNA_PYTHON)")
    work = tempfile.mkdtemp(prefix="bench-pruning-")
    try:
        with open(os.path.join(work, "curves.py"), "w") as handle:
            handle.write(CURVES)
        with open(os.path.join(work, "powerlaw.py"), "w") as handle:
            handle.write(POWERLAW)
        with open(os.path.join(work, "digits-wrapper.py"), "w") as handle:
            handle.write(DIGITS_WRAPPER)
        jobs = {}
        label = (" " + LABEL) if LABEL else ""
        with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
            for workload in WORKLOADS:
                for method in methods:
                    for seed in (DIGITS_SEEDS if workload == "digits" else SEEDS):
                        if method.startswith("optuna-"):
                            job = pool.submit(run_optuna, work, workload, method[len("optuna-"):], seed, python)
                        else:
                            job = pool.submit(run_hporun, work, workload, method, seed)
                        jobs[(workload, method + label, seed)] = job
        results = {key: job.result() for key, job in jobs.items()}
    finally:
        if os.environ.get("KEEP") == "1":
            print("kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    if os.environ.get("SAVE"):
        with open(os.environ["SAVE"], "w") as handle:
            json.dump([[list(key), trials] for key, trials in results.items()], handle)
    # Runs saved by earlier benches (LOAD): their rows join these, and set the target too.
    for path in os.environ.get("LOAD", "").split():
        for key, trials in json.load(open(path)):
            results.setdefault(tuple(key), trials)
    for path in os.environ.get("LOAD_DIR", "").split():
        for name in sorted(os.listdir(path)):
            parts = name.split("-")
            if len(parts) < 3 or not parts[-1].isdigit() or parts[0] not in WORKLOAD:
                continue
            workload, method, seed = parts[0], "-".join(parts[1:-1]).replace("_", " "), int(parts[-1])
            folder = os.path.join(path, name)
            trials = collect_optuna(folder, workload) if method.startswith("optuna-") else collect_hporun(folder, workload)
            results.setdefault((workload, method, seed), trials)
    methods = list(dict.fromkeys(m for (_, m, _) in sorted(results, key=lambda k: ORDER.get(k[1].split()[0], 9))))
    for workload in WORKLOADS:
        seeds = DIGITS_SEEDS if workload == "digits" else SEEDS
        epochs = WORKLOAD[workload]["epochs"]
        best = max(v for (w, _, _), trials in results.items() if w == workload
                   for v in finals(trials, epochs) if v is not None)
        if workload in BEST:
            best = BEST[workload]
        target = best * 0.995
        print()
        print("%s: budget %d epochs (%d trials of %d epochs), %d trial%s at once; seeds %s; medians over the seeds" % (
            workload, trials_of(workload) * epochs, trials_of(workload), epochs, PARALLEL, "s" if PARALLEL > 1 else "",
            seeds))
        print("epochs: TEST records written, a pruned trial's %s" % (
            "all of them (LATE=1)" if LATE else "up to its pruning iteration (LATE=1 counts the later ones)"))
        if PRUNER_EXTRA:
            print("asha and hyperband with " + " ".join(PRUNER_EXTRA))
        print("target: best completed accuracy >= %.4f (within 0.5%% of the best %s, %.4f)" % (
            target, "given (BEST)" if workload in BEST else "of all runs", best))
        print("%-24s %6s %10s %7s %15s %13s %9s %10s %8s" % ("method", "trials", "epochs run", "pruned", "epochs to target",
                                                          "s to target", "vs none", "final best", "reached"))
        references = {}
        for method in methods:
            if not all((workload, method, seed) in results for seed in seeds):
                continue
            rows = [summary(results[(workload, method, seed)], target, epochs) for seed in seeds]
            med = lambda values: statistics.median(values) if values else None
            to_epochs = med([r[2][0] for r in rows if r[2]])
            to_secs = med([r[2][1] for r in rows if r[2]])
            if method.split()[0] == "none":
                references[" ".join(method.split()[1:])] = to_epochs
            reference = references.get(" ".join(method.split()[1:]), references.get(""))
            ratio = "%.2f" % (to_epochs / reference) if to_epochs and reference else "-"
            print("%-24s %6d %10d %7d %15s %13s %9s %10.4f %5d/%d" % (
                method, med([r[4] for r in rows]), med([r[0] for r in rows]), med([r[1] for r in rows]),
                "%d" % to_epochs if to_epochs is not None else "-", "%.1f" % to_secs if to_secs is not None else "-",
                ratio, med([r[3] for r in rows]), sum(1 for r in rows if r[2]), len(seeds)))
            print("    per seed (epochs to target / final best / trials / pruned / late epochs): " + ", ".join(
                "%s/%.4f/%d/%d/%d" % (r[2][0] if r[2] else "-", r[3], r[4], r[1], r[5]) for r in rows))


if __name__ == "__main__":
    main()
