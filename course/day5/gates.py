"""Day 5, what a trained LSTM or GRU does at each step: its gates, read through the learner's own step function.

Readings and static twins                             explorer built on them
    read_gates(model, x, step=None)                   gate_inspector(models, X, sequences=None)
    draw_gates(gates, x, t=None, title=None)
    draw_model_gates(model, x, t=None, name=None)
    parse_sequence(text)

The gates come from ``course.day5.gate_reading`` (read through the learner's step function).
"""
import matplotlib.pyplot as plt
import numpy as np

from course.day4.grids import with_play
from course.day5.gate_reading import ORDER, one_sequence, read_gates, recurrent_layer, step_function
from course.plots import message
from course.widgets import explorer, follows, w

__all__ = ["GATE_LABELS", "TYPED", "step_function", "recurrent_layer", "read_gates", "draw_gates",
           "draw_model_gates", "parse_sequence", "gate_inspector"]

GATE_LABELS = {"i": "input gate i", "f": "forget gate f", "o": "output gate o", "g": "candidate g",
               "c": "cell state c", "h": "hidden state h", "r": "reset gate r", "z": "update gate z",
               "n": "candidate n"}
TYPED = "typed"
EXAMPLE = "0.3 0.9* 0.1 0.4 0.7 0.2 0.5 0.8* 0.6 0.1"


def _kind(gates):
    return "lstm" if "i" in gates else "gru" if "r" in gates else "rnn"


def _limits(key, A):
    """Fixed colour limits: a gate 0..1, g, n and h −1..1, c ±max |c| rounded up to a half (it is not bounded)."""
    if key in "ifozr":
        return 0.0, 1.0, "viridis"
    top = max(1.0, np.ceil(2 * float(np.max(np.abs(A)))) / 2) if key == "c" else 1.0
    return -top, top, "RdBu_r"


def _adding(x):
    """True for an adding-problem sequence: (value, marker) with markers 0 or 1."""
    return x.shape[1] == 2 and bool(np.all((x[:, 1] == 0) | (x[:, 1] == 1)))


def _name(ax, text):
    """A panel's name, left above it: a text at a fixed place, not a title (which is moved above the ticks
    at every draw)."""
    ax.text(0, 1.03, text, transform=ax.transAxes, ha="left", va="bottom", fontsize=9)


def _draw_input(ax, x):
    T = len(x)
    if _adding(x):
        marked = x[:, 1] == 1
        # one line collection for the T bars (about half a step wide): T separate bar patches draw more slowly
        ax.vlines(np.arange(T), 0, x[:, 0], colors=np.where(marked, "tab:red", "0.6"), lw=min(12.0, 250.0 / T))
        ax.plot(np.flatnonzero(marked), x[marked, 0] + 0.12, "v", color="tab:red", ms=6)
        ax.set_ylim(0, max(1.0, float(x[:, 0].max())) + 0.3)
        ax.set_ylabel("value", fontsize=8)
        _name(ax, f"input: the values, marked ones in red (their sum {np.sum(x[marked, 0]):.3g} is the target)")
    elif x.shape[1] == 1:
        ax.plot(np.arange(T), x[:, 0], color="0.3")
        _name(ax, "input")
    else:
        ax.imshow(x.T, aspect="auto", cmap="Greys", interpolation="nearest",
                  extent=(-0.5, T - 0.5, x.shape[1] - 0.5, -0.5))
        ax.set_ylabel("feature", fontsize=8)
        _name(ax, f"input: {x.shape[1]} features")


def _draw_values(ax, key, A, t, lo, hi):
    """The units' values at step t as horizontal lines on the heatmap's own unit axis, and their mean."""
    H = A.shape[1]
    values = A[t]
    # one dark colour a gate, red/blue by sign for a state: a colour map's light end vanishes on white
    colours = "tab:green" if lo == 0 else np.where(values >= 0, "tab:red", "tab:blue")
    ax.hlines(np.arange(H), 0, values, colors=colours, lw=max(1.0, min(7.0, 50.0 / H)))
    ax.set_ylim(H - 0.5, -0.5)                 # the heatmap's unit axis, unit 0 on top
    ax.set_yticks([0, H - 1] if H > 1 else [0])
    ax.axvline(values.mean(), color="k", lw=1)
    ax.set_xlim(lo, hi)
    ax.set_xticks([lo, hi] if lo == 0 else [lo, 0, hi])
    ax.tick_params(labelleft=False, labelsize=7)
    ax.text(0.98, 0.04, f"mean {values.mean():.2f}", transform=ax.transAxes, ha="right", va="bottom", fontsize=8,
            bbox=dict(fc="white", ec="none", alpha=0.7, pad=1))


