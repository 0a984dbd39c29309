#!/usr/bin/env python3
"""Noisy variants of a subset of the suite (Scripts/suite/problems.py), as a problems module for
../shared/peers/peers_bench.py (`--problems-module`): every value a problem returns gets additive
Gaussian noise, sd = LEVEL x the problem's scale, drawn in evaluation order from the same seeded
stream as OptimizerBench's `--noise` (SplitMix64(seed * 31 + 5, stream 99), Box-Muller), so the
Swift bench and the peers see the same noise draws for the same seed.

- The scale of a problem is the median of f over 1,000 uniform random points (seeded) minus f*:
  how far a typical configuration is from the best one. `python3 noisy_problems.py --scales`
  writes them to peers/noise-scales.json (read by this module and by OptimizerBench).
- LEVEL and SEED are module variables (Scripts/suite/noisy-peers.py sets them per run) or the
  environment's HPORUN_NOISE (e.g. 0.05) and HPORUN_NOISE_SEED, read when `get` is called: a
  plain `peers_bench.py run --seed-start S --seeds 1` with HPORUN_NOISE_SEED=S works too.
- The peers' raw records keep the points (`xs`): the TRUE value of the best-observed trial is
  recomputed from them (noisy-peers.py collect), what a user of the peer would be handed.
"""

import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import problems as clean  # noqa: E402

# ~15 problems: 2/3/4/5/6/10-D, continuous, integer, categorical, several basins.
NAMES = ["branin", "camel6", "rosenbrock2", "hartmann3", "branin_cat", "shekel5", "basins4a", "mixed",
         "sphere5", "ackley5", "hpo_like", "cat_bowl", "hartmann6", "basins6", "sphere10"]
# peers_bench's warm-up runs branin; every name stays reachable, the subset is what is measured.
ALL_NAMES = list(NAMES)
SCALES_PATH = os.path.join(HERE, "peers", "noise-scales.json")

LEVEL = None
SEED = None

MASK = (1 << 64) - 1


class SplitMix64:
    """Sources/HPOKit/Optimize/SplitMix64.swift, bit for bit."""

    def __init__(self, seed, stream=None):
        if stream is None:
            self.state = seed & MASK
        else:
            mixer = SplitMix64(seed ^ 0x9E3779B97F4A7C15)
            self.state = mixer.next() ^ ((stream * 0xD1B54A32D192ED03) & MASK)

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self, low):
        """Uniform in [low, 1) from the top 53 bits (SuiteRun.uniform)."""
        while True:
            value = (1.0 - low) * ((self.next() >> 11) * 2.0 ** -53) + low
            if value != 1.0:
                return value

    def gaussian(self):
        """SuiteRun.gaussian: Box-Muller, the cosine branch."""
        u1 = self.uniform(sys.float_info.epsilon)
        u2 = self.uniform(0.0)
        return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def noise_stream(seed):
    return SplitMix64((seed * 31 + 5) & MASK, 99)


def scale_of(problem, count=1000, seed=2026):
    """Median of f over `count` uniform random points, minus f*."""
    rng = random.Random(seed)
    values = []
    for _ in range(count):
        x = [rng.uniform(lo, hi) if t == "R" else float(rng.randint(int(lo), int(hi)))
             for lo, hi, t in zip(problem.lower, problem.upper, problem.var_types)]
        values.append(problem(x))
    values.sort()
    return values[count // 2] - problem.f_min


def scales():
    with open(SCALES_PATH) as fh:
        return json.load(fh)["scales"]


class NoisyProblem:
    """A suite problem whose values carry the seeded noise; `true_values` keeps f itself."""

    def __init__(self, problem, sd, seed):
        self.problem = problem
        self.sd = sd
        self.rng = noise_stream(seed)
        for attribute in ("name", "dim", "lower", "upper", "var_types", "f_min", "x_min", "note", "levels"):
            setattr(self, attribute, getattr(problem, attribute))

    def __call__(self, x):
        value = self.problem(x)
        return value + self.sd * self.rng.gaussian() if self.sd > 0 else value


def get(name):
    level = LEVEL if LEVEL is not None else float(os.environ.get("HPORUN_NOISE", "0"))
    seed = SEED if SEED is not None else int(os.environ.get("HPORUN_NOISE_SEED", "0"))
    problem = clean.get(name)
    sd = level * scales()[name] if level > 0 else 0.0
    return NoisyProblem(problem, sd, seed)


def main(argv):
    if "--scales" in argv:
        table = {name: scale_of(clean.get(name)) for name in NAMES}
        with open(SCALES_PATH, "w") as fh:
            json.dump({"definition": "median of f over 1,000 uniform random points (random.Random(2026)) minus f*; "
                                     "noise sd = level x scale", "scales": table}, fh, indent=1, sort_keys=True)
            fh.write("\n")
        for name in NAMES:
            print("%-12s %.6g" % (name, table[name]))
        return 0
    if "--draws" in argv:
        # The first draws of a seed's stream (checked against the Swift side by a test).
        seed = int(argv[argv.index("--draws") + 1])
        rng = noise_stream(seed)
        print(json.dumps([rng.gaussian() for _ in range(5)]))
        return 0
    print(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
