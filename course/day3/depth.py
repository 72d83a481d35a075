"""Day 3, signals through depth: how initialisation and activation make activations and gradients
vanish, stay put or explode over ten layers.

Static twins                                             explorer built on them
    draw_depth(Dense, activation_layer, init, ...)       depth_explorer(Dense, activations, init_weights)
    draw_depth_grid(Dense, activations, inits, ...)
    depth_table(...) / print_depth_table(rows)

Everything is measured on the learner's own ``Dense`` and activation layers
(``layer_statistics``); nothing here answers an exercise.
"""
import warnings
from collections import namedtuple

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator, NullFormatter
import numpy as np

from course.widgets import explorer, follows, w

__all__ = ["INITS", "layer_statistics", "draw_depth", "draw_depth_grid", "DepthRow", "depth_table",
           "print_depth_table", "depth_explorer"]

# the inits the figures offer; "normal, std 1" is "normal" with its std overwritten to 1
INITS = ["he", "xavier", "normal", "normal, std 1"]
_INIT_LABELS = {"normal": "normal, std 0.01"}

DepthRow = namedtuple("DepthRow", "activation init std_first std_last grad_first grad_last")


def _name(layer_class):
    return getattr(layer_class, "__name__", str(layer_class))


def layer_statistics(Dense, activation_layer, init, depth=10, width=64, n=500, seed=0, scale=None,
                     init_weights=None):
    """Push x ~ N(0, 1) of shape (n, width) through depth x [Dense(width, width), activation_layer()].

    init: "he", "xavier", "normal" (the learner's std 0.01) or "normal, std 1".  For the last one
    (or any init with ``scale`` given) each Dense's W is overwritten with
    ``init_weights(width, width, "normal", rng, scale=scale)``: the learner's function when
    passed, else ``scale * rng.standard_normal``.  A standard-normal dout is then sent back.

    Returns dict of per-layer lists (index 0 = layer 1, next to the input):
      activations        (n, width) arrays, each layer's output after its activation
      grads              (n, width) arrays, dL/dx of each Dense (the gradient reaching its input)
      weight_grad_norms  floats, ||dL/dW|| of each Dense
    """
    if init == "normal, std 1":
        init, scale = "normal", 1.0 if scale is None else scale
    rng = np.random.default_rng(seed)   # one generator for all layers: independent weight matrices
    layers = []
    for _ in range(depth):
        dense = Dense(width, width, init=init, rng=rng)
        if scale is not None:
            dense.params["W"][...] = (init_weights(width, width, "normal", rng, scale=scale)
                                      if init_weights is not None else scale * rng.standard_normal((width, width)))
        layers += [dense, activation_layer()]
    x = np.random.default_rng(seed + 1).standard_normal((n, width))
    activations, grads, norms = [], [], []
    # exploding signals overflow sigmoid's exp and the like: a measurement, not an error
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for dense, act in zip(layers[::2], layers[1::2]):
            x = act.forward(dense.forward(x, train=True), train=True)
            activations.append(np.asarray(x))
        dout = np.random.default_rng(seed + 2).standard_normal((n, width))
        for dense, act in reversed(list(zip(layers[::2], layers[1::2]))):
            dout = dense.backward(act.backward(dout))
            grads.append(np.asarray(dout))
            norms.append(float(np.linalg.norm(dense.grads["W"])))
    return {"activations": activations, "grads": grads[::-1], "weight_grad_norms": norms[::-1]}


def _std(a):
    with np.errstate(all="ignore"):
        return float(np.nanstd(a)) if np.isfinite(a).any() else float("nan")


