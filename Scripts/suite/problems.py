#!/usr/bin/env python3
"""hporun's optimizer suite: the problems `make bench-suite` measures hporun's optimizers
and the peers on (Sources/OptimizerBench/Suite*.swift has the same definitions in Swift;
the test SuiteProblemTests checks both give the same values at the same points).

Shape of ../shared/peers/functions.py (a `Problem` per problem, ALL_NAMES, get(name)), so
    peers_bench.py run --problems-module Scripts/suite/problems.py ...
runs the peers on it. Pure Python (math only): no numpy needed to evaluate.

Families (each problem's `note` names it):
- rbfopt: RBFOpt's test collection (rbfopt_test_functions.py in coin-or/rbfopt) where the
  problem is a box of continuous / integer / categorical variables: the Dixon-Szego set,
  GlobalLib ex*, least, rbrock, perm, the MINLPLib gear/nvs/prob/st_* problems (their
  constraints as the collection's penalties) and its categorical variants;
- bbob: sphere, ellipsoid, Rastrigin, Schwefel 2.26, Rosenbrock and a step ellipsoid in 2, 5
  and 10 D, shifted so that no optimum sits at the box midpoint; Ackley 5-D shifted;
- basins: Schoen-style functions of our own (several narrow basins; centres from a fixed
  64-bit LCG, so both languages generate the same ones);
- mixed: integer and categorical problems of our own.

Variables: 'R' continuous in [lower, upper]; 'I' integer in [lower, upper]; 'C' categorical,
integer-coded 0..L-1 with bounds [0, L-1].

    python3 problems.py --values < points.jsonl   # {"name":..., "x":[...]} per line -> value per line
    python3 problems.py --describe                  # one JSON line per problem (bounds, kinds, f_min, x_min)
    python3 problems.py --check                     # f(x_min) against f_min for every problem
"""

import json
import math
import sys
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence


@dataclass
class Problem:
    name: str
    dim: int
    lower: List[float]
    upper: List[float]
    var_types: List[str]
    f: Callable[[List[float]], float]
    f_min: float
    x_min: Optional[List[float]] = None
    note: str = ""
    levels: dict = field(default_factory=dict)

    def __call__(self, x: Sequence[float]) -> float:
        return float(self.f([float(v) for v in x]))

    def describe(self) -> dict:
        return {
            "name": self.name, "dim": self.dim, "lower": list(self.lower),
            "upper": list(self.upper), "var_types": list(self.var_types),
            "f_min": self.f_min, "x_min": self.x_min, "note": self.note,
            "levels": {str(k): v for k, v in self.levels.items()},
        }


PI = math.pi

# ---------------------------------------------------------------------------
# RBFOpt's collection
# ---------------------------------------------------------------------------


def branin(x):
    inner = x[1] - 5.1 / (4 * PI * PI) * x[0] * x[0] + 5 / PI * x[0] - 6
    return inner * inner + 10 * (1 - 1 / (8 * PI)) * math.cos(x[0]) + 10


def goldstein_price(x):
    a, b = x[0], x[1]
    first = 1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a * a - 14 * b + 6 * a * b + 3 * b * b)
    second = 30 + (2 * a - 3 * b) ** 2 * (18 - 32 * a + 12 * a * a + 48 * b - 36 * a * b + 27 * b * b)
    return first * second


def camel6(x):
    a, b = x[0], x[1]
    return (4 - 2.1 * a * a + a ** 4 / 3) * a * a + a * b + (-4 + 4 * b * b) * b * b


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]]
H3_P = [[0.3689, 0.1170, 0.2673], [0.4699, 0.4387, 0.7470], [0.1091, 0.8732, 0.5547], [0.03815, 0.5743, 0.8828]]
H6_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
H6_P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
        [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
# Weights of the categorical Hartmann variants, one row per category.
H3_CAT_C = [[3.2, 2.5, 0.2, 0.7], [1.0, 1.2, 3.0, 3.2], [2.2, 1.2, 3.1, 1.7], [0.1, 2.1, 0.3, 3.7], [1.8, 0.4, 3.1, 2.4]]
H6_CAT_C = [[1.0, 1.2, 3.0, 3.2], [3.2, 2.5, 0.2, 0.7], [2.2, 1.2, 3.1, 1.7], [0.1, 2.1, 0.3, 3.7], [1.8, 0.4, 3.1, 2.4]]


def hartmann_sum(x, alpha, a, p):
    total = 0.0
    for i in range(len(alpha)):
        exponent = 0.0
        for j in range(len(x)):
            d = x[j] - p[i][j]
            exponent += a[i][j] * d * d
        total += alpha[i] * math.exp(-exponent)
    return total


SHEKEL_A = [[4, 4, 4, 4], [1, 1, 1, 1], [8, 8, 8, 8], [6, 6, 6, 6], [3, 7, 3, 7],
            [2, 9, 2, 9], [5, 5, 3, 3], [8, 1, 8, 1], [6, 2, 6, 2], [7, 3.6, 7, 3.6]]
SHEKEL_C = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5]


