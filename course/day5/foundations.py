"""Day 5, why a plain RNN forgets: the network unrolled in time, and its gradient against the time lag, measured.

Static twins                                                   explorer built on them
    draw_unrolled(T)                                           (a diagram, static only)
    gradient_by_lag(rnn_forward, rnn_backward, scale, T, ...)  vanishing_explorer(rnn_forward, rnn_backward)
    draw_gradient_by_lag(rnn_forward, rnn_backward, scales, T, input_scale, chosen)

Back from the last step to step t the gradient is multiplied by the lag T − 1 − t
Jacobians ∂h_k/∂h_{k−1} = diag(1 − h_k²) W_hᵀ.  With W_h = s Q (Q orthogonal, every
singular value of W_h is s) the s^lag of the weights competes with the product of the
tanh slopes 1 − h² <= 1.  Measured with h0 = 0, b = 0, W_x of std 1/sqrt(D), N(0, 1) inputs
(16 units, 40 steps, the median over 6 seeds at lag 39, the first step's input):

    s             0.5     1.0     1.5     2.0     4.0     8.0     32
    ‖dx_t‖        1e−18   6e−8    3e−3    2       4e5     1e7     1e−18

so there are three regimes, not two: s < 1 vanishes (the weights shrink); s well above 1
explodes (the units that are not saturated stretch the gradient by more than the saturated
ones shrink it: the network is chaotic, and its curve ragged); and very large s vanishes
again, because nearly every unit is saturated (1 − h² ≈ 0).  Just above 1 the slopes win
and the gradient still vanishes: it holds steady only in a narrow window near s ≈ 2 (for
these inputs: stronger inputs saturate the tanh more and move the window up, see
``input_scale``).  Every number is the learner's ``rnn_forward`` and ``rnn_backward``.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from course.widgets import explorer, follows, w

__all__ = ["SCALES", "gradient_by_lag", "draw_gradient_by_lag", "vanishing_explorer", "draw_unrolled"]

SCALES = (0.5, 1.0, 2.0, 4.0, 32.0)    # vanishing, still vanishing, steady, exploding, saturated


def _weights(T, D, H, N, seed, input_scale):
    """Wx (D, H), Q (H, H) orthogonal, x (N, T, D) and the unit vectors u (N, H), drawn in that order from seed.

    The draws do not depend on the scale: the curves of several scales differ only by s.
    """
    rng = np.random.default_rng(seed)
    Wx = rng.standard_normal((D, H)) / np.sqrt(D)
    A, R = np.linalg.qr(rng.standard_normal((H, H)))
    Q = A * np.sign(np.diag(R))               # the sign fix makes Q uniform over the orthogonal matrices
    x = input_scale * rng.standard_normal((N, T, D))
    u = rng.standard_normal((N, H))
    return Wx, Q, x, u / np.linalg.norm(u, axis=1, keepdims=True)


def _measure(rnn_forward, rnn_backward, scale, T, D, H, N, seed, input_scale):
    """(gradient norm per lag (T,), mean tanh slope 1 − h² over the run) with the learner's functions."""
    Wx, Q, x, u = _weights(T, D, H, N, seed, input_scale)
    h, cache = rnn_forward(x, np.zeros((N, H)), Wx, float(scale) * Q, np.zeros(H))
    dh = np.zeros((N, T, H))
    dh[:, -1] = u
    dx = np.asarray(rnn_backward(dh, cache)[0], dtype=float)
    if dx.shape != x.shape:
        raise ValueError(f"rnn_backward returned dx of shape {dx.shape}, expected {x.shape} (that of x)")
    by_step = np.sqrt(np.mean(np.sum(dx ** 2, axis=2), axis=0))
    return by_step[::-1], float(np.mean(1.0 - np.asarray(h, dtype=float) ** 2))


