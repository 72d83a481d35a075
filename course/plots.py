"""Static figures shared by the days: decision boundaries, curves, image grids, and the pieces of 2-D plots.

Every widget of the course is drawn by a static plotting function (its
static twin); the days' own figures live in ``course.day1``, ``course.day2``
... and are built from these:

- decision_boundary, curves, image_grid, grid_points: whole figures or the grid under one;
- frame, scatter_classes, zero_line (and the colours NEG, POS): axes for 2-D
  data, its two classes, and the line where w.x + b = 0;
- message: a figure that is only a line of text (an unfinished exercise, a diverged run).
"""
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["decision_boundary", "curves", "image_grid", "grid_points", "NEG", "POS", "MARKERS", "frame",
           "scatter_classes", "zero_line", "message"]

NEG, POS = "#3b4cc0", "#b40426"      # the two ends of "coolwarm": class 0 / -1 and class 1 / +1
# a class has a marker shape as well as a colour: the classes stay apart on a black-and-white print
MARKERS = ["o", "^", "s", "D", "v", "P", "X", "*", "h", "<"]


def grid_points(X, steps=200, pad=0.5):
    """A (steps*steps, 2) grid covering X, and the two meshgrid arrays."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
    return np.c_[xx.ravel(), yy.ravel()], xx, yy


def decision_boundary(predict, X, y, ax=None, steps=200, title=None):
    """Colour the plane by predict(points) -> class labels (N,), and scatter the data on top."""
    ax = ax or plt.gca()
    P, xx, yy = grid_points(X, steps)
    Z = np.asarray(predict(P)).reshape(xx.shape)
    levels = np.arange(-0.5, max(int(Z.max()), int(np.max(y))) + 1.5)
    ax.contourf(xx, yy, Z, levels=levels, cmap="coolwarm", alpha=0.35)
    classes = np.unique(y)
    colours = plt.get_cmap("coolwarm")(np.linspace(0, 1, max(len(classes), 2)))
    for k, (c, colour) in enumerate(zip(classes, colours)):
        ax.scatter(*X[y == c].T, s=14, color=colour, marker=MARKERS[k % len(MARKERS)], edgecolors="k", linewidths=0.3)
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_aspect("equal")
    if title:
        ax.set_title(title)
    return ax


def curves(history, keys=None, ax=None, logy=False, title=None):
    """Plot lists of numbers from a dict (e.g. {'train loss': [...], 'val loss': [...]})."""
    ax = ax or plt.gca()
    for k in keys or history:
        ax.plot(history[k], label=k)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.legend()
    if title:
        ax.set_title(title)
    return ax


def image_grid(images, labels=None, cols=10, size=1.0, cmap="gray_r"):
    """Show (N, 1, H, W) or (N, H, W) images in a grid, with optional labels above each."""
    images = np.asarray(images)
    if images.ndim == 4:
        images = images[:, 0]
    n = len(images)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(cols * size, rows * size * 1.1), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i], cmap=cmap)
            if labels is not None:
                ax.set_title(str(labels[i]), fontsize=8)
    return fig


# --------------------------------------------------------------------------- pieces of 2-D plots

def zero_line(ax, wv, b, **kw):
    """Draw {x : wv[0] x1 + wv[1] x2 + b = 0} across the current axes limits (nothing if wv = 0)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    w1, w2 = float(wv[0]), float(wv[1])
    if abs(w2) >= abs(w1) and w2 != 0:
        xs = np.array([x0, x1])
        ys = -(w1 * xs + b) / w2
    elif w1 != 0:
        ys = np.array([y0, y1])
        xs = -(w2 * ys + b) / w1
    else:
        return None
    line, = ax.plot(xs, ys, **kw)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return line


def frame(ax, X, pad=0.5):
    """Axes limits around 2-D data X (with pad), equal aspect, labelled x_1 and x_2."""
    lo, hi = X.min(axis=0) - pad, X.max(axis=0) + pad
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")


def scatter_classes(ax, X, positive, wrong=None):
    """Scatter X in the two class colours (positive: boolean mask); circle the points where wrong is True."""
    ax.scatter(*X[~positive].T, s=16, color=NEG, edgecolors="k", linewidths=0.3, zorder=3)
    ax.scatter(*X[positive].T, s=18, color=POS, marker=MARKERS[1], edgecolors="k", linewidths=0.3, zorder=3)
    if wrong is not None and wrong.any():
        ax.scatter(*X[wrong].T, s=70, facecolors="none", edgecolors="k", linewidths=1.2, zorder=4,
                   label="misclassified")


def message(text, ax=None):
    """A line of text in place of a figure (on ax, or on a new small figure); returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 1.2))
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=10)
    ax.axis("off")
    return ax
