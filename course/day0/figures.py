"""Day 0's figures and its one explorer: each takes the learner's own functions and calls them.

Static twins                                      Explorer built on them
- plot_line(line, x, y)                           -
- plot_class_means(X, y, means)                   -
- plot_distances(pairwise_sq_dists, A, B)         -
- plot_tangent(f, df, x0, zoom)                   tangent_explorer(f, df)
- plot_tangents(f, df, points)                    -
- plot_descent(Line, mse_grads, x, y, lr, steps)  -
- plot_standardized(X, Z)                         -
- plot_regions(predict, X_train, y_train,         -
               X_test, y_test, centres)

Nothing here answers an exercise: ``line`` is the learner's ``Line`` object,
``df`` their ``chain_rule_grad``, ``predict`` a function built from their
``nearest_centroid``.  The explorer follows the learner's functions by name
(``@follows``): rewrite one, run its cell, move the slider.
"""
import numpy as np
import matplotlib.pyplot as plt

from course.plots import MARKERS
from course.widgets import explorer, follows, w

__all__ = ["plot_line", "plot_class_means", "plot_distances", "plot_tangent", "plot_tangents",
           "tangent_explorer", "plot_descent", "plot_standardized", "plot_regions"]

H = 1e-5   # the step of the numerical derivatives drawn beside the learner's


def _numerical(f, x):
    return (np.asarray(f(x + H), dtype=np.float64) - np.asarray(f(x - H), dtype=np.float64)) / (2 * H)


def plot_line(line, x, y, ax=None):
    """The points (x, y), the learner's line through them and each residual; returns its MSE."""
    ax = ax or plt.gca()
    grid = np.linspace(float(np.min(x)) - 0.3, float(np.max(x)) + 0.3, 50)
    y_hat = np.asarray(line.predict(x), dtype=np.float64)
    mse = float(line.mse(x, y))
    ax.vlines(x, y, y_hat, color="C3", lw=1.2, label="residuals")
    ax.plot(grid, np.asarray(line.predict(grid), dtype=np.float64), color="C0", lw=2,
            label=f"y = {line.params['w']:.2f} x + {line.params['b']:.2f}")
    ax.scatter(x, y, color="k", s=22, zorder=3, label="data")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left", fontsize=9)
    ax.set_title(f"A Line object and its mean squared error: {mse:.3f}", fontsize=10)
    return mse


def plot_class_means(X, y, means, ax=None):
    """The points coloured by class and each class's mean (the learner's class_means) as a star."""
    ax = ax or plt.gca()
    means = np.asarray(means, dtype=np.float64)
    for k in range(len(means)):
        ax.scatter(*X[y == k].T, s=14, alpha=0.55, color=f"C{k}", marker=MARKERS[k % len(MARKERS)], label=f"class {k}")
        ax.scatter(*means[k], s=320, marker="*", color=f"C{k}", edgecolor="k", lw=1.2, zorder=3)
    ax.set_xlabel("feature 0")
    ax.set_ylabel("feature 1")
    ax.legend(loc="best", fontsize=8)
    ax.set_title("the rows of each class (a boolean mask) and their mean, a star", fontsize=10)


def plot_distances(pairwise_sq_dists, A, B):
    """Two panels: the points of A and B, and the learner's (N, M) matrix of squared distances.

    Returns that matrix.
    """
    D = np.asarray(pairwise_sq_dists(A, B), dtype=np.float64)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 4.0), gridspec_kw={"width_ratios": [1, 1.15]})
    left.scatter(*A.T, s=60, color="C0", marker="o", label="rows of A")
    left.scatter(*B.T, s=80, color="C1", marker="s", label="rows of B")
    for i, a in enumerate(A):
        left.annotate(f"a{i}", a, xytext=(5, 4), textcoords="offset points", color="C0")
    for j, b in enumerate(B):
        left.annotate(f"b{j}", b, xytext=(5, -12), textcoords="offset points", color="C1")
    left.set_aspect("equal", adjustable="datalim")
    left.set_xlabel("column 0")
    left.set_ylabel("column 1")
    left.legend(loc="best", fontsize=8)
    left.set_title(f"A is {A.shape}, B is {B.shape}", fontsize=10)
    im = right.imshow(D, cmap="viridis")
    for (i, j), v in np.ndenumerate(D):
        right.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8,
                   color="w" if v < 0.6 * D.max() else "k")
    right.set_xticks(range(D.shape[1]), [f"b{j}" for j in range(D.shape[1])])
    right.set_yticks(range(D.shape[0]), [f"a{i}" for i in range(D.shape[0])])
    right.set_xlabel("j (a row of B)")
    right.set_ylabel("i (a row of A)")
    right.set_title(f"your pairwise_sq_dists(A, B): shape {D.shape}", fontsize=10)
    fig.colorbar(im, ax=right, shrink=0.8)
    fig.tight_layout()
    return D