def _decades(ax, values):
    """Log y limits on whole decades, at least one: a nearly flat line gets labelled ticks, not
    crowded minor labels."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    if v.size:
        lo, hi = np.floor(np.log10(v.min())), np.ceil(np.log10(v.max()))
        ax.set_ylim(10 ** lo, 10 ** max(hi, lo + 1))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _shown_layers(depth, most=10):
    """At most `most` layer indices, evenly spread, always the first and the last."""
    if depth <= most:
        return list(range(depth))
    return sorted(set(np.linspace(0, depth - 1, most).round().astype(int).tolist()))


def _histograms(axes, activations, shown):
    """One small histogram per shown layer, on a common x range (that of layer 1): a signal
    that shrinks becomes a spike at 0, one that explodes piles up at the edges."""
    first = activations[0][np.isfinite(activations[0])]
    lo, hi = np.percentile(first, [0.5, 99.5]) if first.size else (-1.0, 1.0)
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    bins = np.linspace(lo, hi, 41)
    colours = plt.cm.viridis(np.linspace(0.0, 0.9, len(shown)))
    for i, (ax, l, c) in enumerate(zip(axes, shown, colours)):
        a = activations[l].ravel()
        a = a[np.isfinite(a)]
        off = np.mean((a < lo) | (a > hi)) if a.size else 0.0
        counts, _ = np.histogram(np.clip(a, lo, hi), bins=bins)
        ax.stairs(counts / max(len(a), 1), bins, fill=True, color=c, alpha=0.85)
        # a ReLU's zeros fill one bin: cap the height so the rest of the shape stays visible
        ax.set_ylim(0, max(np.sort(counts)[-2] / max(len(a), 1) * 1.6, 1e-3))
        ax.set_title(f"layer {l + 1}", fontsize=8, pad=2)
        ax.text(0.5, 0.97, f"std {_std(activations[l]):.2g}", transform=ax.transAxes, ha="center",
                va="top", fontsize=7)
        if off > 0.05:   # clipped into the edge bins: say so, the bars alone would understate it
            ax.text(0.5, 0.8, f"{off:.0%} off scale", transform=ax.transAxes, ha="center", va="top",
                    fontsize=7, color="tab:red")
        ax.set_yticks([])
        ax.set_xlim(lo, hi)
        if i == 0:   # one shared range: label it once (ticks on ten panels would double the redraw time)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=2))
            ax.tick_params(labelsize=6)
        else:
            ax.set_xticks([])
    axes[0].set_ylabel("activations", fontsize=8)


def draw_depth(Dense, activation_layer, init="he", depth=10, width=64, n=500, seed=0,
               init_weights=None, name=None):
    """Histograms of each layer's activations (top) and, per layer, the activations' std and
    ||dL/dW|| (bottom, log scale) for one activation and init; returns the figure."""
    stats = layer_statistics(Dense, activation_layer, init, depth, width, n, seed, init_weights=init_weights)
    name = name or _name(activation_layer)
    shown = _shown_layers(depth)
    fig = plt.figure(figsize=(10, 5.6))
    rows = fig.add_gridspec(2, 1, height_ratios=[1, 1.7], hspace=0.4, left=0.08, right=0.98, top=0.88)
    top, bottom = rows[0].subgridspec(1, len(shown), wspace=0.12), rows[1].subgridspec(1, 2, wspace=0.28)
    _histograms([fig.add_subplot(top[0, i]) for i in range(len(shown))], stats["activations"], shown)
    ax, bx = fig.add_subplot(bottom[0, 0]), fig.add_subplot(bottom[0, 1])
    layers = np.arange(1, depth + 1)
    stds = [_std(a) for a in stats["activations"]]
    ax.semilogy(layers, stds, "o-", color="tab:blue")
    _decades(ax, stds)
    ax.set_ylabel("std of the activations")
    bx.semilogy(layers, stats["weight_grad_norms"], "o-", color="tab:red", label=r"$\|\partial L/\partial W_l\|$")
    dx = [float(np.linalg.norm(g)) for g in stats["grads"]]
    bx.semilogy(layers, dx, "s--", color="tab:orange", ms=4, label=r"$\|\partial L/\partial x_l\|$ (input of layer $l$)")
    _decades(bx, stats["weight_grad_norms"] + dx)
    bx.set_ylabel("gradient norm")
    bx.legend(fontsize=8, loc="best")
    for a in (ax, bx):
        a.set_xlabel("layer (1 = next to the input)")
        a.set_xticks(layers if depth <= 12 else layers[::2])
        a.grid(alpha=0.3)
    fig.suptitle(f"{name} after each of {depth} Dense({width}, {width}) layers, init "
                 f"{_INIT_LABELS.get(init, init)}: activations (top), their spread and the gradients (bottom)",
                 fontsize=10)
    return fig


def depth_table(Dense, activations, inits=INITS, depth=10, width=64, init_weights=None):
    """DepthRow(activation, init, std_first, std_last, grad_first, grad_last) for every
    (activation name, layer class) in activations x init in inits: std of layer 1's and layer
    depth's activations, ||dL/dW|| of layer 1 and layer depth."""
    rows = []
    for act, layer in activations.items():
        for init in inits:
            s = layer_statistics(Dense, layer, init, depth, width, init_weights=init_weights)
            rows.append(DepthRow(act, _INIT_LABELS.get(init, init), _std(s["activations"][0]),
                                 _std(s["activations"][-1]), s["weight_grad_norms"][0], s["weight_grad_norms"][-1]))
    return rows