def _describe(x, t):
    if _adding(x):
        return f"value {x[t, 0]:.2f}, " + ("marked" if x[t, 1] == 1 else "not marked")
    return "x_t = (" + ", ".join(f"{v:.2f}" for v in x[t][:4]) + (" …)" if x.shape[1] > 4 else ")")


def draw_gates(gates, x, t=None, title=None):
    """Heatmaps over time of every gate and state in `gates` (read_gates' dict of (T, H)), under the input x.

    x: the sequence (T, D) or (1, T, D), drawn on top (an adding-problem sequence: its values as bars,
    the marked ones red).  t: a step to mark; then a column on the right shows each panel's H values
    at step t and their mean.  Colour limits are fixed: gates 0..1, g, n and h −1..1, c symmetric.
    Returns the figure.
    """
    kind = _kind(gates)
    keys = [k for k in ORDER[kind] if k in gates]
    x = np.asarray(x, dtype=float)
    x = x[0] if x.ndim == 3 else x
    T, H = gates["h"].shape
    t = None if t is None else min(max(int(t), 0), T - 1)
    rows = 1 + len(keys)
    # heatmap, colour bar, then (with t) a gap for the bar's labels and the values at t
    cols = [7.0, 0.12] + ([0.55, 1.6] if t is not None else [])
    height = 0.9 + 0.92 * rows
    fig = plt.figure(figsize=(10.5, height))
    grid = fig.add_gridspec(rows, len(cols), width_ratios=cols, height_ratios=[0.8] + [1.0] * len(keys), left=0.07,
                            right=0.98, top=1 - 0.55 / height, bottom=0.45 / height, hspace=0.42, wspace=0.03)
    top = fig.add_subplot(grid[0, 0])
    _draw_input(top, x)
    panels = [top]
    for r, key in enumerate(keys, 1):
        ax = fig.add_subplot(grid[r, 0])
        lo, hi, cmap = _limits(key, gates[key])
        im = ax.imshow(gates[key].T, aspect="auto", cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest",
                       extent=(-0.5, T - 0.5, H - 0.5, -0.5))
        _name(ax, GATE_LABELS[key])
        ax.set_ylabel("unit", fontsize=8)
        ax.set_yticks([0, H - 1] if H > 1 else [0])
        bar = fig.colorbar(im, cax=fig.add_subplot(grid[r, 1]), ticks=[lo, hi] if lo == 0 else [lo, 0, hi])
        bar.ax.tick_params(labelsize=7)
        if t is not None:
            _draw_values(fig.add_subplot(grid[r, 3]), key, gates[key], t, lo, hi)
        panels.append(ax)
    # one time axis for all the panels, its ticks fixed and labelled on the bottom panel only
    ticks = np.arange(0, T, 1 if T <= 10 else 5 * int(np.ceil(T / 50)))
    for ax in panels:
        ax.set_xlim(-0.5, T - 0.5)
        ax.set_xticks(ticks)
        ax.tick_params(labelsize=7, labelbottom=ax is panels[-1])
        if t is not None:
            ax.axvspan(t - 0.5, t + 0.5, fill=False, ec="k", lw=1.6)
    panels[-1].set_xlabel("time step t")
    if t is not None:
        where = fig.add_subplot(grid[0, 3])
        where.axis("off")
        where.text(0, 0.5, f"at step t = {t}\n{_describe(x, t)}\n\neach unit's value below,\nblack: their mean",
                   fontsize=8.5, va="center", transform=where.transAxes)
    fig.suptitle(title or f"{kind.upper()} over {T} steps, {H} units", fontsize=10.5)
    return fig


def _prediction(model, x):
    """The model's output for x (1, T, D) when it is one number (a regression head), else None."""
    out = np.asarray(model.forward(x[None], train=False), dtype=float)
    return float(out.ravel()[0]) if out.size == 1 else None


