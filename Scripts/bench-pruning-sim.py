#!/usr/bin/env python3
"""A quick simulation of asha's and hyperband's settings on bench-pruning.py's two curve
families (curves: crossing; powerlaw: ranking early), to choose the pruners' defaults in
seconds rather than hours. No hporun, no processes: each "trial" is a configuration with its
known curve (noise sd 0.003), 3 run at once epoch by epoch, and the pruner decides at its
rungs as SuccessiveHalvingPruner does (top 1/eta of every trial at the rung, the best while
fewer than eta; hyperband: brackets drawn with Optuna's weights, the cut within a bracket),
with or without the leaders' floor (the cut is never above what the best 1/eta of the trials
that went furthest had at the rung). The optimizer is a stand-in: a configuration is drawn
near the optimum with probability NEAR (default 0.1), else uniformly in the box; so the
numbers compare settings with each other, not with rbfopt. FOCUS=p (default 0) draws instead,
with probability p once 3 trials completed, near the best completed configuration (its
learning rate times 10^N(0, 0.3), a neighbouring width with probability 0.3, its dropout
+ N(0, 0.05)), as a model-based optimizer concentrates: then most late trials are good, and
the rungs compare them with every earlier trial. "none" is the same search without pruning.

Printed per workload and setting, over SEEDS seeds (default 60): the median epochs until a
completed trial is within 0.5% of the best plateau (among the seeds that reached it within
8000 epochs) and how many reached it.

ADAPTIVE="threshold,minimum,before,window;..." (default "0.5,5,judge,50") adds asha and
hyperband with the adaptive rungs (`pruner_adaptive`, RungTrust.swift: a rung is judged only
when, among the last `window` completed trials, the rank correlation of their best up to the
rung with their best at the end is at least `threshold`, once `minimum` completed; before that
every rung is judged, or with `skip` none). WORKERS=N trials at once (default 3; the real
bench runs 1). The last column is the median over every seed, an unreached one counting as
more than any. README's numbers: ONLY=adaptive WORKERS=1 FOCUS=0.5 ADAPTIVE="0.5,5,judge,50".

    Scripts/bench-pruning-sim.py [curves|powerlaw ...]   (ONLY="label;label" runs those settings,
    ONLY=adaptive none, asha and hyperband with the leaders' floor and the adaptive ones)
"""
import math
import os
import random
import statistics
import sys

EPOCHS = 27
SEEDS = int(os.environ.get("SEEDS", "60"))
NEAR = float(os.environ.get("NEAR", "0.1"))
FOCUS = float(os.environ.get("FOCUS", "0"))
WORKERS = int(os.environ.get("WORKERS", "3"))
BUDGET = 8000
WIDTHS = [16, 32, 64, 128, 256, 512]


def plateau(lr, width, dropout):
    return max(0.1, 0.97 - 0.3 * (math.log10(lr) + 2) ** 2 - 0.03 * (math.log2(width) - 8) ** 2
               - 1.5 * (dropout - 0.1) ** 2)


def curve(kind, lr, width, dropout):
    final = plateau(lr, width, dropout)
    if kind == "curves":
        tau = 1 + 8 / (1 + 100 * lr)
        return [final * (1 - math.exp(-e / tau)) for e in range(1, EPOCHS + 1)]
    alpha = 1.2 + 0.1 * (math.log10(lr) + 5)
    return [final - (final - 0.1) * (1 + e) ** -alpha for e in range(1, EPOCHS + 1)]


def rungs(first, eta):
    result, rung = [], first
    while rung < EPOCHS:
        result.append(rung)
        rung *= eta
    return result


def draw(rng, best):
    if best is not None and rng.random() < FOCUS:
        lr, width, dropout = best
        index = WIDTHS.index(width)
        if rng.random() < 0.3:
            index = min(len(WIDTHS) - 1, max(0, index + rng.choice([-1, 1])))
        return (min(1.0, max(1e-5, lr * 10 ** rng.gauss(0, 0.3))), WIDTHS[index],
                min(0.5, max(0.0, dropout + rng.gauss(0, 0.05))))
    if rng.random() < NEAR:
        return (10 ** rng.gauss(-2, 0.3), rng.choice([128, 256, 512]), min(0.5, max(0.0, rng.gauss(0.1, 0.1))))
    return 10 ** rng.uniform(-5, 0), rng.choice([16, 32, 64, 128, 256, 512]), rng.uniform(0, 0.5)


