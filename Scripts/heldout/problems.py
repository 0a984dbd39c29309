#!/usr/bin/env python3
"""hporun's HELD-OUT problem set: problems that are NOT in the suite (Scripts/suite/problems.py)
and on which no optimizer constant is tuned. Optimizer changes are chosen on the suite; this
set tells a general improvement from one that fits the suite
(`make bench-heldout`; Sources/OptimizerBench/SuiteHeldout.swift has the same definitions in
Swift, and the test HeldoutProblemTests checks both give the same values at the same points).

Same shape as the suite's module (a `Problem` per problem, ALL_NAMES, get(name)), so
    peers_bench.py run --problems-module Scripts/heldout/problems.py ...
runs the peers on it. Pure Python (math only).

Families (each problem's `note` names it and says where f* comes from):
- continuous: standard functions the suite lacks (Levy, Griewank, Michalewicz,
  Styblinski-Tang, Zakharov, Dixon-Price, Powell, Trid, Alpine, Bukin 6, Eggholder,
  Holder table, a rotated sharp ridge), 2-10 D; shifted by a fixed 64-bit LCG so that no
  optimum sits at the box midpoint or on a round lattice;
- mixed: integer and categorical problems of a new design (a coupled integer quadratic, a
  deceptive integer trap, categorical interactions);
- model: cheap deterministic response surfaces that behave like real HPO (ridge
  cross-validation error on a fixed synthetic data set computed in plain arithmetic, a
  network-like and a boosting-like validation error with log-scaled rates, integer widths and
  depths and a categorical choice that interacts with them).

f* of the model problems and of Michalewicz/Eggholder/Holder table was found by
Scripts/heldout/find-minima.py (a dense search over every discrete combination and a local
refinement); the values are stated in the notes.

    python3 problems.py --values < points.jsonl   # {"name":..., "x":[...]} per line -> value per line
    python3 problems.py --describe                  # one JSON line per problem
    python3 problems.py --check                     # f(x_min) against f_min for every problem
"""

import importlib.util
import json
import math
import os
import sys

_SUITE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "suite", "problems.py")
_spec = importlib.util.spec_from_file_location("hporun_suite_problems", _SUITE)
_suite = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_suite)
Problem = _suite.Problem
lcg_values = _suite.lcg_values

PI = math.pi


def offsets(seed, n, lower, upper):
    """The optimum of a shifted function: per coordinate 25-85% of the half-width away from
    the box midpoint, on a side the LCG picks."""
    u = lcg_values(seed, 2 * n)
    out = []
    for i in range(n):
        middle, half = (lower + upper) / 2, (upper - lower) / 2
        sign = 1 if u[n + i] < 0.5 else -1
        out.append(middle + sign * half * (0.25 + 0.6 * u[i]))
    return out


def rotation(seed, n):
    """An orthonormal n x n matrix: Gram-Schmidt on the rows of an LCG matrix in [-1, 1]."""
    u = lcg_values(seed, n * n)
    rows = []
    for i in range(n):
        v = [2 * u[i * n + j] - 1 for j in range(n)]
        for r in rows:
            d = 0.0
            for j in range(n):
                d += v[j] * r[j]
            for j in range(n):
                v[j] -= d * r[j]
        norm = 0.0
        for j in range(n):
            norm += v[j] * v[j]
        norm = math.sqrt(norm)
        rows.append([v[j] / norm for j in range(n)])
    return rows


# ---------------------------------------------------------------------------
# Continuous
# ---------------------------------------------------------------------------


def levy(s):
    def f(x):
        n = len(x)
        w = [1 + (x[i] - s[i]) / 4 for i in range(n)]
        total = math.sin(PI * w[0]) ** 2
        for i in range(n - 1):
            total += (w[i] - 1) ** 2 * (1 + 10 * math.sin(PI * w[i] + 1) ** 2)
        return total + (w[n - 1] - 1) ** 2 * (1 + math.sin(2 * PI * w[n - 1]) ** 2)
    return f


def griewank(s):
    def f(x):
        total, product = 0.0, 1.0
        for i in range(len(x)):
            z = x[i] - s[i]
            total += z * z / 4000
            product *= math.cos(z / math.sqrt(i + 1))
        return 1 + total - product
    return f


