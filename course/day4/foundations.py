"""Day 4, why convolutions: far fewer parameters than a dense layer, and a view that widens with depth.

    parameter_counts(H, W, C, F, k) / print_parameter_counts(rows)
    draw_parameter_counts(sizes)                dense vs convolution, against the image size
    draw_receptive_fields(receptive_field, stacks)   with the learner's receptive_field

The parameter counts are the arithmetic the notebook's text does by hand (no
exercise asks for them); the receptive fields are all the learner's.
"""
from collections import namedtuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from course import data

__all__ = ["ParameterRow", "parameter_counts", "print_parameter_counts", "draw_parameter_counts",
           "draw_receptive_fields"]

ParameterRow = namedtuple("ParameterRow", "layer weights biases total inputs_per_output")


def parameter_counts(H, W, C, F, k):
    """[dense row, convolution row] for an H x W image with C channels turned into F maps of H x W.

    The dense layer connects all H*W*C inputs to all H*W*F outputs; the k x k convolution
    (C -> F, padded to keep H x W) shares one (C, k, k) kernel per output map.
    """
    n_in, n_out = H * W * C, H * W * F
    dense = ParameterRow(f"dense {n_in} → {n_out}", n_in * n_out, n_out, n_in * n_out + n_out, n_in)
    conv = ParameterRow(f"conv {k}×{k}, {C} → {F} channels", F * C * k * k, F, F * C * k * k + F, C * k * k)
    return [dense, conv]


def print_parameter_counts(rows):
    """parameter_counts' rows as an aligned table."""
    width = max(len(r.layer) for r in rows) + 2
    print(f"{'layer':<{width}}{'weights':>14}{'biases':>10}{'total':>14}{'inputs per output':>19}")
    for r in rows:
        print(f"{r.layer:<{width}}{r.weights:>14,}{r.biases:>10,}{r.total:>14,}{r.inputs_per_output:>19,}")


def _short(n):
    """33 k, 8.4 M, 2.1 bn: counts that fit above a marker."""
    for size, unit in ((1e9, " bn"), (1e6, " M"), (1e3, " k")):
        if n >= size:
            return f"{n / size:.3g}{unit}"
    return f"{n:.0f}"


def draw_parameter_counts(sizes=(8, 16, 32, 64, 128, 224), C=1, F=8, k=3):
    """Parameters of a dense layer and of a k x k convolution (C -> F maps of the same size) for
    square images of each side in sizes, on log scales. Returns the figure."""
    sizes = np.asarray(sizes)
    rows = [parameter_counts(int(n), int(n), C, F, k) for n in sizes]
    dense = np.array([r[0].total for r in rows], dtype=float)
    conv = np.array([r[1].total for r in rows], dtype=float)
    fig, ax = plt.subplots(figsize=(9, 4.4))
    ax.loglog(sizes, dense, "o-", color="tab:red", label=f"dense: every pixel to every output ({C} → {F} maps)")
    ax.loglog(sizes, conv, "s-", color="tab:blue", label=f"convolution {k}×{k}: one shared kernel per map")
    for n, d in zip(sizes, dense):
        ax.annotate(_short(d), (n, d), textcoords="offset points", xytext=(-4, 7), ha="right", fontsize=8,
                    color="tab:red")
    ax.annotate(f"{conv[-1]:.0f}, whatever the size", (sizes[-1], conv[-1]), textcoords="offset points",
                xytext=(0, 7), ha="right", fontsize=8, color="tab:blue")
    # float32 bytes of the largest dense layer: the number that makes the point
    ax.text(0.98, 0.3, f"a dense layer on {sizes[-1]}×{sizes[-1]} images: {_short(dense[-1])} parameters,\n"
            f"{dense[-1] * 4 / 1e9:.3g} GB in float32", transform=ax.transAxes, ha="right", fontsize=9,
            color="tab:red")
    ax.set_xticks(sizes)
    ax.set_xticklabels([str(n) for n in sizes])
    ax.minorticks_off()
    ax.set_xlabel("image side (pixels)")
    ax.set_ylabel("parameters (weights + biases)")
    ax.set_ylim(conv.min() / 5, dense.max() * 20)
    ax.grid(alpha=0.3, which="major")
    ax.legend(fontsize=9, loc="upper left")
    ax.set_title(f"one layer, {C} input channel{'s' if C > 1 else ''} → {F} output maps of the same size",
                 fontsize=10)
    fig.tight_layout()
    return fig