def shekel(m):
    def f(x):
        total = 0.0
        for i in range(m):
            s = SHEKEL_C[i]
            for j in range(4):
                d = x[j] - SHEKEL_A[i][j]
                s += d * d
            total += 1 / s
        return -total
    return f


def ex4_1_1(x):
    t = x[0]
    return t ** 6 - 52 / 25 * t ** 5 + 39 / 80 * t ** 4 + 71 / 10 * t ** 3 - 79 / 20 * t ** 2 - t + 0.1


def ex8_1_1(x):
    return math.cos(x[0]) * math.sin(x[1]) - x[0] / (x[1] * x[1] + 1)


def ex8_1_4(x):
    a, b = x[0], x[1]
    return 12 * a * a - 6.3 * a ** 4 + a ** 6 - 6 * a * b + 6 * b * b


def least(x):
    total = 0.0
    for target, rate in ((127, -5), (151, -3), (379, -1), (421, 5), (460, 3), (426, 1)):
        r = target - x[1] * math.exp(rate * x[2]) - x[0]
        total += r * r
    return total


def rbrock(x):
    return 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2


def perm6(x):
    total = 0.0
    for k in range(6):
        inner = 0.0
        for i in range(6):
            inner += ((i + 1) ** k + 60) * ((x[i] / (i + 1)) ** k - 1)
        total += inner * inner
    return total + 1000


def perm0_8(x):
    total = 0.0
    for k in range(8):
        inner = 0.0
        for i in range(8):
            inner += (i + 1 + 100) * (x[i] ** k - (1 / (i + 1)) ** k)
        total += inner * inner
    return total + 1000


def gear(x):
    return (0.14427932477276 - x[0] * x[1] / (x[2] * x[3])) ** 2


def gear4(x):
    ratio = 1000000 * x[0] * x[1] / (x[2] * x[3])
    value = -ratio + 2 * x[4] + 144279.32477276
    return value + 10 * max(0.0, -(-ratio + x[4] + 144279.32477276))


def nvs03(x):
    value = (x[0] - 8) ** 2 + (x[1] - 2) ** 2
    value += 100 * max(0.0, -(-0.1 * x[0] * x[0] + x[1]))
    value += 100 * max(0.0, -(-0.333333333333333 * x[0] - x[1] + 4.5))
    return value


def nvs04(x):
    return 100 * (0.5 + x[1] - (0.6 + x[0]) ** 2) ** 2 + (0.4 - x[0]) ** 2


def nvs06(x):
    a, b = x[0], x[1]
    return 0.1 * (a * a + (1 + b * b) / (a * a) + (100 + a * a * b * b) / (a * b) ** 4) + 1.2


def nvs07(x):
    value = 2 * x[1] * x[1] + x[0] + 5 * x[2]
    value += 10 * max(0.0, -(x[2] * x[2] * x[1] + 5 * x[2] + 3 * x[0] - 10))
    value += 10 * max(0.0, -(x[0] - x[2] - 2.66))
    return value


def nvs09(x):
    total, product = 0.0, 1.0
    for v in x:
        total += math.log(v - 2) ** 2 + math.log(10 - v) ** 2
        product *= v
    return total - product ** 0.2


def nvs15(x):
    value = 2 * x[0] ** 2 - 8 * x[0] + 2 * x[1] ** 2 - 6 * x[1] + x[2] ** 2 - 4 * x[2] + 2 * x[0] * x[1] + 2 * x[0] * x[2] + 9
    return value + 10 * max(0.0, -(-x[0] - x[1] - 2 * x[2] + 3))


def nvs16(x):
    a, b = x[0], x[1]
    return (1.5 - a * (1 - b)) ** 2 + (2.25 - a * (1 - b * b)) ** 2 + (2.625 - a * (1 - b ** 3)) ** 2


def prob03(x):
    return 3 * x[0] + 2 * x[1] + 10 * max(0.0, -(x[0] * x[1] - 3.5))


