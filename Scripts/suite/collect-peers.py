#!/usr/bin/env python3
"""Summarizes the peers' raw results (peers_bench.py run --out DIR) into the small table
`make bench-suite` reads: peers/gaps.json, per budget, problem and optimizer the number of
seeds and the gap (f_best - f_min) / max(1, |f_min|) at 20, 50, 100 (200, 300) evaluations as
[median, q25, q75] (linear-interpolated quantiles, as numpy's percentile).

    python3 Scripts/suite/collect-peers.py /tmp/peers-suite Scripts/suite/peers/gaps.json
"""
import glob
import json
import os
import sys

CHECKPOINTS = (20, 50, 100, 200, 300)


def quantile(values, q):
    s = sorted(values)
    position = q * (len(s) - 1)
    low, high = int(position // 1), min(int(position // 1) + 1, len(s) - 1)
    return s[low] + (s[high] - s[low]) * (position - low)


def best_so_far(run):
    """The peer's own record: after each evaluation, the best value it has seen."""
    return run["best_so_far"]


def write_gaps(raw_dir, target, reported=best_so_far):
    """Writes target from the runs under raw_dir/raw/b*/<problem>/: per budget, problem and
    optimizer the seeds and the gap at each checkpoint, of the value `reported(run)` gives
    after each evaluation (noisy-peers.py passes the true value of the best-observed trial)."""
    groups = {}
    for path in glob.glob(os.path.join(raw_dir, "raw", "b*", "*", "*.json")):
        with open(path) as fh:
            run = json.load(fh)
        if run.get("error") or not reported(run):
            continue
        groups.setdefault((run["budget"], run["function"], run["optimizer"]), []).append(run)
    table = {}
    for (budget, function, optimizer), runs in sorted(groups.items()):
        scale = max(1.0, abs(runs[0]["f_min"]))
        cell = {"seeds": len(runs)}
        for c in CHECKPOINTS:
            if c <= budget:
                gaps = []
                for run in runs:
                    series = reported(run)
                    gaps.append(max(0.0, (series[min(c, len(series)) - 1] - run["f_min"]) / scale))
                cell[str(c)] = [quantile(gaps, 0.5), quantile(gaps, 0.25), quantile(gaps, 0.75)]
        table.setdefault(str(budget), {}).setdefault(function, {})[optimizer] = cell
    # One line per problem: small diffs when a re-run changes a few cells.
    lines = []
    for budget in sorted(table, key=int):
        rows = ['  %s: %s' % (json.dumps(function), json.dumps(table[budget][function], sort_keys=True))
                for function in sorted(table[budget])]
        lines.append(' %s: {\n%s\n }' % (json.dumps(budget), ",\n".join(rows)))
    with open(target, "w") as fh:
        fh.write("{\n" + ",\n".join(lines) + "\n}\n")
    print("%s: %d cells" % (target, len(groups)))


if __name__ == "__main__":
    write_gaps(sys.argv[1] if len(sys.argv) > 1 else "/tmp/peers-suite",
         sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers", "gaps.json"))
