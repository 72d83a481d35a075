"""Day 1, the perceptron: its line epoch by epoch, and its mistakes.

Static twin                          Explorer built on it
- plot_perceptron(train, X, y, ...)  perceptron_explorer(train, datasets)

``perceptron_history`` trains the learner's ``perceptron_train`` for 1, 2,
... epochs and is what both draw.  Nothing here answers an exercise.

The explorer follows the learner's functions by name (``@follows``, see
``course.day1``).
"""
import numpy as np
import matplotlib.pyplot as plt

from course.plots import frame, scatter_classes, zero_line
from course.widgets import explorer, follows, w

__all__ = ["perceptron_history", "plot_perceptron", "perceptron_explorer"]


def perceptron_history(train, X, y, epochs=20, lr=1.0):
    """The perceptron after 1, 2, ..., epochs epochs, each trained from scratch by train(X, y, epochs=k, lr=lr).

    train: your perceptron_train -> (w, b).  y in {-1, +1}.  Returns ws
    (epochs, D), bs (epochs,) and mistakes (epochs,), the number of points on
    the wrong side of (or on) the line after epoch k.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ws, bs, mistakes = [], [], []
    for k in range(1, epochs + 1):
        wk, bk = train(X, y, epochs=k, lr=lr)
        wk, bk = np.asarray(wk, dtype=np.float64).reshape(-1), float(np.asarray(bk).reshape(-1)[0])
        ws.append(wk)
        bs.append(bk)
        mistakes.append(int(np.sum(y * (X @ wk + bk) <= 0)))
    return np.array(ws), np.array(bs), np.array(mistakes)


def plot_perceptron(train, X, y, epochs=20, lr=1.0, upto=None, history=None, axes=None, title=None):
    """The perceptron's line over the data epoch by epoch, and its mistakes per epoch.

    Left: the data (y in {-1, +1}), the lines after epochs 1..upto (older
    ones fainter) and the line after epoch `upto` in bold with its mistakes
    circled.  Right: mistakes after each epoch.  history: the result of
    perceptron_history, to skip retraining.  Returns the mistakes per epoch.
    """
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ws, bs, mistakes = history if history is not None else perceptron_history(train, X, y, epochs, lr)
    epochs = len(mistakes)
    upto = epochs if upto is None else int(np.clip(upto, 1, epochs))
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.1, 1]})
    ax, bx = axes
    frame(ax, X)
    positive = y > 0
    for k in range(upto - 1):
        zero_line(ax, ws[k], bs[k], color="0.35", lw=0.8, alpha=0.15 + 0.5 * (k + 1) / upto)
    wrong = y * (X @ ws[upto - 1] + bs[upto - 1]) <= 0
    scatter_classes(ax, X, positive, wrong)
    zero_line(ax, ws[upto - 1], bs[upto - 1], color="k", lw=2.2, label=f"line after epoch {upto}")
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9)
    ax.set_title(title or f"after epoch {upto}: {mistakes[upto - 1]} mistakes", fontsize=10)
    bx.plot(np.arange(1, epochs + 1), mistakes, "o-", ms=4)
    bx.plot([upto], [mistakes[upto - 1]], "o", ms=10, mfc="none", mec="C3", mew=2)
    bx.set_xlabel("epoch")
    bx.set_ylabel("misclassified points after the epoch")
    bx.set_ylim(bottom=0)
    bx.grid(alpha=0.3)
    bx.set_title("mistakes per epoch", fontsize=10)
    return mistakes


@follows
def perceptron_explorer(train, datasets, epochs=20):
    """Slide through the epochs of your perceptron on a choice of data sets.

    train: your perceptron_train.  datasets: dict name -> (X, y), y in {-1, +1}.
    The runs are cached per (data set, learning rate), so the slider only redraws.
    """
    cache = {}

    def draw(data, lr, epoch):
        key = (data, lr)
        if key not in cache:
            X, y = datasets[data]
            cache[key] = perceptron_history(train, X, y, epochs, lr)
        X, y = datasets[data]
        fig, axes = plt.subplots(1, 2, figsize=(10.5, 4.4), gridspec_kw={"width_ratios": [1.1, 1]})
        plot_perceptron(train, X, y, upto=epoch, history=cache[key], axes=axes)

    return explorer(draw, height="480px", columns=3,
                    data=w.Dropdown(options=list(datasets), description="data"),
                    lr=w.Dropdown(options=[0.01, 0.1, 1.0], value=1.0, description="lr"),
                    epoch=w.IntSlider(value=1, min=1, max=epochs, description="epoch"))
