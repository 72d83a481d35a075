"""Day 5, what a trained recurrent model remembers: how much its prediction depends on the input at each step.

Static twins                                  explorer built on them
    input_gradients(model, x, feature)        memory_explorer(models, X)
    draw_memory(models, x, markers, feature)

For the adding problem the ideal is known: the target is Σ_t value_t · marker_t, so a
perfect model has ∂prediction/∂value_t = 1 at the two marked steps and 0 elsewhere.  A
model that has learnt to carry the first marked value over 40 steps has a large gradient
there; one whose gradient vanishes on the way back (a plain RNN) cannot have learnt it.
Measured with trained models of 32 units (T = 50, 200 steps of Adam): the GRU's and the
LSTM's gradient is about 1 at both marks and about 0.1 elsewhere (the markers' own
gradient; the values' alone are about 0.01 there), the RNN's is below 1e−6 at the first
mark.  ``model`` only needs ``forward(x, train)`` and ``backward(dout)``.
"""
import matplotlib.pyplot as plt
import numpy as np

from course.day5.foundations import _positive
from course.day5.gates import _adding, _draw_input
from course.widgets import explorer, follows, w

__all__ = ["input_gradients", "draw_memory", "memory_explorer"]

FEATURES = {"all inputs": None, "the values": 0, "the markers": 1}


def _sequences(x):
    x = np.asarray(x, dtype=float)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(f"x must be sequences (n, T, D) or one sequence (T, D), got shape {x.shape}")
    return x


def _run(model, x, feature):
    """(the model's output for x, the gradient norm per step (T,)): one forward, one backward of ones."""
    out = np.asarray(model.forward(x, train=False), dtype=float)
    # ones: each sequence's gradient of its own prediction (a sum over the batch separates by sequence)
    dx = np.asarray(model.backward(np.ones_like(out)), dtype=float)
    if dx.shape != x.shape:
        raise ValueError(f"model.backward returned dx of shape {dx.shape}, expected {x.shape} (that of x)")
    if feature is not None:
        dx = dx[:, :, [feature]]
    return out, np.sqrt(np.mean(np.sum(dx ** 2, axis=2), axis=0))


def input_gradients(model, x, feature=None):
    """|∂ prediction / ∂x_t| for every step t: an array (T,).

    model: a trained Sequential (e.g. Recurrent, LastStep, Dense(H, 1)); x (n, T, D) or (T, D).
    Runs ``model.forward(x, train=False)`` then ``model.backward(ones)`` (which overwrites the
    model's grads, not its weights).  Entry t is the norm of dx[i, t] over the D features (or
    only feature ``feature``), as a root mean square over the n sequences.
    """
    return _run(model, _sequences(x), feature)[1]


def _marks(x, markers):
    if markers is not None:
        return np.asarray(markers, dtype=int).ravel()
    return np.flatnonzero(x[0, :, 1] == 1) if x.shape[2] >= 2 else np.array([], dtype=int)


def _said(name, out, g, marks, x):
    """A panel's line: the prediction against the target (one sequence), the gradient at and off the marks."""
    parts = [name]
    if len(x) == 1 and out.size == 1:
        parts.append(f"predicts {float(out.ravel()[0]):.3f}")
        if _adding(x[0]):
            parts[-1] += f", the sum is {float(np.sum(x[0, :, 0] * x[0, :, 1])):.3f}"
    inside = [m for m in marks if 0 <= m < len(g)]
    if inside:
        rest = np.delete(g, inside)
        parts.append("gradient at the marks " + ", ".join(f"{g[m]:.2g}" for m in inside)
                     + (f", elsewhere median {np.median(rest):.2g}" if len(rest) else ""))
    return ": ".join(parts[:2]) + ("; " + "; ".join(parts[2:]) if len(parts) > 2 else "")


