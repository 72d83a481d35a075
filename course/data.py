"""Seeded data sets, all generated or bundled: nothing is downloaded.

2-D toy sets return ``X (N, 2) float64`` and ``y (N,) int`` labels in
{0, ..., K-1}; images are ``(N, 1, 8, 8)`` in [0, 1]; sequences are
``(N, T, D)``.
"""
from pathlib import Path

import numpy as np

__all__ = ["spirals", "moons", "circles", "xor", "blobs", "linearly_separable",
           "digits", "adding_problem", "char_corpus", "one_hot"]


def _at_least(name, value, low):
    if not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")


def spirals(n=300, classes=3, noise=0.2, seed=0):
    """K interleaved spiral arms (CS231n's classic): not linearly separable."""
    _at_least("classes", classes, 2)
    _at_least("n", n, classes)
    rng = np.random.default_rng(seed)
    per = n // classes
    X, y = np.zeros((per * classes, 2)), np.zeros(per * classes, dtype=int)
    for k in range(classes):
        r = np.linspace(0.0, 1.0, per)
        t = np.linspace(k * 4.0, (k + 1) * 4.0, per) + rng.standard_normal(per) * noise
        X[k * per:(k + 1) * per] = np.c_[r * np.sin(t), r * np.cos(t)]
        y[k * per:(k + 1) * per] = k
    return X, y


def moons(n=200, noise=0.1, seed=0):
    """Two interleaving half circles (as scikit-learn's make_moons)."""
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, np.pi, n)
    y = rng.integers(0, 2, n)
    X = np.where(y[:, None] == 0, np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + noise * rng.standard_normal(X.shape), y


def circles(n=200, noise=0.05, factor=0.5, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    t = rng.uniform(0, 2 * np.pi, n)
    r = np.where(y == 1, factor, 1.0)
    X = np.c_[r * np.cos(t), r * np.sin(t)]
    return X + noise * rng.standard_normal(X.shape), y


def xor(n=200, noise=0.1, seed=0):
    """Four clusters at the corners of the unit square, label = x1 XOR x2."""
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, 2, size=(n, 2))
    X = corners + noise * rng.standard_normal((n, 2))
    return X.astype(np.float64), corners[:, 0] ^ corners[:, 1]


def blobs(n=200, centers=3, spread=0.5, seed=0):
    rng = np.random.default_rng(seed)
    mu = rng.uniform(-3, 3, size=(centers, 2))
    y = rng.integers(0, centers, n)
    return mu[y] + spread * rng.standard_normal((n, 2)), y


def linearly_separable(n=100, margin=0.3, seed=0):
    """Two classes on either side of a random line, labels in {-1, +1}, a gap of `margin`."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(2)
    w /= np.linalg.norm(w)
    X = rng.uniform(-2, 2, size=(4 * n, 2))
    d = X @ w + 0.2
    keep = np.abs(d) > margin / 2
    X, d = X[keep][:n], d[keep][:n]
    return X, np.where(d > 0, 1.0, -1.0)


def _digits_raw():
    """(images (1797, 8, 8) in 0..16, labels (1797,)): the CSV scikit-learn ships, read directly.

    Importing sklearn.datasets takes seconds (it pulls in scipy); the file itself
    loads in milliseconds.  load_digits is the fallback if the file ever moves.
    """
    import importlib.util
    import os
    spec = importlib.util.find_spec("sklearn")
    path = os.path.join(spec.submodule_search_locations[0], "datasets", "data", "digits.csv.gz") if spec else ""
    if os.path.exists(path):
        a = np.loadtxt(path, delimiter=",")
        return a[:, :-1].reshape(-1, 8, 8), a[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits
    d = load_digits()
    return d.images, d.target


def digits(seed=0):
    """scikit-learn's bundled 8x8 handwritten digits, split 60/20/20 with a fixed seed.

    Returns dict with X_train, y_train, X_val, y_val, X_test, y_test; images are
    (N, 1, 8, 8) float64 in [0, 1].
    """
    images, target = _digits_raw()
    X = (images / 16.0).astype(np.float64)[:, None]
    idx = np.random.default_rng(seed).permutation(len(X))
    a, b = int(0.6 * len(X)), int(0.8 * len(X))
    parts = {"train": idx[:a], "val": idx[a:b], "test": idx[b:]}
    out = {}
    for k, i in parts.items():
        out[f"X_{k}"], out[f"y_{k}"] = X[i], target[i]
    return out


def adding_problem(n=1000, T=50, seed=0):
    """Hochreiter's adding problem: x (N, T, 2) = (value, marker); y (N,) = sum of the 2 marked values.

    The two markers sit one in each half of the sequence, so the model must
    carry information across up to T steps.
    """
    _at_least("n", n, 1)
    _at_least("T", T, 2)
    rng = np.random.default_rng(seed)
    values = rng.uniform(0, 1, size=(n, T))
    marks = np.zeros((n, T))
    i = rng.integers(0, T // 2, n)
    j = rng.integers(T // 2, T, n)
    marks[np.arange(n), i] = 1.0
    marks[np.arange(n), j] = 1.0
    return np.stack([values, marks], axis=-1), (values * marks).sum(axis=1)


def char_corpus():
    """About 19,000 characters of public-domain verse (31 of Shakespeare's sonnets) bundled with the course."""
    return (Path(__file__).with_name("corpus.txt")).read_text(encoding="utf-8")


def one_hot(y, classes):
    out = np.zeros((len(y), classes))
    out[np.arange(len(y)), y] = 1.0
    return out