def gradient_by_lag(rnn_forward, rnn_backward, scale, T=40, D=4, H=16, N=8, seed=0, input_scale=1.0):
    """‖∂(u · h_{T−1}) / ∂x_t‖ against the lag: an array (T,) whose entry l is for lag l = T − 1 − t.

    A tanh RNN with h0 = 0, b = 0, Wx (D, H) of std 1/sqrt(D), Wh = scale · Q (Q a random
    orthogonal (H, H) matrix) and inputs x (N, T, D) of std input_scale runs the learner's
    ``rnn_forward``; then ``rnn_backward`` gets dh (N, T, H) that is zero but at the last step,
    where each sequence n has a random unit vector u_n (a random direction of the last state:
    ones would only ask how the units' sum depends on the input).  Entry l is the root mean
    square over the N sequences of ‖dx[n, T−1−l]‖ (so it does not grow with N).  Everything
    is drawn from seed, the same for every scale.
    """
    return _measure(rnn_forward, rnn_backward, scale, T, D, H, N, seed, input_scale)[0]


def _positive(g):
    """g with zeros (and non-finite values) as NaN: a log axis cannot show them, a gap can."""
    g = np.asarray(g, dtype=float)
    return np.where(np.isfinite(g) & (g > 0), g, np.nan)


def draw_gradient_by_lag(rnn_forward, rnn_backward, scales=SCALES, T=40, input_scale=1.0, chosen=None):
    """One line per scale s of Wh = s Q: gradient_by_lag against the lag, on a log axis. Returns the figure.

    Each label gives the norm at the largest lag and the mean tanh slope 1 − h² of the run (near
    0: saturated).  chosen: a scale drawn bold in black over the others (then drawn faded).
    """
    colours = plt.cm.viridis(np.linspace(0.0, 0.85, max(len(scales), 1)))
    runs = [(s, colours[k], 0.45 if chosen is not None else 1.0, 1.6) for k, s in enumerate(scales)]
    if chosen is not None:
        runs.append((chosen, "k", 1.0, 3.0))
    # the learner's functions first: an unfinished one leaves no half-drawn figure behind
    measured = [_measure(rnn_forward, rnn_backward, s, T, 4, 16, 8, 0, input_scale) for s, *_ in runs]
    fig, ax = plt.subplots(figsize=(10.5, 4.6))
    for (s, colour, alpha, lw), (g, slope) in zip(runs, measured):
        ax.semilogy(np.arange(T), _positive(g), color=colour, alpha=alpha, lw=lw,
                    label=f"s = {s:.3g}: {g[-1]:.1e} at lag {T - 1}, mean tanh′ {slope:.2f}")
    if T > 1 and measured and np.all(measured[-1][0][1:] == 0):
        # the classic slip of exercise 2, worth saying on the figure: the earlier steps get nothing
        ax.text(0.5, 0.5, "your rnn_backward gives dx = 0 exactly at every lag > 0:\n"
                "does each step hand its dh_prev back to the step before?", transform=ax.transAxes,
                ha="center", va="center", color="tab:red", fontsize=10)
    ax.axhline(1.0, color="0.5", ls=":", lw=1)
    ax.set_xlim(0, max(T - 1, 1))
    ax.set_xlabel("time lag T − 1 − t (steps back from the last state)")
    ax.set_ylabel(r"$\|\,\partial (u \cdot h_{T-1}) / \partial x_t \|$")
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), title="Wh = s·Q, every singular value s",
              title_fontsize=8)
    ax.set_title(f"your BPTT: how much the last state depends on each earlier input, against the lag "
                 f"(T = {T}, input std {input_scale:.3g})", fontsize=10)
    fig.tight_layout()
    return fig


@follows
def vanishing_explorer(rnn_forward, rnn_backward, height="500px"):
    """The gradient against the time lag for the scale s of Wh you choose (bold), over the default scales (faded).

    Look for the s at which it neither vanishes nor explodes over the whole sequence; stronger
    inputs (input std) saturate the tanh more.
    """
    slider = dict(continuous_update=False)
    scale = w.FloatLogSlider(value=1.2, base=10, min=-1, max=np.log10(50), step=0.02, readout_format=".3g",
                             description="scale s of Wh = s·Q", **slider)
    T = w.IntSlider(value=40, min=5, max=100, step=5, description="sequence length T", **slider)
    input_scale = w.FloatLogSlider(value=1.0, base=10, min=-2, max=1, step=0.05, readout_format=".3g",
                                   description="input std", **slider)

    def draw(scale, T, input_scale):
        return draw_gradient_by_lag(rnn_forward, rnn_backward, SCALES, T, input_scale, chosen=scale)

    return explorer(draw, height=height, columns=3, scale=scale, T=T, input_scale=input_scale)


