#!/usr/bin/env python3
"""The peers on the suite's noisy variants (Scripts/suite/noisy_problems.py).

    PY=/tmp/hporun-peers-venv/bin/python
    nice -n 10 $PY Scripts/suite/noisy-peers.py run --level 0.05 --optimizers optuna_tpe,hyperopt_tpe \
        --out /tmp/peers-noisy
    python3 Scripts/suite/noisy-peers.py collect /tmp/peers-noisy

`run` drives ../shared/peers/peers_bench.py's own adapters (`run_one`: the same configuration of
each peer as `peers_bench.py run`), with noisy_problems.py as its problems module and the noise
seeded by the run's seed, and writes one raw record per run into
OUT/<level>/raw/b<B>/<problem>/<optimizer>__seed<S>.json: peers_bench's record (observed
`values`, `best_so_far` of the observed values, the points `xs`) plus `true_values` (f at each
point) and `noise_sd`.

`collect` writes, per level, Scripts/suite/peers/gaps-noise-<pct>pct.json in the shape of
gaps.json (budget -> problem -> optimizer -> {"seeds", "20", "50": [median, q25, q75]}), where the
gap after t evaluations is that of the TRUE value of the trial with the best OBSERVED value among
the first t: what the peer would hand its user. `OptimizerBench --suite --noise 5%` reads it.
"""

import argparse
import glob
import importlib.util
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS_DIR = os.environ.get("PEERS_DIR", "/work/shared/peers")


def level_name(level):
    return "%gpct" % (level * 100)


def load_peers_bench():
    """peers_bench.py reads --problems-module from argv when imported."""
    saved = sys.argv
    sys.argv = [os.path.join(PEERS_DIR, "peers_bench.py"), "--problems-module", os.path.join(HERE, "noisy_problems.py")]
    try:
        spec = importlib.util.spec_from_file_location("peers_bench", sys.argv[0])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.argv = saved
    return module


def best_observed_true(values, truths):
    """After each evaluation, the true value of the best-observed trial so far."""
    out, best, best_true = [], float("inf"), float("inf")
    for value, truth in zip(values, truths):
        if value < best:
            best, best_true = value, truth
        out.append(best_true)
    return out


def cmd_run(a):
    peers = load_peers_bench()
    noisy = peers.FN
    clean = noisy.clean
    names = noisy.NAMES if a.problems == "all" else a.problems.split(",")
    noisy.LEVEL = a.level
    for optimizer in a.optimizers.split(","):
        noisy.SEED = 12345
        peers.run_one("branin", optimizer, 15, 12345)  # warm-up: imports, first-call caches
        started = time.time()
        for name in names:
            folder = os.path.join(a.out, level_name(a.level), "raw", "b%d" % a.budget, name)
            os.makedirs(folder, exist_ok=True)
            for seed in range(a.seed_start, a.seed_start + a.seeds):
                path = os.path.join(folder, "%s__seed%d.json" % (optimizer, seed))
                if os.path.exists(path):
                    continue
                noisy.SEED = seed
                record = peers.run_one(name, optimizer, a.budget, seed)
                problem = clean.get(name)
                record["true_values"] = [problem(x) for x in record["xs"]]
                record["noise_sd"] = a.level * noisy.scales()[name]
                record["noise_level"] = a.level
                with open(path, "w") as fh:
                    json.dump(record, fh)
                reported = best_observed_true(record["values"], record["true_values"])
                gap = (reported[-1] - problem.f_min) / max(1.0, abs(problem.f_min)) if reported else float("nan")
                print("%-5s %-13s %-12s seed=%-2d gap(true)=%.3e wall=%.1fs%s" % (
                    level_name(a.level), optimizer, name, seed, gap, record["wall_time_s"],
                    "  ERROR" if record["error"] else ""), flush=True)
                if record["error"]:
                    print(record["error"], flush=True)
        print("== %s %s done in %.0fs" % (level_name(a.level), optimizer, time.time() - started), flush=True)


def load_collect_peers():
    """collect-peers.py (its name has a hyphen): the summariser both gaps files share."""
    spec = importlib.util.spec_from_file_location("collect_peers", os.path.join(HERE, "collect-peers.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cmd_collect(a):
    collect = load_collect_peers()
    for level_dir in sorted(glob.glob(os.path.join(a.source, "*pct"))):
        collect.write_gaps(level_dir, os.path.join(a.target, "gaps-noise-%s.json" % os.path.basename(level_dir)),
                           reported=lambda run: best_observed_true(run["values"], run["true_values"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    run = sub.add_parser("run")
    run.add_argument("--level", type=float, required=True, help="noise sd as a share of each problem's scale")
    run.add_argument("--budget", "-B", type=int, default=50)
    run.add_argument("--seeds", "-S", type=int, default=10)
    run.add_argument("--seed-start", type=int, default=0)
    run.add_argument("--problems", default="all")
    run.add_argument("--optimizers", default="optuna_tpe,hyperopt_tpe,random,optuna_gp")
    run.add_argument("--out", default="/tmp/peers-noisy")
    collect = sub.add_parser("collect")
    collect.add_argument("source", nargs="?", default="/tmp/peers-noisy")
    collect.add_argument("target", nargs="?", default=os.path.join(HERE, "peers"))
    a = parser.parse_args()
    {"run": cmd_run, "collect": cmd_collect}[a.cmd](a)


if __name__ == "__main__":
    main()