def ranks(values):
    """Ranks from 1, ties at their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            result[order[k]] = (start + end) / 2 + 1
        start = end + 1
    return result


def spearman(xs, ys):
    """Spearman's rank correlation (Pearson's of the ranks); 0 when either is constant."""
    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else 0.0


def trusted(seen, index, epoch, adaptive):
    """Whether the rung at `epoch` is judged: the adaptive rule (threshold, minimum trials,
    before, window): among the last `window` trials that went furthest (completed), the rank
    correlation of their best up to the rung with their best at the end; a rung below the
    threshold is skipped once `minimum` such trials exist; before, `before` says ("judge" or
    "skip")."""
    threshold, minimum, before, window = adaptive
    ends = [(len(c), k) for k, c in seen.items() if k != index]
    furthest = max((n for n, _ in ends), default=0)
    if furthest <= epoch:
        return before == "judge"
    front = sorted(k for n, k in ends if n == furthest)[-window:]
    if len(front) < minimum:
        return before == "judge"
    return spearman([max(seen[k][:epoch]) for k in front], [max(seen[k]) for k in front]) >= threshold


def run(kind, rng, min_resource, eta, hyperband, leaders, target, adaptive=None):
    """Epochs until a completed trial reaches the target (None within BUDGET)."""
    count = len(rungs(min_resource, eta)) + 1 if hyperband else 1
    weights = [math.ceil(count * eta ** (count - 1 - s) / (count - s)) for s in range(count)]
    trials, seen, at_rung, workers, spent = [], {}, {}, [None] * WORKERS, 0
    configs, completed, leader = [], 0, None
    while spent < BUDGET:
        for i in range(WORKERS):
            if workers[i] is None:
                config = draw(rng, leader[1] if leader and completed >= 3 else None)
                configs.append(config)
                bracket = rng.choices(range(count), weights=weights)[0] if hyperband else 0
                trials.append((curve(kind, *config), rungs(min_resource * eta ** bracket, eta), bracket))
                workers[i] = [len(trials) - 1, 0]
        for i in range(WORKERS):
            index, epoch = workers[i]
            values, trial_rungs, bracket = trials[index]
            epoch += 1
            spent += 1
            workers[i][1] = epoch
            value = values[epoch - 1] + rng.gauss(0, 0.003)
            seen.setdefault(index, []).append(value)
            stop = False
            if epoch in trial_rungs:
                best = max(seen[index])
                competing = at_rung.setdefault((bracket, epoch), [])
                competing.append(best)
                ordered = sorted(competing, reverse=True)
                stop = ordered[max(0, len(ordered) // eta - 1)] > best
            if epoch in trial_rungs and adaptive is not None and not trusted(seen, index, epoch, adaptive):
                stop = False
            elif epoch in trial_rungs:
                last = epoch == trial_rungs[-1]
                envelope = leaders == "envelope" or (leaders == "last" and last)
                if (stop and leaders) or envelope:
                    ends = [(len(curve_), k) for k, curve_ in seen.items() if k != index]
                    furthest = max((n for n, _ in ends), default=0)
                    if furthest > epoch:
                        front = sorted((k for n, k in ends if n == furthest), key=lambda k: -max(seen[k]))
                        keep = 1 if leaders == "last" and last else max(1, len(front) // eta)
                        floor = min(max(seen[k][:epoch]) for k in front[:keep])
                        stop = best < floor
            if epoch == EPOCHS:
                if value >= target:
                    return spent
                completed += 1
                if leader is None or value > leader[0]:
                    leader = (value, configs[index])
                stop = True
            if stop:
                workers[i] = None
    return None


# leaders: True, the leaders' floor (the cut is never above what the best 1/eta of the
# trials that went furthest had at the rung); "envelope", that value is the cut whenever
# such trials exist (so a trial below it is cut even when in the top 1/eta); "last", the
# leaders' floor at every rung but the last one, where the cut is what the best trial that went
# furthest had there (a trial that cannot catch the best up by then stops).
SETTINGS = [  # label, min_resource, eta, hyperband, leaders
    ("none", EPOCHS, 3, False, False),
    ("asha 1, eta 3", 1, 3, False, False), ("asha 1, eta 3, leaders", 1, 3, False, True),
    ("asha 3, eta 3", 3, 3, False, False), ("asha 3, eta 3, leaders", 3, 3, False, True),
    ("asha 1, eta 4", 1, 4, False, False), ("asha 1, eta 4, leaders", 1, 4, False, True),
    ("hyperband 1, eta 3", 1, 3, True, False), ("hyperband 1, eta 3, leaders", 1, 3, True, True),
    ("hyperband 3, eta 3, leaders", 3, 3, True, True),
    ("asha 1, eta 3, envelope", 1, 3, False, "envelope"), ("hyperband 1, eta 3, envelope", 1, 3, True, "envelope"),
    ("asha 1, eta 3, last", 1, 3, False, "last"), ("hyperband 1, eta 3, last", 1, 3, True, "last"),
]
# The adaptive first rung (ADAPTIVE="threshold,minimum,before,window;..." adds settings): asha
# and hyperband with the leaders' floor, judging a rung only when the completed trials'
# ranking there predicts their ranking at the end (`trusted`).
for spec in os.environ.get("ADAPTIVE", "0.5,5,judge,50").split(";"):
    if spec:
        threshold, minimum, before, window = spec.split(",")
        rule = (float(threshold), int(minimum), before, int(window))
        SETTINGS.append(("asha 1, eta 3, adaptive %s" % spec, 1, 3, False, True, rule))
        SETTINGS.append(("hyperband 1, eta 3, adaptive %s" % spec, 1, 3, True, True, rule))
ONLY = os.environ.get("ONLY", "")  # "none;asha 1, eta 3, leaders": only these settings


def main():
    for kind in sys.argv[1:] or ["curves", "powerlaw"]:
        target = 0.995 * max(curve(kind, 0.01 * 10 ** (k / 100), 256, 0.1)[-1] for k in range(-50, 51))
        print("%s: target %.4f, %d seeds, NEAR %.2f, FOCUS %.2f, %d at once" % (kind, target, SEEDS, NEAR, FOCUS, WORKERS))
        for label, min_resource, eta, hyperband, leaders, *adaptive in SETTINGS:
            if ONLY and label not in ONLY.split(";") and not (ONLY == "adaptive" and (adaptive or label == "none" or label.endswith("1, eta 3, leaders"))):
                continue
            results = [run(kind, random.Random(seed), min_resource, eta, hyperband, leaders, target, *adaptive)
                       for seed in range(SEEDS)]
            reached = [r for r in results if r is not None]
            # Over every seed, an unreached one counting as more than any reached.
            overall = statistics.median_high([r if r is not None else math.inf for r in results])
            print("  %-30s epochs to target %7s  reached %d/%d  median of all seeds %s" % (
                label, "%d" % statistics.median(reached) if reached else "-", len(reached), SEEDS,
                "-" if overall == math.inf else "%d" % overall))


if __name__ == "__main__":
    main()
