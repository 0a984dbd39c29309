#!/usr/bin/env python3
"""make bench-pruning: epochs and wall time that pruning saves, on a learning-curve workload
with known parametric curves and noise.

The workload (written to a scratch folder) "trains" for 27 epochs, 0.1 s each: TEST accuracy
a(config) * (1 - exp(-epoch / tau(config))) plus Gaussian noise (sd 0.003) drawn from the
config and epoch, so a configuration's curve is the same in every run. It stops when hporun's
marker says so (emetrics.py's should_stop()). For each pruner (none, median, asha) and seed,
hporun runs rbfopt for 30 trials, 3 at once; printed: the total epochs run, and the epochs and
wall time until the best completed accuracy is within 0.5% of the best any run reached, as
medians over the seeds. Prints numbers; asserts nothing.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HPORUN = os.environ.get("HPORUN", os.path.join(ROOT, ".build/release/hporun"))
SEEDS = [int(s) for s in os.environ.get("SEEDS", "1 2 3").split()]
PRUNERS = os.environ.get("PRUNERS", "none median asha").split()
TRIALS = int(os.environ.get("TRIALS", "30"))

WORKLOAD = r'''
import json, math, os, random, sys, time
sys.path.insert(0, os.environ["EMETRICS_DIR"])
from emetrics import EMetrics
c = json.load(open("config.json"))
lr, width, dropout = c["learning_rate"], c["width"], c["dropout"]
final = 0.97 - 0.3 * (math.log10(lr) + 2) ** 2 - 0.03 * (math.log2(width) - 7) ** 2 - 1.5 * (dropout - 0.2) ** 2
final = max(final, 0.1)
tau = 1 + 8 / (1 + 100 * lr)
with EMetrics.open() as em:
    for epoch in range(1, 28):
        noise = random.Random("%r-%r-%r-%d" % (lr, width, dropout, epoch)).gauss(0, 0.003)
        em.record(EMetrics.TEST_GROUP, epoch, {"accuracy": final * (1 - math.exp(-epoch / tau)) + noise})
        time.sleep(0.1)
        if em.should_stop():
            break
'''

MANIFEST = """hyper_parameters_optimization:
  method:
    name: rbfopt
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: %d}
    - {name: random_seed, int_value: %d}
    - {name: max_concurrent_trials, int_value: 3}
    - {name: objective_strategy, string_value: last}
%s  hyper_parameters:
  - {name: learning_rate, double_range: {min_value: -4, max_value: 0, power: 10}}
  - {name: width, int_values: [16, 32, 64, 128, 256, 512]}
  - {name: dropout, double_range: {min_value: 0, max_value: 0.5}}
"""

SETTINGS = {
    "none": "",
    "median": "    - {name: pruner, string_value: median}\n    - {name: pruner_warmup_iterations, int_value: 3}\n"
              "    - {name: pruner_min_trials, int_value: 3}\n",
    "asha": "    - {name: pruner, string_value: asha}\n    - {name: pruner_min_resource, int_value: 1}\n"
            "    - {name: pruner_eta, int_value: 3}\n    - {name: pruner_max_resource, int_value: 27}\n",
}


def run(work, pruner, seed):
    folder = os.path.join(work, "%s-%d" % (pruner, seed))
    os.makedirs(folder)
    with open(os.path.join(folder, "exp.yml"), "w") as handle:
        handle.write(MANIFEST % (TRIALS, seed, SETTINGS[pruner]))
    env = dict(os.environ, EMETRICS_DIR=os.path.join(ROOT, "Samples/quickstart"))
    subprocess.run([HPORUN, "--manifest", "exp.yml", "--experiment-dir", "runs", "--",
                    "python3", os.path.join(work, "workload.py")], cwd=folder, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    trials = []
    runs = os.path.join(folder, "runs", "trials")
    for subid in sorted(os.listdir(runs)):
        with open(os.path.join(runs, subid, "trial.json")) as handle:
            trials.append(json.load(handle))
    return trials


def parse_time(text):
    from datetime import datetime
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    if not os.access(HPORUN, os.X_OK):
        sys.exit("build hporun first: swift build -c release (or set HPORUN)")
    work = tempfile.mkdtemp(prefix="bench-pruning-")
    try:
        with open(os.path.join(work, "workload.py"), "w") as handle:
            handle.write(WORKLOAD)
        results = {(p, s): run(work, p, s) for p in PRUNERS for s in SEEDS}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    best = max(t["objective"] for trials in results.values() for t in trials
               if t["state"] == "completed" and t.get("objective") is not None)
    target = best * 0.995
    print("bench-pruning: %d trials of rbfopt, 3 at once, 27 epochs of 0.1 s each; seeds %s" % (TRIALS, SEEDS))
    print("target: best completed accuracy >= %.4f (within 0.5%% of the best of all runs, %.4f)" % (target, best))
    print("%-8s %12s %8s %16s %16s %12s %8s" % ("pruner", "epochs run", "pruned", "epochs to target", "secs to target",
                                              "best", "reached"))
    for pruner in PRUNERS:
        total, pruned, to_epochs, to_secs, bests, reached = [], [], [], [], [], 0
        for seed in SEEDS:
            trials = results[(pruner, seed)]
            epochs = [t["testHistory"]["counts"].get("accuracy", 0) for t in trials]
            total.append(sum(epochs))
            pruned.append(sum(t["state"] == "pruned" for t in trials))
            start = min(parse_time(t["startedAt"]) for t in trials)
            done = sorted(trials, key=lambda t: parse_time(t["endedAt"]))
            running_best, used = None, 0
            for trial in done:
                used += trial["testHistory"]["counts"].get("accuracy", 0)
                if trial["state"] == "completed" and trial.get("objective") is not None:
                    running_best = max(running_best or 0, trial["objective"])
                if running_best is not None and running_best >= target:
                    to_epochs.append(used)
                    to_secs.append(parse_time(trial["endedAt"]) - start)
                    reached += 1
                    break
            bests.append(max((t["objective"] for t in trials if t["state"] == "completed"), default=0))
        med = lambda values: statistics.median(values) if values else float("nan")
        print("%-8s %12d %8d %16s %16s %12.4f %5d/%d" % (
            pruner, med(total), med(pruned), "%d" % med(to_epochs) if to_epochs else "-",
            "%.1f" % med(to_secs) if to_secs else "-", med(bests), reached, len(SEEDS)))


if __name__ == "__main__":
    main()