def st_miqp1(x):
    value = 50 * x[0] ** 2 + 42 * x[0] + 50 * x[1] ** 2 + 44 * x[1] + 50 * x[2] ** 2 + 45 * x[2] \
        + 50 * x[3] ** 2 + 47 * x[3] + 50 * x[4] ** 2 + 47.5 * x[4]
    return value + 100 * max(0.0, -(20 * x[0] + 12 * x[1] + 11 * x[2] + 7 * x[3] + 4 * x[4] - 40))


def st_miqp3(x):
    return 6 * x[0] * x[0] - 3 * x[1] + 10 * max(0.0, -(4 * x[0] - x[1]))


def st_test1(x):
    value = 50 * x[0] ** 2 + 42 * x[0] + 50 * x[1] ** 2 - 44 * x[1] + 50 * x[3] ** 2 - 47 * x[3] \
        + 50 * x[4] ** 2 - 47.5 * x[4] + 45 * x[2]
    return value + 10 * max(0.0, -(-20 * x[0] - 12 * x[1] - 11 * x[2] - 7 * x[3] - 4 * x[4] + 40))


def _trig(kind, t):
    """The categorical variants' choices of a periodic function."""
    if kind == 0:
        return math.cos(t)
    if kind == 1:
        return math.sin(t)
    if kind == 2:
        return math.cos(t + PI / 4) ** 2
    return math.sin(t + PI / 4) ** 2


def branin_cat(x):
    inner = x[1] - 5.1 / (4 * PI * PI) * x[0] * x[0] + 5 / PI * x[0] - 6
    return inner * inner + 10 * (1 - 1 / (8 * PI)) * _trig(int(x[2]), x[0]) + 10


def hartmann3_cat(x):
    return -hartmann_sum(x[:3], H3_CAT_C[int(x[3])], H3_A, H3_P)


def hartmann6_cat(x):
    return -hartmann_sum(x[1:], H6_CAT_C[int(x[0])], H6_A, H6_P)


def ex8_1_1_cat(x):
    first = [math.sin, math.cos, lambda t: math.cos(t + PI / 4) ** 2, lambda t: math.sin(t + PI / 4) ** 2][int(x[2])]
    second = [lambda t: math.sin(t + PI / 4) ** 2, math.sin, lambda t: math.cos(t + PI / 4) ** 2, math.cos][int(x[3])]
    return first(x[0]) * second(x[1]) - x[0] / (x[1] * x[1] + 1)


def nvs07_cat(x):
    # The collection's categorical variable takes 2..4; here it is coded 0..2.
    kind = int(x[3])
    fun = [lambda t: (t - 1) ** 3, lambda t: math.exp(t / 50), lambda t: t * t][kind]
    value = 2 * fun(x[1]) + x[0] + 5 * x[2]
    value += 10 * max(0.0, -(fun(x[2]) * x[1] + 5 * x[2] + 3 * x[0] - 10))
    value += 10 * max(0.0, -(x[0] - x[2] - 2.66))
    return value


# ---------------------------------------------------------------------------
# BBOB-style, shifted
# ---------------------------------------------------------------------------


def shift(family, n, bound):
    """The optimum of a shifted function: off the midpoint in every coordinate, inside the box."""
    return [bound * (0.3 + 0.5 * abs(math.sin(1.7 * (i + 1) + 0.9 * family))) * (1 if (i + family) % 2 == 0 else -1)
            for i in range(n)]


def sphere(z):
    return sum(v * v for v in z)


def ellipsoid(z):
    n = len(z)
    return sum(10 ** (6 * i / (n - 1)) * z[i] * z[i] for i in range(n))


def rastrigin(z):
    return 10 * len(z) + sum(v * v - 10 * math.cos(2 * PI * v) for v in z)


def rosenbrock_z(z):
    # Minimum at z = 0: the chained Rosenbrock of z + 1.
    y = [v + 1 for v in z]
    return sum(100 * (y[i + 1] - y[i] * y[i]) ** 2 + (1 - y[i]) ** 2 for i in range(len(y) - 1))


def step_ellipsoid(z):
    n = len(z)
    return sum(10 ** (2 * i / (n - 1)) * math.floor(z[i] + 0.5) ** 2 for i in range(n))


SCHWEFEL_X = 420.9687462275036


def schwefel(x):
    return 418.9828872724338 * len(x) - sum(v * math.sin(math.sqrt(abs(v))) for v in x)