def michalewicz(x):
    total = 0.0
    for i in range(len(x)):
        total -= math.sin(x[i]) * math.sin((i + 1) * x[i] * x[i] / PI) ** 20
    return total


def styblinski_tang(s):
    def f(x):
        total = 0.0
        for i in range(len(x)):
            z = x[i] - s[i]
            total += z ** 4 - 16 * z * z + 5 * z
        return total / 2
    return f


ST_T = -2.903534027771178


def zakharov(s):
    def f(x):
        a, b = 0.0, 0.0
        for i in range(len(x)):
            z = x[i] - s[i]
            a += z * z
            b += 0.5 * (i + 1) * z
        return a + b * b + b ** 4
    return f


def dixon_price(x):
    total = (x[0] - 1) ** 2
    for i in range(1, len(x)):
        total += (i + 1) * (2 * x[i] * x[i] - x[i - 1]) ** 2
    return total


def powell(s):
    def f(x):
        z = [x[i] - s[i] for i in range(len(x))]
        total = 0.0
        for k in range(0, len(z), 4):
            a, b, c, d = z[k], z[k + 1], z[k + 2], z[k + 3]
            total += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4
        return total
    return f


def trid(x):
    total = 0.0
    for i in range(len(x)):
        total += (x[i] - 1) ** 2
        if i > 0:
            total -= x[i] * x[i - 1]
    return total


def alpine(s):
    def f(x):
        total = 0.0
        for i in range(len(x)):
            z = x[i] - s[i]
            total += abs(z * math.sin(z) + 0.1 * z)
        return total
    return f


def bukin6(x):
    return 100 * math.sqrt(abs(x[1] - 0.01 * x[0] * x[0])) + 0.01 * abs(x[0] + 10)


def eggholder(x):
    a, b = x[0], x[1]
    return -(b + 47) * math.sin(math.sqrt(abs(b + a / 2 + 47))) - a * math.sin(math.sqrt(abs(a - (b + 47))))


def holder_table(x):
    a, b = x[0], x[1]
    return -abs(math.sin(a) * math.cos(b) * math.exp(abs(1 - math.sqrt(a * a + b * b) / PI)))


def sharp_ridge(s, r):
    def f(x):
        n = len(x)
        d = [x[j] - s[j] for j in range(n)]
        z = []
        for i in range(n):
            v = 0.0
            for j in range(n):
                v += r[i][j] * d[j]
            z.append(v)
        rest = 0.0
        for i in range(1, n):
            rest += z[i] * z[i]
        return z[0] * z[0] + 100 * math.sqrt(rest)
    return f


# ---------------------------------------------------------------------------
# Mixed integer / categorical
# ---------------------------------------------------------------------------

INT_COUPLED_C = [13, 4, 9, 16, 7, 11]


def coupled_matrix(seed, n):
    """A = L L^T / n + 0.05 I with L from the LCG in [-1, 1]: positive definite, strongly coupled."""
    u = lcg_values(seed, n * n)
    low = [[2 * u[i * n + j] - 1 for j in range(n)] for i in range(n)]
    a = []
    for i in range(n):
        row = []
        for j in range(n):
            v = 0.0
            for k in range(n):
                v += low[i][k] * low[j][k]
            row.append(v / n + (0.05 if i == j else 0.0))
        a.append(row)
    return a


INT_COUPLED_A = coupled_matrix(31, 6)


def int_coupled(x):
    d = [x[i] - INT_COUPLED_C[i] for i in range(6)]
    total = 0.0
    for i in range(6):
        for j in range(6):
            total += d[i] * INT_COUPLED_A[i][j] * d[j]
    return total


TRAP_T = [1, 3, 2, 4, 0, 3]


def int_trap(x):
    """Two blocks of three integers in 0..4: a block costs 0 at its target, otherwise
    1.3 - 0.1 * (its L1 distance to the target), so that moving away looks better."""
    total = 0.0
    for block in range(2):
        u = 0
        for j in range(3 * block, 3 * block + 3):
            u += abs(int(x[j]) - TRAP_T[j])
        total += 0.0 if u == 0 else 1.3 - 0.1 * u
    return total