def draw_model_gates(model, x, t=None, name=None, step=None):
    """``read_gates`` then ``draw_gates`` for one sequence x (T, D), with the model's prediction in the title.

    The prediction is ``model.forward(x[None], train=False)`` when that is one number; for an
    adding-problem sequence the target (the sum of the marked values) is shown beside it.
    """
    layer = recurrent_layer(model)
    x = one_sequence(x, np.shape(layer.params["Wx"])[0])
    gates = read_gates(layer, x, step)
    said = [f"{name or layer.kind.upper()}: {len(x)} steps, {gates['h'].shape[1]} units"]
    guess = _prediction(model, x)
    if guess is not None:
        said.append(f"prediction {guess:.3f}")
    if _adding(x):
        said.append(f"target {np.sum(x[:, 0] * x[:, 1]):.3f}")
    return draw_gates(gates, x, t, title=", ".join(said))


def parse_sequence(text):
    """An adding-problem sequence (T, 2) from typed values, a ``*`` after each marked one.

    "0.3 0.9* 0.1 0.5*" -> values 0.3 0.9 0.1 0.5, markers 0 1 0 1.  Spaces or commas split
    the values.  Raises ValueError saying what is wrong.
    """
    tokens = str(text).replace(",", " ").replace("\u2212", "-").split()
    if len(tokens) < 2:
        raise ValueError("type at least two values, e.g. 0.3 0.9* 0.1 0.5* (a * marks a value)")
    rows = []
    for k, token in enumerate(tokens, 1):
        marked = token.endswith("*")
        try:
            rows.append((float(token.rstrip("*")), 1.0 if marked else 0.0))
        except ValueError:
            raise ValueError(f"value {k}: {token!r} is not a number (type numbers, a * after the marked ones)") \
                from None
    return np.array(rows)


@follows
def gate_inspector(models, X, sequences=None, height="860px"):
    """Watch a trained LSTM or GRU read a sequence: its gates and states at every step, read with your step
    functions.  Pick the model, a sequence (of X, one of `sequences`, or typed) and the step (or Play).

    models: {name: trained model}; X (N, T, D): sequences to pick by index; sequences: optional
    {name: (T, D) array or typed text like "0.3 0.9* 0.1 0.5*"} offered next to them.
    """
    sequences = dict(sequences or {})
    slider = dict(continuous_update=False)
    model = w.ToggleButtons(options=list(models), value=next(iter(models)), description="model",
                           style={"button_width": "5.5em"})   # three buttons on one row
    source = w.Dropdown(options=["from X", *sequences, TYPED], value="from X", description="sequence")
    index = w.IntSlider(value=0, min=0, max=len(X) - 1, description="index into X", **slider)
    typed = w.Text(value=EXAMPLE, description="typed (* marks a value)", continuous_update=False, disabled=True,
                   layout=w.Layout(width="420px"))
    step = w.IntSlider(value=0, min=0, max=np.shape(X)[1] - 1, description="time step t", **slider)

    def chosen(source, index, typed):
        if source == TYPED:
            return parse_sequence(typed)
        if source in sequences:
            given = sequences[source]
            return parse_sequence(given) if isinstance(given, str) else np.asarray(given, dtype=float)
        return np.asarray(X[index], dtype=float)

    def resize(_=None):
        # registered before the explorer's own observers: the step's range is right before the redraw
        typed.disabled, index.disabled = source.value != TYPED, source.value != "from X"
        try:
            step.max = len(chosen(source.value, index.value, typed.value)) - 1
        except ValueError:
            pass                                  # the figure says what is wrong with the typed text

    for c in (source, index, typed):
        c.observe(resize, "value")

    def draw(model, source, index, typed, step):
        try:
            x = one_sequence(chosen(source, index, typed), np.shape(recurrent_layer(models[model]).params["Wx"])[0])
        except ValueError as err:
            return message(str(err)).figure
        return draw_model_gates(models[model], x, min(step, len(x) - 1), name=model)

    ui = explorer(draw, height=height, columns=3, model=model, source=source, index=index, typed=typed, step=step)
    ui = with_play(ui, step)
    if ui is not None:
        ui.play.tooltip = "step through the sequence"
    return ui
