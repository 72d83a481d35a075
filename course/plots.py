"""Static figures: every widget of the course is drawn by one of these (its static twin)."""
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["decision_boundary", "curves", "image_grid", "grid_points"]


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
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="coolwarm", s=14, edgecolors="k", linewidths=0.3)
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