# --------------------------------------------------------------------------- the unrolled network

def _box(ax, x, y, text, colour):
    ax.add_patch(FancyBboxPatch((x - 0.42, y - 0.27), 0.84, 0.54, boxstyle="round,pad=0.04", fc=colour, ec="0.25",
                                lw=1.2, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, zorder=4)


def _arrow(ax, start, end, colour="0.2", rad=0.0, ls="-", lw=1.4):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, color=colour, lw=lw, ls=ls,
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=0, shrinkB=0, zorder=2))


def draw_unrolled(T=4):
    """An RNN unrolled in T steps: x_t -> h_t -> y_t, h_{t−1} -> h_t, the shared weights, and BPTT in red.

    Black: the forward pass, h_t = tanh(x_t Wx + h_{t−1} Wh + b), the same Wx, Wh, b at every
    step.  Red: the gradient of the losses going back, into each h_t from its own output and
    from h_{t+1}, and on to the inputs.  Returns the figure.
    """
    T = max(1, int(T))
    gap = 2.3
    xs = 1.9 + gap * np.arange(T)
    fig, ax = plt.subplots(figsize=(min(2.0 + 2.2 * T, 13.0), 5.0))
    Y, H, X = 3.3, 1.75, 0.2                     # the rows of outputs, states and inputs
    _box(ax, 0.0, H, "$h_{-1}$", "0.93")
    ax.text(0.0, H - 0.4, "the given h0", ha="center", va="top", fontsize=8.5, color="0.3")
    for t, x in enumerate(xs):
        _box(ax, x, X, f"$x_{t}$", "#dbe9f6")
        _box(ax, x, H, f"$h_{t}$", "#fde3c8")
        _box(ax, x, Y, f"$y_{t}$, $L_{t}$", "#e3f1dc")
        _arrow(ax, (x, X + 0.31), (x, H - 0.31))
        ax.text(x + 0.08, (X + H) / 2, "$W_x$", fontsize=10, va="center")
        _arrow(ax, (x, H + 0.31), (x, Y - 0.31))
        ax.text(x + 0.08, (H + Y) / 2 + 0.1, "head", fontsize=9, va="center", color="0.3")
        left = xs[t - 1] if t else 0.0
        _arrow(ax, (left + 0.46, H + 0.06), (x - 0.46, H + 0.06))
        ax.text((left + x) / 2, H + 0.16, "$W_h$", fontsize=10, ha="center", va="bottom")
        # BPTT, offset from the forward arrows: down from the loss, back along the chain, to the input
        _arrow(ax, (x - 0.22, Y - 0.31), (x - 0.22, H + 0.31), "tab:red", ls="--")
        _arrow(ax, (x - 0.46, H - 0.14), (left + 0.46, H - 0.14), "tab:red", rad=-0.25, ls="--")
        _arrow(ax, (x - 0.22, H - 0.31), (x - 0.22, X + 0.31), "tab:red", ls="--", lw=1.0)
    ax.text(xs[-1] + 0.6, H - 0.5, "the gradient of $h_t$:\nfrom its own head $L_t$\n+ from $h_{t+1}$ (BPTT)",
            color="tab:red", fontsize=9, va="top")
    ax.text(0.0, -0.55, f"one cell, the same $W_x$, $W_h$, $b$ at all {T} steps: their gradients are the sums of "
            "the steps' gradients", fontsize=9.5, va="top")
    ax.text(0.0, -0.95, "black: forward  $h_t = \\tanh(x_t W_x + h_{t-1} W_h + b)$      red, dashed: the gradient "
            "going back through time", fontsize=9.5, va="top", color="0.25")
    ax.set_xlim(-0.6, xs[-1] + 2.6)
    ax.set_ylim(-1.3, Y + 0.55)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"a recurrent network unrolled in time: {T} steps are {T} layers that share their weights",
                 fontsize=10.5)
    fig.tight_layout()
    return fig