def _square(ax, r, H, W, colour, label):
    """A side-r square centred on the image, on pixel borders (an odd r centres on a pixel)."""
    cy = H // 2 if r % 2 else (H - 1) / 2
    cx = W // 2 if r % 2 else (W - 1) / 2
    lo_y, lo_x = cy - (r - 1) / 2 - 0.5, cx - (r - 1) / 2 - 0.5
    ax.add_patch(Rectangle((lo_x, lo_y), r, r, fill=False, ec=colour, lw=2.2, label=label,
                           ls="-" if r <= max(H, W) else "--"))
    return lo_x, lo_y


def draw_receptive_fields(receptive_field, stacks, image=None):
    """The receptive field after each layer of each stack (left), and the final one drawn on a
    digit (right). Returns the figure.

    stacks: name -> list of (kernel, stride) pairs, e.g. {"3 conv 3x3": [(3, 1)] * 3, ...};
    receptive_field: the learner's function, called with every prefix stack[:l], l = 1..L.
    image: (H, W) array to draw on (default: a digit of the test set).
    """
    curves = {name: [int(receptive_field(list(stack[:l]))) for l in range(1, len(stack) + 1)]
              for name, stack in stacks.items()}
    A = data.digits()["X_test"][0, 0] if image is None else np.asarray(image, dtype=float)
    H, W = A.shape
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(10.5, 4.3), gridspec_kw=dict(width_ratios=[1.5, 1]))
    colours = plt.cm.tab10(np.arange(len(curves)) % 10)
    longest = max((len(c) for c in curves.values()), default=1)
    bx.imshow(A, cmap="gray_r", interpolation="nearest")
    bx.add_patch(Rectangle((-0.5, -0.5), W, H, fill=False, ec="0.5", lw=1))   # the image's edge, when a field is wider
    reach = [-0.5, W - 0.5, H - 0.5, -0.5]
    for n, ((name, rf), colour) in enumerate(zip(curves.items(), colours)):
        # stacks that start alike lie on top of each other: the earlier ones drawn thicker, so all show
        size = max(3.0, 9.0 - 2.0 * n)
        ax.plot(range(1, len(rf) + 1), rf, "osD^v"[n % 5] + "-", color=colour, ms=size, lw=size / 2.5,
                label=f"{name}: {rf[-1]}×{rf[-1]}")
        lo_x, lo_y = _square(bx, rf[-1], H, W, colour, f"{name}: {rf[-1]}")
        reach = [min(reach[0], lo_x), max(reach[1], lo_x + rf[-1]), max(reach[2], lo_y + rf[-1]), min(reach[3], lo_y)]
    ax.set_xlabel("layers")
    ax.set_ylabel("receptive field (input pixels, one side)")
    ax.set_xticks(range(1, longest + 1))
    ax.axhline(max(H, W), color="0.5", ls=":", lw=1)
    ax.text(1, max(H, W), f" the whole {H}×{W} image", va="bottom", fontsize=8, color="0.4")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("your receptive_field after each layer", fontsize=10)
    bx.set_xlim(reach[0] - 0.3, reach[1] + 0.3)
    bx.set_ylim(reach[2] + 0.3, reach[3] - 0.3)
    bx.set_xticks([])
    bx.set_yticks([])
    wider = [n for n, rf in curves.items() if rf[-1] > max(H, W)]
    bx.set_title("what one unit of the last layer sees" + ("\n(dashed: wider than the image)" if wider else ""),
                 fontsize=10)
    fig.tight_layout()
    return fig
