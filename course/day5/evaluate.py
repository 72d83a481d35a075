"""Day 5, evaluating recurrent models: learning curves, gradient norms, and the trained models side by side.

    ModelRow(name, params, seconds, result, result_name)   one trained model and its held-out number
    count_params(model)                                    Day 4's: how many numbers the model learns
    show_table(rows) / draw_comparison(rows)               the rows as a table, and as bars
    draw_curves(histories, key, baseline, ...)             loss against step, one colour per model
    draw_grad_norms(histories, clip)                       the gradient norm before clipping, per model

``histories`` map a model's name to the dict ``train_steps`` returns (lists under "step",
"loss", "val_loss", "grad_norm").  The table is displayed as Markdown, never printed:
training times change from run to run, and what a notebook prints must not.
"""
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter

from course.day4.compare import count_params
from course.plots import MARKERS

__all__ = ["ModelRow", "count_params", "table", "show_table", "draw_comparison", "draw_curves", "draw_grad_norms"]


class ModelRow(NamedTuple):
    """A trained model: its parameter count, training seconds, and one held-out number with its name."""
    name: str
    params: int
    seconds: float
    result: float
    result_name: str = "test MSE"


def _lower_is_better(result_name):
    return not any(word in result_name.lower() for word in ("acc", "score"))


def _number(value, result_name):
    if value is None or not np.isfinite(value):
        return "–"
    if "acc" in result_name.lower():
        return f"{100 * value:.1f} %"
    return f"{value:.4f}" if abs(value) < 1 else f"{value:.4g}"


def _results(rows):
    """The rows' result names in the order they first come."""
    return list(dict.fromkeys(r.result_name for r in rows))


def table(rows):
    """The rows as a Markdown table: parameters, training seconds, one column per kind of result."""
    names = _results(rows)
    lines = ["| model | parameters | training (s) | " + " | ".join(names) + " |",
             "| --- | ---: | ---: | " + " | ".join("---:" for _ in names) + " |"]
    for r in rows:
        cells = [_number(r.result, n) if r.result_name == n else "–" for n in names]
        lines.append(f"| {r.name} | {r.params:,} | {r.seconds:.1f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def show_table(rows):
    """Display table(rows) in the notebook (as Markdown: it holds times)."""
    from IPython.display import Markdown, display
    display(Markdown(table(rows)))


def _spread(values):
    """True when positive values span more than a factor 20: a log axis shows them better."""
    values = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    return len(values) > 1 and values.min() > 0 and values.max() / values.min() > 20


def _bars(ax, y, values, colours, text, xlabel):
    values = np.asarray(values, dtype=float)
    ax.barh(y, values, color=colours)
    log = _spread(values)
    if log:
        ax.set_xscale("log")
    top = np.nanmax(values) if np.isfinite(values).any() else 1.0
    ax.set_xlim((np.nanmin(values) / 3, top * 8) if log else (0, top * 1.35 if top > 0 else 1.0))
    for i, v in enumerate(values):
        if np.isfinite(v):
            ax.text(v, i, " " + text(v), va="center", ha="left", fontsize=8.5)
    ax.set_xlabel(xlabel + (" (log scale)" if log else ""))
    ax.grid(axis="x", alpha=0.3)


def draw_comparison(rows):
    """Bars per model: parameters, training seconds, and each kind of result (log axes where they span
    more than a factor 20). Returns the figure."""
    names = _results(rows)
    y = np.arange(len(rows))
    colours = plt.cm.tab10(y % 10)
    fig, axes = plt.subplots(1, 2 + len(names), figsize=(10.5, 0.5 * len(rows) + 1.8), sharey=True)
    _bars(axes[0], y, [r.params for r in rows], colours, lambda v: f"{v:,.0f}", "parameters")
    _bars(axes[1], y, [r.seconds for r in rows], colours, lambda v: f"{v:.1f} s", "training time (s)")
    for ax, n in zip(axes[2:], names):
        values = [r.result if r.result_name == n else np.nan for r in rows]
        better = "lower" if _lower_is_better(n) else "higher"
        _bars(ax, y, values, colours, lambda v, n=n: _number(v, n), f"{n}, {better} is better")
    axes[0].set_yticks(y)
    axes[0].set_yticklabels([r.name for r in rows])
    axes[0].invert_yaxis()
    fig.suptitle("the trained models: their size, what they cost to train, and how well they do", fontsize=10)
    fig.tight_layout()
    return fig


def _baseline(baseline):
    """(value, label) from a number or a (value, label) pair."""
    if isinstance(baseline, (tuple, list)):
        value, label = baseline
        return float(value), str(label)
    return float(baseline), f"baseline: {float(baseline):.3g}"


def _axes(ax, size=(9.0, 4.0)):
    if ax is None:
        return plt.subplots(figsize=size)
    return ax.figure, ax


def _plain(ax):
    """Plain numbers (0.2, 0.3, 0.5, 1) on a log y axis of less than two decades: its minor ticks are labelled then,
    and 4×10⁻¹ reads badly."""
    lo, hi = ax.get_ylim()
    if lo > 0 and hi / lo < 100:
        plain = FuncFormatter(lambda v, _: f"{v:g}" if v > 0 and round(v / 10 ** np.floor(np.log10(v)), 6)
                              in (1, 2, 3, 5) else "")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)


