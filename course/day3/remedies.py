"""Day 3, overfitting and its remedies: one run's learning curves, and every remedy measured against it.

Static figures (no explorer: each history is a training run the notebook made)
    draw_learning_curves(history)     train vs validation loss and accuracy per epoch
    remedy_table(results) / print_remedy_table(results)
    draw_remedies(results)            validation accuracy and train-validation gap per remedy

A history is what the learner's ``train`` returns: {"loss", "val_loss", "acc",
"val_acc"}, one float per epoch; an early-stopped run may add "best_epoch"
(1-based: the epoch whose weights were restored), whose numbers then count as
its final ones.  ``results`` maps a remedy's name ("none", "L2", "dropout",
"early stopping", "augmentation", "batch norm", ...) to its history.
"""
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import PercentFormatter
from course.plots import MARKERS

__all__ = ["best_epoch", "draw_learning_curves", "RemedyRow", "remedy_table", "print_remedy_table",
           "draw_remedies"]

RemedyRow = namedtuple("RemedyRow", "remedy epochs train_acc val_acc best_val_acc gap change val_loss")


def best_epoch(history):
    """The 1-based epoch that counts as the run's result: history["best_epoch"] if given (early
    stopping restored it), else the epoch of the lowest validation loss."""
    if history.get("best_epoch") is not None:
        return int(history["best_epoch"])
    return int(np.nanargmin(history["val_loss"])) + 1


def draw_learning_curves(history, title=None, ax=None):
    """Training and validation loss (left) and accuracy (right) per epoch, the best validation epoch
    marked.  ax: None (a new figure), a pair of axes, or one axes (loss; accuracy on its twin).
    Returns the (loss axes, accuracy axes)."""
    if ax is None:
        _, (ax, bx) = plt.subplots(1, 2, figsize=(10, 3.6))
    elif isinstance(ax, (tuple, list, np.ndarray)):
        ax, bx = ax
    else:
        bx = ax.twinx()
    epochs = np.arange(1, len(history["loss"]) + 1)
    best = best_epoch(history)
    for a, key, what in ((ax, "loss", "loss"), (bx, "acc", "accuracy")):
        a.plot(epochs, history[key], color="tab:blue", label=f"training {what}")
        a.plot(epochs, history["val_" + key], color="tab:orange", label=f"validation {what}")
        a.axvline(best, color="0.4", ls=":", lw=1)
        a.set_xlabel("epoch")
        a.set_ylabel(what)
        a.grid(alpha=0.3)
    val_acc = history["val_acc"][best - 1]
    bx.plot([best], [val_acc], "o", color="tab:orange", ms=7, label=f"best epoch {best}: {val_acc:.1%}")
    ax.legend(fontsize=8, loc="upper right")
    bx.legend(fontsize=8, loc="lower right")
    if title:
        ax.figure.suptitle(title, fontsize=11)
    ax.figure.tight_layout()
    return ax, bx


def _final(history, key):
    """The number a run ends with: at its best epoch if early stopping restored one, else the last."""
    i = int(history["best_epoch"]) - 1 if history.get("best_epoch") is not None else -1
    return float(history[key][i])


def remedy_table(results):
    """RemedyRow(remedy, epochs, train_acc, val_acc, best_val_acc, gap, change, val_loss) per remedy, in
    order: epochs run, final training and validation accuracy, best validation accuracy, gap = final
    train acc - final val acc, change = val acc - that of "none" (None when there is no "none" run),
    and the final validation loss (steadier than the accuracy on a small validation set)."""
    base = _final(results["none"], "val_acc") if "none" in results else None
    rows = []
    for name, h in results.items():
        train_acc, val_acc = _final(h, "acc"), _final(h, "val_acc")
        rows.append(RemedyRow(name, len(h["loss"]), train_acc, val_acc, float(np.nanmax(h["val_acc"])),
                              train_acc - val_acc, None if base is None else val_acc - base,
                              _final(h, "val_loss")))
    return rows


def print_remedy_table(results):
    """Print remedy_table(results) as an aligned table (accuracies in %, changes in points)."""
    rows = remedy_table(results)
    width = max([len("remedy")] + [len(r.remedy) for r in rows]) + 2   # long names stay in their column
    print(f"{'remedy':<{width}}{'epochs':>7}{'train acc':>11}{'val acc':>9}{'best val':>10}{'gap':>8}{'vs none':>9}"
          f"{'val loss':>10}")
    for r in rows:
        change = "" if r.change is None else f"{100 * r.change:+.1f}"
        print(f"{r.remedy:<{width}}{r.epochs:>7}{r.train_acc:>11.1%}{r.val_acc:>9.1%}{r.best_val_acc:>10.1%}"
              f"{100 * r.gap:>8.1f}{change:>9}{r.val_loss:>10.3f}")


def _bars(ax, names, values, colours, fmt):
    bars = ax.bar(names, values, color=colours)
    for b, v in zip(bars, values):
        ax.annotate(fmt(v), (b.get_x() + b.get_width() / 2, v), xytext=(0, 2), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8)
    ax.tick_params(axis="x", rotation=30, labelsize=8)
    for t in ax.get_xticklabels():
        t.set_ha("right")


def draw_remedies(results, curves=True):
    """Bars of the final validation accuracy and of the train-validation gap per remedy ("none" in
    grey, its level dashed), and with curves=True the validation loss curves of all (where
    overtraining shows as a rise). Returns the figure."""
    rows = remedy_table(results)
    names = [r.remedy for r in rows]
    colours = ["0.6" if n == "none" else plt.cm.tab10(i % 10) for i, n in enumerate(names)]
    fig, axes = plt.subplots(1, 3 if curves else 2, figsize=(10 if curves else 8, 3.8),
                             gridspec_kw=dict(width_ratios=[1, 1, 1.3] if curves else [1, 1]))
    acc = [r.val_acc for r in rows]
    _bars(axes[0], names, acc, colours, lambda v: f"{v:.1%}")
    low = min(acc)
    axes[0].set_ylim(max(0.0, low - 2 * (max(acc) - low) - 0.02), min(1.0, max(acc) + 0.03))
    axes[0].set_title("validation accuracy (final)", fontsize=10)
    axes[0].yaxis.set_major_formatter(PercentFormatter(1.0))
    gaps = [100 * r.gap for r in rows]
    _bars(axes[1], names, gaps, colours, lambda v: f"{v:.1f}")
    axes[1].axhline(0, color="k", lw=0.6)
    axes[1].set_ylabel("percentage points")
    axes[1].set_title("train - validation accuracy gap", fontsize=10)
    if "none" in results:
        axes[0].axhline(rows[names.index("none")].val_acc, color="0.4", ls="--", lw=0.8)
        axes[1].axhline(gaps[names.index("none")], color="0.4", ls="--", lw=0.8)
    if curves:
        for k, (name, c) in enumerate(zip(names, colours)):
            h = results[name]
            axes[2].plot(np.arange(1, len(h["val_loss"]) + 1), h["val_loss"], color=c, label=name, lw=1.2,
                         marker=MARKERS[k % len(MARKERS)], markevery=0.1, ms=4)   # apart in black and white
        low_loss = min(float(np.nanmin(results[n]["val_loss"])) for n in names)
        axes[2].set_ylim(0.0, 3.0 * low_loss)
        axes[2].set_xlabel("epoch")
        axes[2].set_title("validation loss per epoch", fontsize=10)
        axes[2].grid(alpha=0.3)
        axes[2].legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    return fig