def plot_tangent(f, df, x0=1.0, zoom=2.5, ax=None):
    """f on [x0 - zoom, x0 + zoom] with the tangent at x0 of slope df(x0) (the learner's derivative).

    Zoom in and the curve becomes its tangent: that is what a derivative is.
    Returns {"slope": df(x0), "numerical": the central difference at x0}.
    """
    ax = ax or plt.gca()
    x = np.linspace(x0 - zoom, x0 + zoom, 400)
    slope = float(np.asarray(df(np.array([x0], dtype=np.float64)), dtype=np.float64).reshape(-1)[0])
    num = float(_numerical(f, np.array([x0], dtype=np.float64))[0])
    y0 = float(np.asarray(f(np.array([x0])), dtype=np.float64)[0])
    ax.plot(x, f(x), color="C0", lw=2, label="f(x)")
    ax.plot(x, y0 + slope * (x - x0), "--", color="C1", lw=1.8, label=f"tangent, your slope {slope:.4f}")
    ax.plot([x0], [y0], "o", color="C1", ms=7)
    ax.set_ylim(-3.6, 3.6)
    ax.set_xlim(x0 - zoom, x0 + zoom)
    ax.axhline(0, color="0.7", lw=0.6)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="lower left", fontsize=8.5)
    ax.set_title(f"at x0 = {x0:.2f}: your slope {slope:.4f}, numerical {num:.4f}", fontsize=10)
    return {"slope": slope, "numerical": num}


def plot_tangents(f, df, points, ax=None):
    """f with its tangents at several points, each of slope df (the learner's); returns the largest
    difference between those slopes and the numerical ones."""
    ax = ax or plt.gca()
    points = np.asarray(points, dtype=np.float64)
    x = np.linspace(-2.5, 2.5, 500)
    ax.plot(x, f(x), color="C0", lw=2, label="f(x)")
    slopes = np.asarray(df(points.copy()), dtype=np.float64).reshape(points.shape)
    for k, (p, s) in enumerate(zip(points, slopes)):
        t = np.linspace(p - 0.35, p + 0.35, 2)
        ax.plot(t, f(np.array([p]))[0] + s * (t - p), color="C1", lw=2, ls="--",
                label="tangents, your slopes" if k == 0 else None)
        ax.plot([p], f(np.array([p])), "o", color="C1", ms=5)
    worst = float(np.max(np.abs(slopes - _numerical(f, points))))
    ax.set_ylim(-3.6, 3.6)
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    ax.legend(loc="lower center", fontsize=8.5)
    ax.set_title(f"f and its tangents: largest |your slope - numerical| = {worst:.1e}", fontsize=10)
    return worst


@follows
def tangent_explorer(f, df):
    """Move the point x0 and zoom in: the tangent of your derivative should touch f and, close up, cover it."""
    def draw(x0, zoom):
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        plot_tangent(f, df, x0=x0, zoom=zoom, ax=ax)

    return explorer(
        draw, height="420px", columns=2,
        x0=w.FloatSlider(value=1.0, min=-2.2, max=2.2, step=0.05, description="point x0"),
        zoom=w.FloatLogSlider(value=2.5, base=10, min=-2, max=0.5, step=0.1, description="half-width of the view",
                              readout_format=".3f"),
    )


