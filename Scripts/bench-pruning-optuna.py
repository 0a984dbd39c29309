#!/usr/bin/env python3
"""Optuna driving a training program the way hporun does, for make bench-pruning.

    bench-pruning-optuna.py SPACE.json PRUNER SEED TRIALS BUDGET WORKDIR OUT.json -- COMMAND...

Each trial gets a directory WORKDIR/trials/NNNN with config.json (Optuna's TPE suggestion
over SPACE.json plus its "fixed" entries; RandomSampler's when SPACE.json has "sampler": "random"), and COMMAND runs there as a subprocess in its own
process group, with hporun's environment (SUBID, LOG_DIR, RESULT_DIR, JOB_STATE_DIR). The
driver tails the trial's evaluation-metrics.txt as it grows; each TEST value of the
objective is `trial.report(value, iteration)`, and when `trial.should_prune()` the driver
writes `hporun-stop` in the trial's directory (the program stops by itself, as under
hporun), stops the group after 5 s, and raises TrialPruned. A completed trial's value is its
last TEST value (objective_strategy last), or its best one when SPACE.json has "strategy":
"best" (hporun's default). A parameter of SPACE.json is "log" or "float" (suggest_float),
"int" (suggest_int, low..high) or "choice" (suggest_categorical). PRUNER: none (NopPruner(),
every trial runs to its end; make bench-digits), median (MedianPruner()) or hyperband
(HyperbandPruner(min_resource=1, max_resource=MAX, reduction_factor=3)). PARALLEL trials
run at once (n_jobs; default 1).

The epoch budget, the same rule as hporun's runs in bench-pruning.py: at most TRIALS trials,
and once the trials have written BUDGET TEST records in all, the study stops (study.stop(): no
new trial) and the running trials are stopped (SIGTERM to the group; state "interrupted").

OUT.json gets one entry per trial: its state, value, TEST records written (epochs), start
and end times.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import optuna


def main():
    args = sys.argv[1:]
    cut = args.index("--")
    space_path, pruner_name, seed, trials, budget, work, out = args[:cut]
    command = args[cut + 1:]
    seed, trials, budget = int(seed), int(trials), int(budget)
    spent = [0]
    exhausted = threading.Event()
    space = json.load(open(space_path))
    objective_name = space["objective"]
    max_resource = space.get("max_resource")
    os.makedirs(os.path.join(work, "trials"), exist_ok=True)
    records, lock = [], threading.Lock()
    counter = iter(range(1, 1_000_000))

    def objective(trial):
        if exhausted.is_set():
            trial.study.stop()
            raise optuna.TrialPruned()
        config = dict(space.get("fixed", {}))
        for name, spec in space["parameters"].items():
            if spec["type"] == "log":
                config[name] = trial.suggest_float(name, spec["low"], spec["high"], log=True)
            elif spec["type"] == "float":
                config[name] = trial.suggest_float(name, spec["low"], spec["high"])
            elif spec["type"] == "int":
                config[name] = trial.suggest_int(name, spec["low"], spec["high"])
            else:
                config[name] = trial.suggest_categorical(name, spec["values"])
        with lock:
            subid = "%04d" % next(counter)
        directory = os.path.join(work, "trials", subid)
        os.makedirs(directory)
        with open(os.path.join(directory, "config.json"), "w") as handle:
            json.dump(config, handle)
        env = dict(os.environ, SUBID=subid, LOG_DIR=os.path.join(work, "trials"), RESULT_DIR=directory,
                   JOB_STATE_DIR=work, PYTHONUNBUFFERED="1")
        started = time.time()
        process = subprocess.Popen(command, cwd=directory, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        metrics = os.path.join(directory, "evaluation-metrics.txt")
        offset, partial, epochs, last, best, pruned_at, interrupted = 0, b"", 0, None, None, None, False
        better = max if space["direction"] == "maximize" else min

        def read():
            nonlocal offset, partial, epochs, last, best
            values = []
            try:
                with open(metrics, "rb") as handle:
                    handle.seek(offset)
                    data = handle.read()
            except FileNotFoundError:
                return values
            offset += len(data)
            lines = (partial + data).split(b"\n")
            partial = lines.pop()
            for line in lines:
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                if record.get("grouplabel") != "test" or objective_name not in record.get("values", {}):
                    continue
                iteration = int(record["etimes"]["iteration"]["value"])
                value = float(record["values"][objective_name]["value"])
                epochs += 1
                last = value
                best = value if best is None else better(best, value)
                values.append((iteration, value))
            return values

        while True:
            running = process.poll() is None
            for iteration, value in read():
                if pruned_at is None or os.environ.get("LATE") == "1":
                    with lock:
                        spent[0] += 1
                        if spent[0] >= budget:
                            exhausted.set()
                if pruned_at is not None:
                    continue
                trial.report(value, iteration)
                if trial.should_prune():
                    pruned_at = iteration
                    with open(os.path.join(directory, "hporun-stop"), "w") as handle:
                        handle.write("pruned at iteration %d (optuna)\n" % iteration)
                    deadline = time.time() + 5
                    while process.poll() is None and time.time() < deadline:
                        time.sleep(0.05)
                    if process.poll() is None:
                        os.killpg(process.pid, signal.SIGTERM)
            if not running:
                break
            if exhausted.is_set() and pruned_at is None and not interrupted:
                interrupted = True
                os.killpg(process.pid, signal.SIGTERM)
            time.sleep(0.05)
        process.wait()
        read()
        state = "pruned" if pruned_at is not None else "interrupted" if interrupted else (
            "completed" if process.returncode == 0 and last is not None else "failed")
        with lock:
            value = best if space.get("strategy") == "best" else last
            records.append({"subid": subid, "state": state, "value": value, "last": last, "epochs": epochs,
                            "start": started, "end": time.time(), "prunedAt": pruned_at})
        if state == "pruned":
            raise optuna.TrialPruned()
        if state == "interrupted":
            trial.study.stop()
            raise optuna.TrialPruned()
        if state == "failed":
            raise RuntimeError("trial %s failed" % subid)
        return value

    pruner = (optuna.pruners.NopPruner() if pruner_name == "none" else
              optuna.pruners.MedianPruner() if pruner_name == "median" else
              optuna.pruners.HyperbandPruner(min_resource=1, max_resource=max_resource, reduction_factor=3))
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = (optuna.samplers.RandomSampler(seed=seed) if space.get("sampler") == "random"
               else optuna.samplers.TPESampler(seed=seed))
    study = optuna.create_study(direction=space["direction"], sampler=sampler, pruner=pruner)
    study.optimize(objective, n_trials=trials, n_jobs=int(os.environ.get("PARALLEL", "1")), catch=(RuntimeError,))
    with open(out, "w") as handle:
        json.dump(sorted(records, key=lambda r: r["subid"]), handle)


if __name__ == "__main__":
    main()
