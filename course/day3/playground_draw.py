"""The playground's figure: decision regions with training and validation points, and the loss curves.

``draw_state(state)`` draws a ``playground.PlaygroundState`` (anything with X, y, X_val, y_val,
classes, history, epoch, diverged, status() and scores(P)); it is what the static twin
``draw_playground`` and every Play / Step of ``training_playground`` show.
"""
import matplotlib.pyplot as plt
import numpy as np

from course.plots import NEG, POS, grid_points, message

__all__ = ["CLASS_COLOURS", "region_image", "draw_state"]

# class 0 and 1 as everywhere in the course, then distinct hues for the spirals' third arm and more
CLASS_COLOURS = [NEG, POS, "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f"]
GRID = 70       # 70 x 70 points: a smooth picture (bilinear) at a few ms per forward pass


def _rgb(hex_colour):
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)])


def region_image(scores, classes):
    """(G, G, 3) colours from scores (G*G, classes): the predicted class's colour, faded towards
    white where the model is unsure (top probability near 1/classes), as TensorFlow Playground does."""
    s = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(s)
    probs /= probs.sum(axis=1, keepdims=True)
    colours = np.array([_rgb(CLASS_COLOURS[k % len(CLASS_COLOURS)]) for k in range(classes)])
    top = probs.max(axis=1)
    sure = np.clip((top - 1.0 / classes) / (1.0 - 1.0 / classes), 0.0, 1.0)[:, None] * 0.55
    rgb = (1.0 - sure) + sure * colours[probs.argmax(axis=1)]
    return rgb.reshape(GRID, GRID, 3)


def _points(ax, X, y, marker, size, label):
    colours = [CLASS_COLOURS[k % len(CLASS_COLOURS)] for k in y]
    ax.scatter(X[:, 0], X[:, 1], c=colours, marker=marker, s=size, edgecolors="k", linewidths=0.4,
               label=label, zorder=3)


def _boundary(ax, state):
    X_all = np.vstack([state.X, state.X_val])
    P, xx, yy = grid_points(X_all, GRID, pad=0.3)
    drawn = False
    if state.diverged is None and state.model is not None:
        scores = state.scores(P)
        if np.all(np.isfinite(scores)):
            ax.imshow(region_image(scores, state.classes), origin="lower", interpolation="bilinear",
                      extent=(xx.min(), xx.max(), yy.min(), yy.max()), aspect="auto")
            drawn = True
    _points(ax, state.X, state.y, "o", 16, "training")
    _points(ax, state.X_val, state.y_val, "^", 30, "validation")
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if not drawn:   # diverged: the weights are inf/NaN, there is no boundary to draw
        ax.text(0.5, 0.5, "diverged: no boundary", transform=ax.transAxes, ha="center", va="center", zorder=5,
                fontsize=11, color="tab:red", bbox=dict(facecolor="white", alpha=0.85, edgecolor="none"))
    legend = ax.legend(loc="lower right", fontsize=7, framealpha=0.85)
    for handle in legend.legend_handles:   # the markers' meaning, not a class colour
        handle.set_facecolor("0.85")
    h = state.history
    ax.set_title(f"epoch {state.epoch}" + (f": accuracy {h['acc'][-1]:.1%} train, {h['val_acc'][-1]:.1%} validation"
                                           if state.epoch and state.diverged is None else ""), fontsize=10)


def _losses(ax, state):
    h = state.history
    epochs = np.arange(1, state.epoch + 1)
    if state.epoch:
        for key, label, colour in (("loss", "training", "tab:blue"), ("val_loss", "validation", "tab:orange")):
            values = np.asarray(h[key], dtype=float)
            ax.plot(epochs, np.where(np.isfinite(values), values, np.nan), color=colour, label=label)
        finite = np.asarray(h["loss"] + h["val_loss"], dtype=float)
        finite = finite[np.isfinite(finite)]
        # at most 5x the first epoch's loss: a blow-up would flatten the rest of the curve
        top = min(finite.max(), 5.0 * max(h["loss"][0], h["val_loss"][0])) if finite.size else 1.0
        ax.set_ylim(0, max(1.05 * top, 1e-3) if np.isfinite(top) else 10.0)
        if state.diverged is not None:
            ax.plot([state.diverged], [0.95 * ax.get_ylim()[1]], "x", color="tab:red", ms=12, mew=2,
                    label=f"diverged (epoch {state.diverged})")
        ax.legend(fontsize=8, loc="upper right")
    ax.set_xlim(0, max(10, state.epoch))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy loss")
    ax.grid(alpha=0.3)
    ax.set_title(state.status() if state.diverged is not None else "loss per epoch",
                 fontsize=10, color="tab:red" if state.diverged is not None else "black")


def draw_state(state, figsize=(10, 4.2)):
    """The playground's figure for one state: regions and points (left), loss curves (right)."""
    # fixed margins, not tight_layout: that alone would take about half of each redraw
    fig, (ax, bx) = plt.subplots(1, 2, figsize=figsize, gridspec_kw=dict(
        width_ratios=[1, 1.25], left=0.02, right=0.98, bottom=0.12, top=0.9, wspace=0.12))
    if state.model is None:
        message(state.status(), ax=ax)
    else:
        _boundary(ax, state)
    _losses(bx, state)
    return fig