def print_depth_table(rows):
    """Print depth_table's rows as an aligned table."""
    print(f"{'activation':<11}{'init':<17}{'std layer 1':>12}{'std last':>12}"
          f"{'|dW| layer 1':>14}{'|dW| last':>12}")
    for r in rows:
        print(f"{r.activation:<11}{r.init:<17}{r.std_first:>12.3g}{r.std_last:>12.3g}"
              f"{r.grad_first:>14.3g}{r.grad_last:>12.3g}")


def draw_depth_grid(Dense, activations, inits=INITS, depth=10, width=64, init_weights=None):
    """Small multiples: one column per activation (name -> layer class), rows = std of the
    activations and ||dL/dW|| per layer, one line per init; shared log y per row. Returns the figure."""
    fig, axes = plt.subplots(2, len(activations), figsize=(10, 5.8), sharey="row", squeeze=False)
    layers = np.arange(1, depth + 1)
    colours = dict(zip(INITS, ["tab:green", "tab:blue", "tab:purple", "tab:red"]))
    for j, (act, layer) in enumerate(activations.items()):
        for init in inits:
            s = layer_statistics(Dense, layer, init, depth, width, init_weights=init_weights)
            style = dict(marker="o", ms=3, color=colours.get(init), label=_INIT_LABELS.get(init, init))
            axes[0, j].semilogy(layers, [_std(a) for a in s["activations"]], **style)
            axes[1, j].semilogy(layers, s["weight_grad_norms"], **style)
        axes[0, j].set_title(f"{act}", fontsize=11)
        axes[1, j].set_xlabel("layer (1 = next to the input)")
        for ax in axes[:, j]:
            ax.grid(alpha=0.3, which="both")
            ax.set_xticks(layers if depth <= 12 else layers[::2])
    axes[0, 0].set_ylabel("std of the activations")
    axes[1, 0].set_ylabel(r"$\|\partial L/\partial W_l\|$")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=len(inits), title="init", fontsize=9,
               bbox_to_anchor=(0.5, 0.995), frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 0.9))
    return fig


@follows
def depth_explorer(Dense, activations, init_weights=None):
    """Activation, init, depth and width: watch the signal (and its gradient) vanish, hold or explode.

    activations: name -> the learner's layer class, e.g. {"relu": ReLU, "tanh": Tanh, "sigmoid": Sigmoid}.
    init_weights: the learner's function, used for "normal, std 1".
    """
    def draw(activation, init, depth, width):
        return draw_depth(Dense, activations[activation], init, depth=depth, width=width,
                          init_weights=init_weights, name=activation)

    return explorer(
        draw, height="600px", columns=4,
        activation=w.Dropdown(options=list(activations), value=list(activations)[0]),
        init=w.Dropdown(options=INITS, value="he", description="init"),
        depth=w.IntSlider(value=10, min=2, max=20, continuous_update=False),
        width=w.IntSlider(value=64, min=16, max=256, step=16, continuous_update=False))
