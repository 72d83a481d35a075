"""Day 4, inside a trained convolutional network: its filters, and what each layer makes of one image.

Static twins                                   viewer built on them
    draw_filters(W)                            feature_map_viewer(model, X, y)
    draw_feature_maps(model, x, layer)
    layer_outputs(model, x)

``model`` is the learner's trained ``Sequential``: its ``layers`` are run one by
one with ``forward(x, train=False)``; a layer's kind is its class name
(``Conv2D``, ``ReLU``, ``MaxPool2D``, ``Flatten``, ``Dense``).
"""
import matplotlib.pyplot as plt
import numpy as np

from course.widgets import explorer, follows, w

__all__ = ["draw_filters", "layer_outputs", "layer_choices", "draw_feature_maps", "feature_map_viewer"]


def _symmetric(A):
    """A colour limit centred at 0 for a diverging map: +-max |A| (1 for an all-zero A)."""
    top = float(np.nanmax(np.abs(A))) if np.size(A) and np.isfinite(A).any() else 1.0
    return top if top > 0 else 1.0


def _grid(n, cols):
    cols = max(1, min(n, cols))
    return int(np.ceil(n / cols)), cols


def draw_filters(W, title=None, channel=0, cols=8):
    """Every filter of a conv layer as a small image. W (F, C, KH, KW). Returns the figure.

    channel: the input channel to show (an int), or "mean" for the mean over the C input channels.
    One diverging colour scale for all filters, centred at 0 (red positive, blue negative), so
    filters can be compared with each other.
    """
    W = np.asarray(W, dtype=float)
    if W.ndim != 4:
        raise ValueError(f"W must be (F, C, KH, KW), got shape {W.shape}")
    F, C, KH, KW = W.shape
    if channel == "mean":
        shown, which = W.mean(axis=1), f"mean over the {C} input channels"
    else:
        shown = W[:, channel]
        which = "the only input channel" if C == 1 else f"input channel {channel} of {C}"
    rows, cols = _grid(F, cols)
    fig, axes = plt.subplots(rows, cols, figsize=(min(1.3 * cols, 11), 1.45 * rows + 0.7), squeeze=False)
    top = _symmetric(shown)
    for f, ax in enumerate(axes.flat):
        if f >= F:
            fig.delaxes(ax)
            continue
        im = ax.imshow(shown[f], cmap="RdBu_r", vmin=-top, vmax=top, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"filter {f}", fontsize=8)
    fig.suptitle(title or f"the {F} filters ({KH}×{KW}, {which})", fontsize=10)
    fig.tight_layout(rect=(0, 0, 0.92, 1))
    bar = fig.add_axes([0.935, 0.15, 0.015, 0.65])
    fig.colorbar(im, cax=bar).ax.tick_params(labelsize=7)
    return fig


def layer_outputs(model, x):
    """[(index, layer type name, output)] of every layer of model for one input x (1, C, H, W)."""
    out, x = [], np.asarray(x, dtype=float)
    for i, layer in enumerate(model.layers):
        x = layer.forward(x, train=False)
        out.append((i, type(layer).__name__, np.asarray(x)))
    return out


def layer_choices(model, x):
    """The viewer's dropdown: [("0: Conv2D (1, 8, 8, 8)", 0), ...] for an input x (1, C, H, W)."""
    return [(f"{i}: {name} {tuple(a.shape)}", i) for i, name, a in layer_outputs(model, x)]


def draw_feature_maps(model, x, layer, label=None, cols=8):
    """What layer `layer` (an index into model.layers) makes of x (1, C, H, W). Returns the figure.

    A 4-D output (1, F, H', W'): the input image, then one small image per channel with its
    number, on one colour scale (diverging if the maps have negative values).  A 2-D output
    (1, K) (after Flatten or Dense): a bar per unit.  label: shown in the title (e.g. the true class).
    """
    x = np.asarray(x, dtype=float)
    if x.ndim == 3:
        x = x[None]
    outputs = layer_outputs(model, x)
    index, name, out = outputs[layer]
    what = f"layer {index}: {name}, output {tuple(out.shape)}"
    if out.ndim != 4:
        values = np.ravel(out[0]) if out.ndim > 1 else np.ravel(out)
        fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 3.4), gridspec_kw=dict(width_ratios=[1, 5]))
        _input(ax, x, label)
        bx.bar(np.arange(len(values)), values, color=np.where(values >= 0, "tab:red", "tab:blue"), width=0.8)
        bx.axhline(0, color="0.3", lw=0.8)
        last = index == len(outputs) - 1
        bx.set_xlabel("class (the last layer: one score per class)" if last else "unit")
        bx.set_xlim(-0.7, len(values) - 0.3)
        if len(values) <= 20:
            bx.set_xticks(np.arange(len(values)))
        bx.grid(axis="y", alpha=0.3)
        fig.suptitle(what, fontsize=10)
        fig.tight_layout()
        return fig
    maps = out[0]
    F = len(maps)
    rows, cols = _grid(F, cols)
    fig = plt.figure(figsize=(10.5, 1.2 * rows + 0.9))
    grid = fig.add_gridspec(rows, cols + 2, width_ratios=[rows * 1.0, 0.25] + [1.0] * cols, left=0.01, right=0.99,
                            top=1 - 0.6 / (1.2 * rows + 0.9), bottom=0.02, wspace=0.08, hspace=0.3)
    _input(fig.add_subplot(grid[:, 0]), x, label)
    lo, hi = float(np.nanmin(maps)), float(np.nanmax(maps))
    # after a ReLU every map is >= 0: white is "no response"; signed maps get a scale centred at 0
    if lo < 0:
        cmap, lo, hi = "RdBu_r", -_symmetric(maps), _symmetric(maps)
    else:
        cmap, hi = "Reds", hi if hi > lo else lo + 1.0
    for c in range(F):
        ax = fig.add_subplot(grid[c // cols, 2 + c % cols])
        ax.imshow(maps[c], cmap=cmap, vmin=lo, vmax=hi, interpolation="nearest")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"channel {c}", fontsize=8, pad=2)
    fig.suptitle(what + f": {F} channels of {maps.shape[1]}×{maps.shape[2]}, one colour scale "
                 f"[{lo:.2g}, {hi:.2g}]", fontsize=10)
    return fig


def _input(ax, x, label=None):
    ax.imshow(x[0, 0], cmap="gray_r", interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("input" + ("" if label is None else f": a {label}") + ("" if x.shape[1] == 1 else " (channel 0)"),
                 fontsize=9)


@follows
def feature_map_viewer(model, X, y=None, height="480px"):
    """Pick an image of X (N, C, H, W) and a layer of your trained model: every channel it produces.

    y: the true classes (shown in the title), optional.
    """
    try:
        choices = layer_choices(model, np.asarray(X[:1], dtype=float))
    except NotImplementedError:
        # a layer still unfinished: name the layers without shapes, the figure then says which one
        choices = [(f"{i}: {type(layer).__name__}", i) for i, layer in enumerate(model.layers)]

    def draw(index, layer):
        return draw_feature_maps(model, X[index:index + 1], layer, label=None if y is None else int(y[index]))

    return explorer(draw, height=height, columns=2,
                    index=w.IntSlider(value=0, min=0, max=len(X) - 1, description="image (index into X)",
                                      continuous_update=False),
                    layer=w.Dropdown(options=choices, value=choices[0][1], description="layer"))
