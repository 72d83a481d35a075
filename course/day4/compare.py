"""Day 4, the networks side by side: size, training time and accuracy of each model the notebook trained.

    ModelRow(name, params, seconds, val_acc, test_acc)    one trained model (accuracies in [0, 1])
    count_params(model)                                   how many numbers the model learns
    show_comparison(rows) / draw_comparison(rows)

The table is displayed as Markdown, not printed: training times vary from run to run, and
what a notebook prints must not (two runs of a day print the same numbers).
"""
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["ModelRow", "count_params", "comparison_table", "show_comparison", "draw_comparison"]

ModelRow = namedtuple("ModelRow", "name params seconds val_acc test_acc")


def count_params(model):
    """The total size of model.params' arrays (a Sequential's, or any layer's); else of every layer's params."""
    params = getattr(model, "params", None)
    if params is None:
        params = {f"{i}.{k}": v for i, layer in enumerate(model.layers) for k, v in layer.params.items()}
    return int(sum(np.size(v) for v in params.values()))


def _percent(acc):
    return "–" if acc is None else f"{100 * acc:.1f}"


def comparison_table(rows):
    """The rows as a Markdown table: parameters, training seconds, validation and test accuracy in %.

    A row without a test accuracy (test_acc None: a design still being chosen) shows a dash there.
    """
    lines = ["| model | parameters | training (s) | validation acc. (%) | test acc. (%) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {r.name} | {r.params:,} | {r.seconds:.1f} | {_percent(r.val_acc)} | {_percent(r.test_acc)} |"
              for r in rows]
    return "\n".join(lines)


def show_comparison(rows):
    """Display comparison_table(rows) in the notebook (as Markdown: it holds times)."""
    from IPython.display import Markdown, display
    display(Markdown(comparison_table(rows)))


def draw_comparison(rows):
    """Test accuracy (%) and training time (s) per model, two bar panels, the parameter count on
    each bar; the validation accuracy when a row has no test accuracy. Returns the figure."""
    names = [r.name for r in rows]
    on_test = all(r.test_acc is not None for r in rows)
    y = np.arange(len(rows))
    colours = plt.cm.tab10(y % 10)
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 0.55 * len(rows) + 1.6), sharey=True)
    acc = np.array([100 * (r.test_acc if on_test else r.val_acc) for r in rows])
    ax.barh(y, acc, color=colours)
    # the bars start where the worst model is, less a margin: 96 % vs 98 % must not look alike
    low = max(0.0, np.floor(acc.min() / 5) * 5 - 5) if len(acc) else 0.0
    ax.set_xlim(low, 100)
    for i, r in enumerate(rows):
        # a white box: readable on the bar, and past its end should a bar be short
        ax.text(low + 0.5, i, f"{r.params:,} parameters", va="center", ha="left", fontsize=8.5,
                bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85))
        ax.text(acc[i] + 0.2, i, f"{acc[i]:.1f} %", va="center", ha="left", fontsize=8.5)
    ax.set_xlabel(f"{'test' if on_test else 'validation'} accuracy (%), from {low:.0f}")
    seconds = np.array([r.seconds for r in rows])
    bx.barh(y, seconds, color=colours)
    for i, r in enumerate(rows):
        bx.text(seconds[i], i, f" {seconds[i]:.1f} s", va="center", ha="left", fontsize=8.5)
    bx.set_xlim(0, seconds.max() * 1.25 if len(seconds) and seconds.max() > 0 else 1)
    bx.set_xlabel("training time (s)")
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.invert_yaxis()
    for a in (ax, bx):
        a.grid(axis="x", alpha=0.3)
    fig.suptitle(f"the trained models: accuracy on the {'test' if on_test else 'validation'} set, and what it cost",
                 fontsize=10)
    fig.tight_layout()
    return fig