CAT_BASE = [[0.9, 0.4, 1.1], [0.5, 0.8, 0.0], [0.2, 1.0, 0.7], [1.2, 0.3, 0.6]]
CAT_T2 = [3, 9, 6, 11]
CAT_T3 = [2, 7, 5]
CAT_C4 = [0.15, 0.8, 0.45]
CAT_C5 = [-1.1, 0.6, 1.4, -0.3]
CAT_SCALE = [1.0, 4.0, 0.5, 2.0]


def cat_interact(x):
    """Two categories (4 and 3 levels) that pick the base cost, the integers' targets and
    the centre and scale of a coupled bowl in two continuous coordinates."""
    a, b = int(x[0]), int(x[1])
    p, q = x[4] - CAT_C4[b], x[5] - CAT_C5[a]
    bowl = CAT_SCALE[a] * (p * p + 0.3 * q * q + 0.4 * p * q)
    return CAT_BASE[a][b] + 0.04 * (x[2] - CAT_T2[a]) ** 2 + 0.03 * (x[3] - CAT_T3[b]) ** 2 + bowl


# ---------------------------------------------------------------------------
# Model tuning response surfaces
# ---------------------------------------------------------------------------


def ridge_data():
    """48 rows of 4 features in [-1, 1] and a target with curvature, an interaction and
    noise, all from the LCG."""
    u = lcg_values(41, 48 * 5)
    xs, ys = [], []
    for r in range(48):
        f = [2 * u[r * 5 + j] - 1 for j in range(4)]
        noise = u[r * 5 + 4] - 0.5
        xs.append(f)
        ys.append(1.5 * f[0] - 2 * f[1] * f[1] + 0.8 * f[0] * f[2] + math.sin(2 * f[3]) + 1.6 * noise)
    return xs, ys


RIDGE_X, RIDGE_Y = ridge_data()


def ridge_features(f, degree, pairs):
    row = [1.0]
    for j in range(4):
        p = 1.0
        for _ in range(degree):
            p *= f[j]
            row.append(p)
    if pairs:
        for i in range(4):
            for j in range(i + 1, 4):
                row.append(f[i] * f[j])
    return row


def solve(a, b):
    """Gaussian elimination with partial pivoting (a is changed)."""
    n = len(b)
    for c in range(n):
        pivot = c
        for r in range(c + 1, n):
            if abs(a[r][c]) > abs(a[pivot][c]):
                pivot = r
        a[c], a[pivot] = a[pivot], a[c]
        b[c], b[pivot] = b[pivot], b[c]
        for r in range(c + 1, n):
            m = a[r][c] / a[c][c]
            for k in range(c, n):
                a[r][k] -= m * a[c][k]
            b[r] -= m * b[c]
    w = [0.0] * n
    for c in range(n - 1, -1, -1):
        s = b[c]
        for k in range(c + 1, n):
            s -= a[c][k] * w[k]
        w[c] = s / a[c][c]
    return w


def ridge_cv(x):
    """4-fold cross-validated RMSE of ridge regression: log10 alpha, polynomial degree of
    each feature, pairwise products (category)."""
    alpha, degree, pairs = 10 ** x[0], int(x[1]), int(x[2]) == 1
    rows = [ridge_features(f, degree, pairs) for f in RIDGE_X]
    m = len(rows[0])
    squared = 0.0
    for fold in range(4):
        a = [[0.0] * m for _ in range(m)]
        b = [0.0] * m
        for r in range(48):
            if r % 4 == fold:
                continue
            row = rows[r]
            for i in range(m):
                b[i] += row[i] * RIDGE_Y[r]
                for j in range(m):
                    a[i][j] += row[i] * row[j]
        for i in range(1, m):
            a[i][i] += alpha
        w = solve(a, b)
        for r in range(fold, 48, 4):
            p = 0.0
            for i in range(m):
                p += w[i] * rows[r][i]
            squared += (p - RIDGE_Y[r]) ** 2
    return math.sqrt(squared / 48)


def sigmoid(t):
    return 1 / (1 + math.exp(-t))


MLP_LR = [-1.3, -1.9, -3.1, -3.0]
MLP_BASE = [0.09, 0.06, 0.045, 0.04]


