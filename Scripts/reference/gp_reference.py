"""Reference values for the Gaussian process algebra of hporun's `bo` method
(Tests/HPOKitTests/Optimize/GPAlgebraTests.swift holds the numbers this prints).

The kernel is computed independently of hporun's closed forms: a Matern kernel through the
modified Bessel function (scipy.special.kv), the RBF directly; the Cholesky factor by
scipy.linalg.cholesky, solves by scipy.linalg.cho_solve; the gradient of the log marginal
likelihood by central differences. Run with numpy and scipy available:

    /tmp/hporun-peers-venv/bin/python Scripts/reference/gp_reference.py
"""
import numpy as np
from scipy.linalg import cholesky, cho_solve
from scipy.special import gamma, kv

# Six points: two numeric unit-box coordinates and one categorical label (Hamming distance).
X = np.array([[0.10, 0.20, 0], [0.40, 0.90, 1], [0.75, 0.30, 0], [0.95, 0.85, 2], [0.50, 0.50, 1], [0.20, 0.70, 2]])
Y = np.array([0.3, -1.2, 0.8, 1.5, -0.4, 0.1])
TEST = np.array([[0.30, 0.40, 0], [0.80, 0.60, 1]])
CATEGORICAL = np.array([False, False, True])
LENGTHS = np.array([0.3, 0.5, 0.8])
SIGNAL, NOISE = 1.3, 0.01


def r2(a, b, lengths):
    diff = a - b
    s = np.where(CATEGORICAL, (diff != 0).astype(float), diff * diff)
    return float(np.sum(s / lengths ** 2))


def shape(family, squared):
    r = np.sqrt(squared)
    if family == "rbf":
        return np.exp(-0.5 * squared)
    nu = family
    if r == 0:
        return 1.0
    z = np.sqrt(2 * nu) * r
    return 2 ** (1 - nu) / gamma(nu) * z ** nu * kv(nu, z)


def covariance(family, A, B, lengths, signal):
    return np.array([[signal * shape(family, r2(a, b, lengths)) for b in B] for a in A])


def lml(family, theta):
    d = len(theta) - 2
    lengths, signal, noise = np.exp(theta[:d]), np.exp(theta[d]), np.exp(theta[d + 1])
    K = covariance(family, X, X, lengths, signal) + noise * np.eye(len(X))
    L = cholesky(K, lower=True)
    alpha = cho_solve((L, True), Y)
    return -0.5 * Y @ alpha - np.sum(np.log(np.diag(L))) - 0.5 * len(X) * np.log(2 * np.pi)


def literal(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


for family in [0.5, 1.5, 2.5, "rbf"]:
    theta = np.concatenate([np.log(LENGTHS), [np.log(SIGNAL), np.log(NOISE)]])
    K = covariance(family, X, X, LENGTHS, SIGNAL) + NOISE * np.eye(len(X))
    L = cholesky(K, lower=True)
    alpha = cho_solve((L, True), Y)
    Ks = covariance(family, TEST, X, LENGTHS, SIGNAL)
    mean = Ks @ alpha
    v = np.linalg.solve(L, Ks.T)
    var = SIGNAL - np.sum(v * v, axis=0)
    h = 1e-6
    grad = [(lml(family, theta + h * e) - lml(family, theta - h * e)) / (2 * h) for e in np.eye(len(theta))]
    print(f"family {family}")
    print("  choleskyDiagonal:", literal(np.diag(L)))
    print("  choleskyRow5:", literal(L[5]))
    print("  logMarginalLikelihood:", repr(float(lml(family, theta))))
    print("  gradient:", literal(grad))
    print("  mean:", literal(mean))
    print("  variance:", literal(var))