def draw_curves(histories, key="val_loss", baseline=None, logy=True, title=None, xlabel="step", ax=None):
    """history[key] against history["step"] for every model: solid, its training loss dashed, one colour each.

    baseline: a number or (value, label), drawn as a grey horizontal line (e.g. (0.167, "predict
    the mean")).  ax: draw there (else on a new figure).  Returns the figure.
    """
    fig, ax = _axes(ax)
    for k, (name, h) in enumerate(histories.items()):
        colour = plt.cm.tab10(k % 10)
        # a marker per model besides its colour: the models stay apart on a black-and-white print
        mark = dict(marker=MARKERS[k % len(MARKERS)], markevery=0.1, ms=4)
        ax.plot(h["step"], h[key], "-", color=colour, lw=1.8, label=f"{name}: {key.replace('_', ' ')}", **mark)
        if key != "loss" and "loss" in h:
            ax.plot(h["step"], h["loss"], "--", color=colour, lw=1.1, alpha=0.8, label=f"{name}: training loss",
                    **mark)
    if baseline is not None:
        value, label = _baseline(baseline)
        ax.axhline(value, color="0.4", ls=":", lw=1.5, label=label)
    if logy:
        ax.set_yscale("log")
        _plain(ax)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("loss" if "loss" in key else key.replace("_", " "))
    ax.grid(alpha=0.3, which="both" if logy else "major")
    ax.legend(fontsize=8, ncol=2 if len(histories) > 2 else 1)
    ax.set_title(title or f"{key.replace('_', ' ')} (solid) and training loss (dashed) during training", fontsize=10)
    fig.tight_layout()
    return fig


def draw_grad_norms(histories, clip=None, ax=None, title=None):
    """The gradient norm before clipping (history["grad_norm"], a mean over each interval) against the step,
    one line per model, log y; clip: the clipping threshold, drawn as a line. Returns the figure."""
    fig, ax = _axes(ax)
    for k, (name, h) in enumerate(histories.items()):
        largest = f": largest {max(h['grad_norm']):.3g}" if len(h["grad_norm"]) else ""
        ax.semilogy(h["step"], h["grad_norm"], "-", color=plt.cm.tab10(k % 10), lw=1.6, label=name + largest,
                    marker=MARKERS[k % len(MARKERS)], markevery=0.1, ms=4)
    if clip is not None:
        ax.axhline(clip, color="k", ls="--", lw=1.2, label=f"clipping threshold {clip:g}: larger norms are scaled "
                   "down to it")
    ax.set_yscale("log")
    _plain(ax)
    ax.set_xlabel("step")
    ax.set_ylabel("gradient norm (before clipping)")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    ax.set_title(title or "the global gradient norm during training", fontsize=10)
    fig.tight_layout()
    return fig