def ackley(z):
    n = len(z)
    return (-20 * math.exp(-0.2 * math.sqrt(sum(v * v for v in z) / n))
            - math.exp(sum(math.cos(2 * PI * v) for v in z) / n) + 20 + math.e)


def shifted(core, family, n, bound):
    s = shift(family, n, bound)
    return lambda x: core([x[i] - s[i] for i in range(n)])


# ---------------------------------------------------------------------------
# Several narrow basins (Schoen-style, of our own)
# ---------------------------------------------------------------------------

MASK = (1 << 64) - 1


def lcg_values(seed, count):
    """count numbers in [0, 1) from a 64-bit LCG (Knuth's MMIX constants), top 53 bits."""
    state = seed & MASK
    out = []
    for _ in range(count):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        out.append((state >> 11) / float(1 << 53))
    return out


def basins_data(seed, n, k):
    u = lcg_values(seed, k * n + k)
    centers = [[0.05 + 0.9 * u[i * n + j] for j in range(n)] for i in range(k)]
    values = [0.0] + [1 + 9 * u[k * n + i] for i in range(1, k)]
    return centers, values


def basins(seed, n, k):
    """sum_i f_i prod_{j != i} |x - z_j|^2 / sum_i prod_{j != i} |x - z_j|^2 (Schoen 1993):
    f_i at z_i, a basin around each, f* = 0 at z_0."""
    centers, values = basins_data(seed, n, k)

    def f(x):
        d = [sum((x[j] - c[j]) ** 2 for j in range(n)) for c in centers]
        numerator, denominator = 0.0, 0.0
        for i in range(k):
            product = 1.0
            for j in range(k):
                if j != i:
                    product *= d[j]
            numerator += values[i] * product
            denominator += product
        return numerator / denominator if denominator > 0 else values[d.index(min(d))]
    return f, centers[0]


# ---------------------------------------------------------------------------
# Mixed problems of our own
# ---------------------------------------------------------------------------


def mixed(x):
    a, b = x[0] - 0.3, x[1] - 0.7
    return 10 * (a * a + b * b + a * b) + 0.15 * (x[2] - 7) ** 2 + [1.0, 0.6, 0.0, 1.4][int(x[3])]


def hpo_like(x):
    """log10 learning rate, layers, width index, optimizer (3 choices), dropout."""
    kind = int(x[3])
    lr = x[0] - (-2.7 + 0.4 * kind)
    return ((1 + 0.5 * kind) * lr * lr + 0.08 * (x[1] - 3) ** 2 + 0.05 * (x[2] - 5) ** 2
            + 0.5 * (x[4] - 0.2) ** 2 * x[1] / 3 + [0.0, 0.15, 0.4][kind])


INT_RASTRIGIN_S = [2, -3, 1, 1.3, -2.2]


def int_rastrigin(x):
    return rastrigin([x[i] - INT_RASTRIGIN_S[i] for i in range(5)])


CAT_BOWL_C = [[1.2, -0.8, 0.5], [-0.6, 1.1, -1.3], [0.3, 0.9, 1.4]]


def cat_bowl(x):
    a, b = int(x[3]), int(x[4])
    c = CAT_BOWL_C[a]
    bowl = (1 + 0.3 * b) * (x[0] - c[0]) ** 2 + 2 * (x[1] - c[1]) ** 2 + 3 * (x[2] - c[2]) ** 2
    return bowl + [0.5, 0.0, 0.8][a] + [0.3, 0.6, 0.0][b]


# ---------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------