def plot_descent(Line, mse_grads, x, y, lr=0.1, steps=60):
    """Gradient descent on a Line with the learner's mse_grads; two panels: lines on the data, the loss.

    Starts from Line() (w = b = 0); each step moves w and b against their gradient
    by lr times it.  Returns the list of the MSE before each step and after the last.
    """
    line = Line()
    losses, shown = [], {}
    for step in range(steps + 1):
        losses.append(float(line.mse(x, y)))
        if step in (0, 2, 5, 15, steps):
            shown[step] = (line.params["w"], line.params["b"])
        if step == steps:
            break
        dw, db = mse_grads(line.params["w"], line.params["b"], x, y)
        line.params["w"] -= lr * float(dw)
        line.params["b"] -= lr * float(db)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10.5, 3.8))
    left.scatter(x, y, color="k", s=18, zorder=3, label="data")
    grid = np.linspace(float(np.min(x)), float(np.max(x)), 20)
    for k, (step, (wk, bk)) in enumerate(shown.items()):
        left.plot(grid, wk * grid + bk, color=f"C{k}", lw=1.6, label=f"after {step} steps")
    left.set_xlabel("x")
    left.set_ylabel("y")
    left.legend(loc="upper left", fontsize=8)
    left.set_title("the line, step by step", fontsize=10)
    right.semilogy(range(len(losses)), losses, color="C0", lw=2, label="mean squared error")
    right.set_xlabel("step")
    right.set_ylabel("mse (log scale)")
    right.legend(loc="upper right", fontsize=8)
    right.set_title(f"gradient descent with your mse_grads: {losses[0]:.2f} to {losses[-1]:.3f}", fontsize=10)
    fig.tight_layout()
    return losses


def plot_standardized(X, Z):
    """Two panels: the data as given and standardised (the learner's standardize), same shape of cloud."""
    fig, axes = plt.subplots(1, 2, figsize=(10.5, 3.9))
    for ax, data, name in ((axes[0], X, "as given"), (axes[1], Z, "standardised")):
        data = np.asarray(data, dtype=np.float64)
        ax.scatter(*data[:, :2].T, s=10, alpha=0.6, color="C0")
        m, s = data.mean(axis=0), data.std(axis=0)
        ax.errorbar(m[0], m[1], xerr=s[0], yerr=s[1], color="C3", lw=2, capsize=4, label="mean ± std")
        ax.set_xlabel("column 0")
        ax.set_ylabel("column 1")
        ax.legend(loc="upper left", fontsize=8)
        ax.set_title(f"{name}: means ({m[0]:.2f}, {m[1]:.2f}), stds ({s[0]:.2f}, {s[1]:.2f})", fontsize=10)
    fig.tight_layout()


def plot_regions(predict, X_train, y_train, X_test, y_test, centres, ax=None, title=""):
    """The plane coloured by predict(points) (built on the learner's nearest_centroid), the training
    points small, the test points large (circled where wrong), the centres as stars."""
    ax = ax or plt.gca()
    both = np.vstack([X_train, X_test])
    pad = 0.08 * (both.max(axis=0) - both.min(axis=0))
    lo, hi = both.min(axis=0) - pad, both.max(axis=0) + pad
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 160), np.linspace(lo[1], hi[1], 160))
    regions = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()])).reshape(gx.shape)
    k = int(max(regions.max(), y_train.max(), y_test.max())) + 1
    colours = [f"C{c}" for c in range(k)]
    ax.contourf(gx, gy, regions, levels=np.arange(k + 1) - 0.5, colors=colours, alpha=0.18)
    for c in range(k):
        ax.scatter(*X_train[y_train == c].T, s=8, color=colours[c], marker=MARKERS[c % len(MARKERS)], alpha=0.5)
        ax.scatter(*X_test[y_test == c].T, s=30, color=colours[c], marker=MARKERS[c % len(MARKERS)], edgecolor="k",
                   lw=0.5, label=f"class {c} (test)")
    wrong = np.asarray(predict(X_test)) != y_test
    ax.scatter(*X_test[wrong].T, s=140, facecolor="none", edgecolor="k", lw=1.3, label="wrong")
    centres = np.asarray(centres, dtype=np.float64)
    ax.scatter(*centres.T, s=360, marker="*", color=colours[:len(centres)], edgecolor="k", lw=1.2, zorder=3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("feature 0")
    ax.set_ylabel("feature 1")
    ax.legend(loc="best", fontsize=7.5)
    ax.set_title(title, fontsize=10)