def draw_memory(models, x, markers=None, feature=None):
    """One log panel per model of input_gradients against the step t, the marked steps as red lines.

    models: {name: trained model} (or one model); x (n, T, D) or (T, D); markers: the steps to
    mark (default: where x[0, :, 1] == 1, the adding problem's marks); feature: None (all D
    inputs), or the one feature to differentiate by (0: the values).  An adding-problem sequence is
    drawn on top; with one sequence each panel gives the model's prediction and the true sum.
    The panels share their axes, so the models compare directly.  Returns the figure.
    """
    models = models if isinstance(models, dict) else {"model": models}
    x = _sequences(x)
    T = x.shape[1]
    marks = _marks(x, markers)
    shown = _adding(x[0])
    # the learner's code first: an unfinished layer leaves no half-drawn figure behind
    runs = [(name, *_run(model, x, feature)) for name, model in models.items()]
    rows = len(models) + shown
    height = 1.0 + 1.75 * len(models) + 0.9 * shown
    fig, axes = plt.subplots(rows, 1, figsize=(10.5, height), sharex=True, squeeze=False,
                             gridspec_kw=dict(height_ratios=[0.55] * shown + [1.0] * len(models)))
    axes = list(axes[:, 0])
    if shown:
        _draw_input(axes.pop(0), x[0])
    steps = np.arange(T)
    wrt = "x_t" if feature is None else f"x_t[{feature}]"
    lows = []
    for ax, (name, out, g) in zip(axes, runs):
        lows.append(np.nanmin(_positive(g)) if np.any(g > 0) else 1.0)
        ax.semilogy(steps, _positive(g), "o-", ms=3, lw=1.4, color="tab:blue")
        for m in marks:
            ax.axvline(m, color="tab:red", ls="--", lw=1.2)
        ax.axhline(1.0, color="0.5", ls=":", lw=1)
        ax.set_ylabel(f"|∂ pred / ∂{wrt}|", fontsize=8)
        ax.grid(alpha=0.3, which="major")
        ax.text(0.005, 1.03, _said(name, out, g, marks, x), transform=ax.transAxes, fontsize=9, va="bottom")
    # one shared range, a decade below the smallest value: an RNN's 1e-12 and a GRU's 1 on one scale
    for ax in axes:
        ax.set_ylim(max(min(lows), 1e-30) / 10, 10.0)
    axes[-1].set_xlim(-0.5, T - 0.5)
    said = [] if len(x) == 1 else [f"root mean square over {len(x)} sequences"]
    if len(marks):
        said.append("red dashed: the marked steps" + ("" if markers is not None or len(x) == 1 else
                                                      " of the first sequence"))
    axes[-1].set_xlabel("time step t" + (f"  ({'; '.join(said)})" if said else ""))
    fig.suptitle("what the prediction depends on: an output that uses an early input has a large gradient there",
                 fontsize=10.5)
    fig.tight_layout(h_pad=1.6)
    return fig


def _moved(x, step):
    """A copy of the sequence x (T, D) with its first mark moved to `step` (and the target with it)."""
    x = np.array(x, dtype=float)
    marked = np.flatnonzero(x[:, 1] == 1)
    if len(marked) and step not in marked:
        x[marked[0], 1] = 0.0
        x[step, 1] = 1.0
    return x


@follows
def memory_explorer(models, X, height="760px"):
    """Pick a trained model (or all), a sequence of X (n, T, 2), optionally move its first mark: how much the
    prediction depends on each step, and the prediction against the true sum.

    The first mark can move within the first half of the sequence, where the adding problem puts it.
    """
    slider = dict(continuous_update=False)
    T = np.shape(X)[1]
    first = np.flatnonzero(np.asarray(X[0])[:, 1] == 1)
    names = list(models) + (["all"] if len(models) > 1 else [])
    model = w.ToggleButtons(options=names, value=names[-1], description="model", style={"button_width": "5.5em"})
    index = w.IntSlider(value=0, min=0, max=len(X) - 1, description="sequence (index into X)", **slider)
    wrt = w.Dropdown(options=list(FEATURES), value="all inputs", description="gradient with respect to")
    move = w.Checkbox(value=False, description="move the first mark", indent=False)
    mark = w.IntSlider(value=int(first[0]) if len(first) else 0, min=0, max=max(T // 2 - 1, 0),
                       description="first mark at step", disabled=True, **slider)
    move.observe(lambda _: setattr(mark, "disabled", not move.value), "value")

    def draw(model, index, wrt, move, mark):
        x = np.asarray(X[index], dtype=float)
        x = _moved(x, mark) if move else x
        chosen = models if model == "all" else {model: models[model]}
        return draw_memory(chosen, x, feature=FEATURES[wrt])

    return explorer(draw, height=height, columns=3, model=model, index=index, wrt=wrt, move=move, mark=mark)