def mlp_surface(x):
    """Validation error of a network-like model: log10 learning rate, log10 weight decay,
    log2 width, depth, optimizer (sgd, momentum, adam, adamw), dropout."""
    lr, wd, width, depth, kind, dropout = x[0], x[1], x[2], x[3], int(x[4]), x[5]
    best = MLP_LR[kind] - 0.15 * (depth - 3)
    d = lr - best
    err = MLP_BASE[kind] + (0.02 if d < 0 else 0.06) * d * d + 0.5 * sigmoid(6 * (d - 1.2))
    capacity = width + 0.8 * depth
    err += 0.004 * (capacity - 11.5) ** 2
    effective = wd + (1.0 if kind == 3 else 0.0)
    regular = sigmoid(2 * (effective + 4)) + 2 * dropout
    err += 0.012 * max(0.0, capacity - 9) * math.exp(-regular)
    err += 0.03 * max(0.0, effective + 2.5) ** 2 + 0.1 * max(0.0, dropout - 0.05 * depth) ** 2
    return err


GBM_BASE = [0.0, 0.012, 0.02]


def gbm_surface(x):
    """Validation loss of a boosting-like model: log10 learning rate, trees (x50), depth,
    log2 min child weight, subsample, booster (gbtree, dart, goss)."""
    lr, trees, depth, child, sub, kind = x[0], x[1] * 50, x[2], x[3], x[4], int(x[5])
    steps = 10 ** lr * trees * (1 + 0.15 * depth)
    fit = 0.35 * math.exp(-steps / (40 + 8 * kind))
    complexity = depth * (1 - 0.11 * child) * (0.6 + 0.4 * sub)
    bias = 0.006 * max(0.0, 5 - complexity) ** 2
    over = 0.0015 * max(0.0, complexity - 2.5) ** 2 * math.log(1 + steps / 80)
    noise = 0.06 * (sub - 0.75) ** 2 + 0.12 * max(0.0, 0.6 - sub) ** 2 + 0.004 * abs(lr + 1.2) ** 1.5
    return 0.2 + GBM_BASE[kind] + fit + bias + over + noise + 0.002 * (child - 2) ** 2


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------

# f* and minimisers found by Scripts/heldout/find-minima.py (see there).
FOUND = {
    'michalewicz5': [2.20290552017092, 1.5707963267978462, 1.2849915705439787, 1.9230584698587243, 1.720469772561898],  # f* = -4.68765817908815
    'eggholder': [512.0, 404.23180516924447],  # f* = -959.640662720851
    'holder_table': [8.055023481582236, -9.664590019132069],  # f* = -19.2085025678868
    'ridge_cv': [-1.1453459384454634, 3.0, 0.0],  # f* = 0.619816729044234
    'mlp_surface': [-3.3431674378460015, -3.492468184380003, 7.0, 5.0, 3.0, 0.3007029018499127],  # f* = 0.046654287529526
    'gbm_surface': [-0.8937871137369409, 20.0, 6.0, 2.0, 0.7742987425978034, 0.0],  # f* = 0.211294271504677
}


