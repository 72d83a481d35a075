"""Day 3, the digits classifier looked at closely: its confusion matrix, its worst mistakes, and
the shifted copies that augment its training set.

    draw_confusion(C)                  C (10, 10) counts: rows true class, columns predicted
    draw_worst(X, y, probs, k=12)      the k images whose true class got the lowest probability
    draw_augmented(X, shift_images)    a few digits next to their shifted copies (the learner's function)
"""
import matplotlib.pyplot as plt
import numpy as np

__all__ = ["draw_confusion", "draw_worst", "draw_augmented"]


def _images(X):
    """(N, 1, H, W) or (N, H, W) -> (N, H, W)."""
    X = np.asarray(X)
    return X[:, 0] if X.ndim == 4 else X


def draw_confusion(C, ax=None, title=None):
    """An annotated confusion matrix: C[i, j] = examples of class i predicted as j. Returns the axes."""
    C = np.asarray(C)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 5.0))
    K = len(C)
    ax.imshow(C, cmap="Blues")
    dark = C.max() / 2.0   # white counts on dark cells
    for i in range(K):
        for j in range(K):
            if C[i, j] or i == j:
                ax.text(j, i, str(int(C[i, j])), ha="center", va="center", fontsize=8,
                        color="white" if C[i, j] > dark else ("tab:red" if i != j else "black"))
    ax.set_xticks(range(K))
    ax.set_yticks(range(K))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    total = C.sum()
    ax.set_title(title or f"{int(np.trace(C))} of {int(total)} right ({np.trace(C) / max(total, 1):.1%})", fontsize=10)
    return ax


def draw_worst(X, y, probs, k=12, cols=6):
    """The k images whose true class got the lowest probability, titled "true 3 → 8 (p=0.91)"
    (p: the probability of the predicted class). X (N, 1, H, W), y (N,), probs (N, classes).
    Returns the figure."""
    images, y, probs = _images(X), np.asarray(y), np.asarray(probs)
    p_true = probs[np.arange(len(y)), y]
    worst = np.argsort(p_true, kind="stable")[:k]
    rows = int(np.ceil(len(worst) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.9 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, i in zip(axes.flat, worst):
        pred = int(np.argmax(probs[i]))
        ax.imshow(images[i], cmap="gray_r")
        ax.set_title(f"true {y[i]} → {pred} (p={probs[i, pred]:.2f})", fontsize=8,
                     color="tab:red" if pred != y[i] else "black")
    fig.suptitle(f"the {len(worst)} test images the model finds hardest (lowest probability of the true class)",
                 fontsize=10)
    fig.tight_layout()
    return fig


def draw_augmented(X, shift_images, n=4, shifts=((0, 1), (0, -1), (1, 0), (-1, 0))):
    """n digits (rows): the original, then shift_images(X, dy, dx) for each (dy, dx). Returns the figure."""
    X = np.asarray(X)[:n]
    names = {(0, 1): "right 1", (0, -1): "left 1", (1, 0): "down 1", (-1, 0): "up 1"}
    columns = [("original", X)] + [(names.get(s, f"dy={s[0]}, dx={s[1]}"), shift_images(X, *s)) for s in shifts]
    fig, axes = plt.subplots(len(X), len(columns), figsize=(1.3 * len(columns), 1.3 * len(X)), squeeze=False)
    for j, (name, images) in enumerate(columns):
        for i, image in enumerate(_images(images)):
            axes[i, j].imshow(image, cmap="gray_r", vmin=0, vmax=1)
            axes[i, j].set_xticks([])
            axes[i, j].set_yticks([])
        axes[0, j].set_title(name, fontsize=9)
    fig.tight_layout()
    return fig