def _problems():
    P = []

    def add(name, lower, upper, types, f, f_min, x_min, note):
        P.append(Problem(name, len(lower), [float(v) for v in lower], [float(v) for v in upper],
                         list(types), f, f_min, x_min, note))

    add("branin", [-5, 0], [10, 15], "RR", branin, 0.39788735772973816, [PI, 2.275], "rbfopt: Dixon-Szego")
    add("goldstein_price", [-2, -2], [2, 2], "RR", goldstein_price, 3.0, [0, -1], "rbfopt: Dixon-Szego")
    add("camel6", [-3, -2], [3, 2], "RR", camel6, -1.0316284534898774, [0.0898420131, -0.7126564033],
        "rbfopt: Dixon-Szego")
    add("hartmann3", [0] * 3, [1] * 3, "RRR", lambda x: -hartmann_sum(x, H_ALPHA, H3_A, H3_P),
        -3.8627821478207514, [0.114614360348, 0.555648844331, 0.852546948415], "rbfopt: Dixon-Szego")
    add("hartmann6", [0] * 6, [1] * 6, "R" * 6, lambda x: -hartmann_sum(x, H_ALPHA, H6_A, H6_P),
        -3.3223680114155147, [0.20168952, 0.15001069, 0.47687398, 0.27533243, 0.31165162, 0.65730054],
        "rbfopt: Dixon-Szego")
    for m, fm, xm in ((5, -10.1531996790582, [4.00003715, 4.00013327, 4.00003715, 4.00013327]),
                      (7, -10.4029405668187, [4.00057291, 4.00068936, 3.99948971, 3.99960616]),
                      (10, -10.5364098166920, [4.00074671, 4.00059326, 3.99966290, 3.99950945])):
        add("shekel%d" % m, [0] * 4, [10] * 4, "RRRR", shekel(m), fm, xm, "rbfopt: Dixon-Szego")
    add("ex4_1_1", [-2], [11], "R", ex4_1_1, -7.4873123649023645, [-1.191299817965], "rbfopt: GlobalLib")
    add("ex8_1_1", [-1, -1], [2, 1], "RR", ex8_1_1, -2.021806783359787, [2.0, 0.105783463807], "rbfopt: GlobalLib")
    add("ex8_1_4", [-2, -5], [4, 2], "RR", ex8_1_4, 0.0, [0.0, 0.0], "rbfopt: GlobalLib")
    add("least", [0, -200, -5], [600, 200, 5], "RRR", least, 14085.139848928,
        [516.651174172, -149.351893696, -0.206642767973], "rbfopt: GlobalLib")
    add("rbrock", [-10, -10], [5, 10], "RR", rbrock, 0.0, [1.0, 1.0], "rbfopt: GlobalLib")
    add("perm_6", [-6] * 6, [6] * 6, "R" * 6, perm6, 1000.0, [1, 2, 3, 4, 5, 6], "rbfopt: Neumaier perm (6, 60)")
    add("perm0_8", [-1] * 8, [1] * 8, "R" * 8, perm0_8, 1000.0, [1 / (i + 1) for i in range(8)],
        "rbfopt: Neumaier perm0 (8, 100)")
    add("gear", [12] * 4, [60] * 4, "IIII", gear, 2.700857149068971e-12, [16, 19, 43, 49], "rbfopt: MINLPLib")
    add("gear4", [12, 12, 12, 12, 0], [60, 60, 60, 60, 100], "IIIIR", gear4, 1.6434284739,
        [19, 16, 43, 49, 1.64342847396619], "rbfopt: MINLPLib")
    add("nvs03", [0, 0], [200, 200], "II", nvs03, 16.0, [4, 2], "rbfopt: MINLPLib")
    add("nvs04", [0, 0], [200, 200], "II", nvs04, 0.72, [1, 2], "rbfopt: MINLPLib")
    add("nvs06", [1, 1], [200, 200], "II", nvs06, 1.7703125, [2, 2], "rbfopt: MINLPLib")
    add("nvs07", [0, 0, 0], [200, 200, 200], "III", nvs07, 4.0, [4, 0, 0], "rbfopt: MINLPLib")
    add("nvs09", [3] * 10, [9] * 10, "I" * 10, nvs09, -43.134336918035, [9] * 10, "rbfopt: MINLPLib")
    add("nvs15", [0, 0, 0], [200, 200, 200], "III", nvs15, 1.0, [2, 0, 0], "rbfopt: MINLPLib")
    add("nvs16", [0, 0], [200, 200], "II", nvs16, 0.703125, [2, 0], "rbfopt: MINLPLib")
    add("prob03", [1, 1], [5, 5], "II", prob03, 10.0, [2, 2], "rbfopt: MINLPLib")
    add("st_miqp1", [0] * 5, [1] * 5, "IIIII", st_miqp1, 281.0, [1, 1, 1, 0, 0], "rbfopt: MINLPLib")
    add("st_miqp3", [0, 0], [3, 50], "II", st_miqp3, -6.0, [1, 4], "rbfopt: MINLPLib")
    add("st_test1", [0] * 5, [1] * 5, "IIIII", st_test1, 0.0, [0, 0, 0, 0, 0], "rbfopt: MINLPLib")
    add("branin_cat", [-5, 0, 0], [10, 15, 3], "RRC", branin_cat, 0.39788735772973816, [PI, 2.275, 0],
        "rbfopt: categorical variant")
    add("hartmann3_cat", [0, 0, 0, 0], [1, 1, 1, 4], "RRRC", hartmann3_cat, -4.822789823171662,
        [0.157630093065, 0.536580124887, 0.844079177539, 3], "rbfopt: categorical variant")
    add("hartmann6_cat", [0] * 7, [4] + [1] * 6, "C" + "R" * 6, hartmann6_cat, -3.962317407691032,
        [2, 0.177405923548, 0.153671019515, 0.516703102387, 0.256467864555, 0.323042600488, 0.646352191585], "rbfopt: categorical variant")
    add("ex8_1_1_cat", [-1, -1, 0, 0], [2, 1, 3, 3], "RRCC", ex8_1_1_cat, -2.4161468365471426,
        [2.0, 0.0, 1, 3], "rbfopt: categorical variant")
    add("nvs07_cat", [0, 0, 0, 0], [200, 200, 200, 2], "IIIC", nvs07_cat, 2.0, [4, 0, 0, 0],
        "rbfopt: categorical variant (category coded 0..2)")

    for family, (label, core, bound) in enumerate((("sphere", sphere, 5.0), ("ellipsoid", ellipsoid, 5.0),
                                                   ("rastrigin", rastrigin, 5.0), ("rosenbrock", rosenbrock_z, 5.0),
                                                   ("step_ellipsoid", step_ellipsoid, 5.0))):
        for n in (2, 5, 10):
            s = shift(family, n, 0.7 * bound)
            add("%s%d" % (label, n), [-bound] * n, [bound] * n, "R" * n, shifted(core, family, n, 0.7 * bound),
                0.0, s, "bbob: shifted")
    for n in (2, 5, 10):
        # Schwefel 2.26: its optimum (420.97 in every coordinate) is off the midpoint already.
        add("schwefel%d" % n, [-500] * n, [500] * n, "R" * n, schwefel, schwefel([SCHWEFEL_X] * n),
            [SCHWEFEL_X] * n, "bbob: Schwefel 2.26")
    add("ackley5", [-5] * 5, [5] * 5, "R" * 5, shifted(ackley, 7, 5, 3.0), 0.0, shift(7, 5, 3.0),
        "bbob: shifted Ackley")

    for name, seed, n, k in (("basins4a", 11, 4, 12), ("basins4b", 12, 4, 20), ("basins6", 13, 6, 24)):
        f, z0 = basins(seed, n, k)
        add(name, [0] * n, [1] * n, "R" * n, f, 0.0, z0, "basins: %d Schoen-style basins in %d-D" % (k, n))

    add("mixed", [0, 0, 0, 0], [1, 1, 9, 3], "RRIC", mixed, 0.0, [0.3, 0.7, 7, 2], "mixed: bowl, integer, category")
    add("hpo_like", [-5, 1, 0, 0, 0], [-1, 6, 7, 2, 0.6], "RIICR", hpo_like, 0.0, [-2.7, 3, 5, 0, 0.2],
        "mixed: a learning rate, layers, width, optimizer, dropout")
    add("int_rastrigin", [-5] * 5, [5] * 5, "IIIRR", int_rastrigin, 0.0, INT_RASTRIGIN_S,
        "mixed: Rastrigin, 3 integer coordinates")
    add("cat_bowl", [-2, -2, -2, 0, 0], [2, 2, 2, 2, 2], "RRRCC", cat_bowl, 0.0, [-0.6, 1.1, -1.3, 1, 2],
        "mixed: a bowl whose centre the category moves")
    return P


PROBLEMS = {p.name: p for p in _problems()}
ALL_NAMES = list(PROBLEMS.keys())


def get(name: str) -> Problem:
    return PROBLEMS[name]


def main(argv, problems=None, lookup=None, doc=None):
    """The command line of this module and of Scripts/heldout/problems.py (its own problems,
    name lookup and docstring)."""
    problems = PROBLEMS if problems is None else problems
    lookup = lookup or get
    if "--values" in argv:
        for line in sys.stdin:
            if line.strip():
                request = json.loads(line)
                print(repr(lookup(request["name"])(request["x"])))
        return 0
    if "--describe" in argv:
        for p in problems.values():
            print(json.dumps(p.describe()))
        return 0
    if "--check" in argv:
        for p in problems.values():
            fx = p(p.x_min)
            print("%-16s dim=%-2d f_min=% .12g f(x_min)=% .12g diff=%.2e"
                  % (p.name, p.dim, p.f_min, fx, (fx - p.f_min) / max(1, abs(p.f_min))))
        print("%d problems" % len(problems))
        return 0
    print(doc or __doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