def _problems():
    P = []

    def add(name, lower, upper, types, f, x_min, note, f_min=None):
        fm = f(x_min) if f_min is None else f_min
        P.append(Problem(name, len(lower), [float(v) for v in lower], [float(v) for v in upper],
                         list(types), f, fm, [float(v) for v in x_min], note))

    s = offsets(101, 5, -10, 10)
    add("levy5", [-10] * 5, [10] * 5, "R" * 5, levy(s), s, "continuous: Levy, shifted; f* = 0 at the shift", 0.0)
    s = offsets(102, 8, -50, 50)
    add("griewank8", [-50] * 8, [50] * 8, "R" * 8, griewank(s), s, "continuous: Griewank, shifted; f* = 0 at the shift")
    found = FOUND.get("michalewicz5")
    if found:
        add("michalewicz5", [0.3] * 5, [PI] * 5, "R" * 5, michalewicz, found,
            "continuous: Michalewicz m=10 on [0.3, pi]; separable, f* by a dense 1-D search per coordinate")
    t = [ST_T + v for v in offsets(103, 7, -0.8, 0.8)]
    add("styblinski_tang7", [-5] * 7, [5] * 7, "R" * 7,
        styblinski_tang([v - ST_T for v in t]), t, "continuous: Styblinski-Tang, shifted; f* = 7 x the 1-D minimum")
    s = offsets(104, 6, -5, 10)
    add("zakharov6", [-5] * 6, [10] * 6, "R" * 6, zakharov(s), s, "continuous: Zakharov, shifted; f* = 0 at the shift")
    add("dixon_price5", [-10] * 5, [10] * 5, "R" * 5, dixon_price,
        [2 ** (-(2 ** i - 2) / 2 ** i) for i in range(1, 6)], "continuous: Dixon-Price; f* = 0 (analytic)", 0.0)
    s = offsets(105, 8, -4, 5)
    add("powell8", [-4] * 8, [5] * 8, "R" * 8, powell(s), s, "continuous: Powell, shifted; f* = 0 at the shift")
    add("trid6", [-36] * 6, [36] * 6, "R" * 6, trid, [i * (7 - i) for i in range(1, 7)],
        "continuous: Trid; f* = -50 (analytic)")
    s = offsets(106, 10, -10, 10)
    add("alpine10", [-10] * 10, [10] * 10, "R" * 10, alpine(s), s, "continuous: Alpine 1, shifted; f* = 0 at the shift")
    add("bukin6", [-15, -3], [-5, 3], "RR", bukin6, [-10, 1], "continuous: Bukin 6; f* = 0 (analytic)")
    found = FOUND.get("eggholder")
    if found:
        add("eggholder", [-512, -512], [512, 512], "RR", eggholder, found,
            "continuous: Eggholder; f* by a local refinement of the literature's minimiser")
    found = FOUND.get("holder_table")
    if found:
        add("holder_table", [-10, -10], [10, 10], "RR", holder_table, found,
            "continuous: Holder table; f* by a local refinement of the literature's minimiser")
    s = offsets(107, 5, -5, 5)
    add("sharp_ridge5", [-5] * 5, [5] * 5, "R" * 5, sharp_ridge(s, rotation(108, 5)), s,
        "continuous: BBOB sharp ridge, rotated and shifted; f* = 0 at the shift")

    add("int_coupled6", [0] * 6, [20] * 6, "I" * 6, int_coupled, INT_COUPLED_C,
        "mixed: coupled integer quadratic (A positive definite); f* = 0 at its centre")
    add("int_trap6", [0] * 6, [4] * 6, "I" * 6, int_trap, TRAP_T,
        "mixed: deceptive integer trap, two blocks of three; f* = 0 at the targets")
    add("cat_interact", [0, 0, 1, 0, 0, -2], [3, 2, 12, 8, 1, 2], "CCIIRR", cat_interact,
        [1, 2, CAT_T2[1], CAT_T3[2], CAT_C4[2], CAT_C5[1]],
        "mixed: two interacting categories, two integers, a bowl; f* = 0 (analytic)")

    for name, lower, upper, types, f, note in (
            ("ridge_cv", [-6, 1, 0], [2, 4, 1], "RIC", ridge_cv,
             "model: 4-fold CV RMSE of ridge regression (log10 alpha, degree, pairwise products)"),
            ("mlp_surface", [-5, -7, 4, 1, 0, 0], [-0.5, -1, 10, 6, 3, 0.6], "RRIICR", mlp_surface,
             "model: network-like validation error (log10 lr, log10 wd, log2 width, depth, optimizer, dropout)"),
            ("gbm_surface", [-3, 1, 2, 0, 0.4, 0], [0, 20, 10, 5, 1, 2], "RIIIRC", gbm_surface,
             "model: boosting-like validation loss (log10 lr, trees/50, depth, log2 min child, subsample, booster)")):
        found = FOUND.get(name)
        if found:
            add(name, lower, upper, types, f, found, note + "; f* by find-minima.py's dense search")
    return P


PROBLEMS = {p.name: p for p in _problems()}
ALL_NAMES = list(PROBLEMS.keys())


def get(name):
    """A held-out problem; a suite name too (peers_bench.py warms up on branin), though
    ALL_NAMES lists only the held-out ones."""
    return PROBLEMS[name] if name in PROBLEMS else _suite.get(name)


def main(argv):
    return _suite.main(argv, PROBLEMS, get, __doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
