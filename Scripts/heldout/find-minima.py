#!/usr/bin/env python3
"""Finds f* and a minimiser of the held-out problems whose minimum is not analytic, by a
dense search: every combination of the discrete variables, a grid over the continuous ones
and a local refinement (scipy's bounded L-BFGS-B and Nelder-Mead) from the best grid points.
Prints the FOUND table of Scripts/heldout/problems.py.

    /tmp/hporun-peers-venv/bin/python Scripts/heldout/find-minima.py     # about a minute
"""
import importlib.util
import itertools
import math
import os
import sys

import numpy as np
from scipy.optimize import minimize, minimize_scalar

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("heldout", os.path.join(HERE, "problems.py"))
H = importlib.util.module_from_spec(spec)
spec.loader.exec_module(H)


def refine(f, x0, bounds):
    """The lowest of L-BFGS-B and Nelder-Mead (clipped to the box) from x0."""
    lo = np.array([b[0] for b in bounds])
    hi = np.array([b[1] for b in bounds])
    g = lambda x: f(list(np.clip(x, lo, hi)))
    best = (g(x0), np.array(x0, dtype=float))
    for method in ("L-BFGS-B", "Nelder-Mead"):
        kwargs = {"bounds": bounds} if method == "L-BFGS-B" else {"options": {"xatol": 1e-12, "fatol": 1e-15, "maxiter": 20000}}
        r = minimize(g, best[1], method=method, **kwargs)
        x = np.clip(r.x, lo, hi)
        if g(x) < best[0]:
            best = (g(x), x)
    return best


def michalewicz(n=5, lower=0.3):
    x = []
    for i in range(n):
        term = lambda t: -math.sin(t) * math.sin((i + 1) * t * t / math.pi) ** 20
        grid = np.linspace(lower, math.pi, 200001)
        t0 = grid[int(np.argmin([term(t) for t in grid]))]
        step = (math.pi - lower) / 200000
        r = minimize_scalar(term, bounds=(max(lower, t0 - step), min(math.pi, t0 + step)), method="bounded",
                            options={"xatol": 1e-14})
        x.append(float(r.x))
    return x


def two_d(f, guess, bounds):
    """A 1001 x 1001 grid over the box, then refinement from the grid's best and the guess."""
    a = np.linspace(bounds[0][0], bounds[0][1], 1001)
    b = np.linspace(bounds[1][0], bounds[1][1], 1001)
    best = min(((f([u, v]), [u, v]) for u in a for v in b), key=lambda t: t[0])
    results = [refine(f, best[1], bounds), refine(f, guess, bounds)]
    return list(min(results, key=lambda t: t[0])[1])


def mixed(f, lower, upper, types, grid=9, keep=12):
    """Every discrete combination, a grid over the continuous coordinates, refinement from the
    best grid point of each of the best `keep` combinations."""
    cont = [i for i, t in enumerate(types) if t == "R"]
    disc = [i for i, t in enumerate(types) if t != "R"]
    disc_values = [range(int(lower[i]), int(upper[i]) + 1) for i in disc]
    cont_values = [np.linspace(lower[i], upper[i], grid) for i in cont]
    points = []
    for d in itertools.product(*disc_values):
        combination = []
        for c in itertools.product(*cont_values):
            x = [0.0] * len(types)
            for i, v in zip(disc, d):
                x[i] = float(v)
            for i, v in zip(cont, c):
                x[i] = float(v)
            combination.append((f(x), x))
        points.append(min(combination, key=lambda t: t[0]))
    points.sort(key=lambda t: t[0])
    best = None
    for value, x in points[:keep]:
        fixed = list(x)

        def g(c):
            y = list(fixed)
            for i, v in zip(cont, c):
                y[i] = float(v)
            return f(y)
        v, c = refine(g, [x[i] for i in cont], [(lower[i], upper[i]) for i in cont])
        y = list(fixed)
        for i, w in zip(cont, c):
            y[i] = float(w)
        if best is None or v < best[0]:
            best = (v, y)
    return best[1]


def main():
    found = {}
    found["michalewicz5"] = michalewicz()
    found["eggholder"] = two_d(H.eggholder, [512, 404.2319], [(-512, 512), (-512, 512)])
    found["holder_table"] = two_d(H.holder_table, [8.05502, 9.66459], [(-10, 10), (-10, 10)])
    found["ridge_cv"] = mixed(H.ridge_cv, [-6, 1, 0], [2, 4, 1], "RIC", grid=161, keep=16)
    found["mlp_surface"] = mixed(H.mlp_surface, [-5, -7, 4, 1, 0, 0], [-0.5, -1, 10, 6, 3, 0.6], "RRIICR", grid=7, keep=40)
    found["gbm_surface"] = mixed(H.gbm_surface, [-3, 1, 2, 0, 0.4, 0], [0, 20, 10, 5, 1, 2], "RIIIRC", grid=9, keep=40)
    print("FOUND = {")
    for name, x in found.items():
        f = {"michalewicz5": H.michalewicz, "eggholder": H.eggholder, "holder_table": H.holder_table,
             "ridge_cv": H.ridge_cv, "mlp_surface": H.mlp_surface, "gbm_surface": H.gbm_surface}[name]
        print("    %r: [%s],  # f* = %.15g" % (name, ", ".join(repr(float(v)) for v in x), f(x)))
    print("}")


if __name__ == "__main__":
    sys.exit(main())
