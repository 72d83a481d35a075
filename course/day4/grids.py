"""Day 4's pieces of grid figures: arrays drawn cell by cell with their numbers, windows outlined,
and the step slider's Play button.  Shared by ``convolution`` and ``pooling``.

    number(v)                          a cell's number as the figures write it ("0", "0.31", "−1")
    cells(ax, A, ...)                  A (H, W) as coloured cells with thin borders, numbers written in
    outline(ax, row, col, h, w, ...)   a rectangle around cells row..row+h-1, col..col+w-1
    with_play(ui, step)                a Play button that steps the IntSlider ``step`` of an explorer
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from course.widgets import w

__all__ = ["number", "cells", "outline", "learner_output", "output_so_far", "write_sum", "with_play", "MINUS"]

MINUS = "\u2212"   # a real minus sign: "-1" in a cell reads as a hyphen


def number(v, digits=2):
    """Whole numbers without decimals, others with `digits`; negative with a minus sign."""
    v = float(v)
    if not np.isfinite(v):
        return str(v)
    text = str(int(round(v))) if abs(v - round(v)) < 1e-9 else f"{v:.{digits}f}"
    return text.replace("-", MINUS)


def cells(ax, A, cmap="gray_r", vmin=None, vmax=None, numbers=None, fontsize=8, bold=None):
    """Draw A (H, W) as cells; A may be a masked array (masked cells stay blank).

    numbers: None (every unmasked cell), False (none) or a boolean (H, W) mask of the cells to
    number; bold: a boolean mask of numbers to write in bold.  Text is white on dark cells.
    Returns the image.
    """
    A = np.ma.asarray(A, dtype=float)
    cmap = plt.get_cmap(cmap).with_extremes(bad="0.94")
    vmin = float(A.min()) if vmin is None else vmin
    vmax = float(A.max()) if vmax is None else vmax
    if vmax - vmin < 1e-12:
        vmin, vmax = vmin - 1.0, vmax + 1.0
    im = ax.imshow(A, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    H, W = A.shape
    # cell borders as two line collections: tick-based grids cost a tenth of a second per panel
    ax.vlines(np.arange(0.5, W - 1), -0.5, H - 0.5, color="0.75", lw=0.5)
    ax.hlines(np.arange(0.5, H - 1), -0.5, W - 0.5, color="0.75", lw=0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    if numbers is False:
        return im
    shown = ~np.ma.getmaskarray(A) if numbers is None else np.asarray(numbers) & ~np.ma.getmaskarray(A)
    data = A.filled(0.0)
    # white on the dark end of the colour map: the colour's luminance decides, not the value
    dark = im.cmap(im.norm(data))[..., :3] @ np.array([0.299, 0.587, 0.114]) < 0.5
    for r, c in zip(*np.nonzero(shown)):
        ax.text(c, r, number(data[r, c]), ha="center", va="center", fontsize=fontsize,
                color="white" if dark[r, c] else "black",
                fontweight="bold" if bold is not None and bold[r, c] else "normal")
    return im


def outline(ax, row, col, h=1, wide=1, color="tab:red", lw=2.5, inset=0.0, **kw):
    """A rectangle around cells row..row+h-1, col..col+wide-1 (inset: how far inside the cell borders)."""
    patch = Rectangle((col - 0.5 + inset, row - 0.5 + inset), wide - 2 * inset, h - 2 * inset, ec=color,
                      fc=color if kw.get("fill") else "none", lw=lw, **kw)
    ax.add_patch(patch)
    return patch


def learner_output(result, expected_shape, name):
    """(out, problem): the array a learner's forward returned, or a sentence saying what is wrong with it.

    The learner's forward returns (out, cache); a bare array is accepted too (a forgotten cache
    should not hide the figure).
    """
    out = result[0] if isinstance(result, tuple) else result
    out = np.asarray(out, dtype=float) if out is not None else None
    if out is None or out.shape != tuple(expected_shape):
        got = None if out is None else out.shape
        return None, f"your {name} returned an output of shape {got}, expected {tuple(expected_shape)}"
    return out, None


def output_so_far(ax, out, i, j, now, name, computed, **cells_kw):
    """The learner's output map (1, 1, OH, OW) filled up to position ``now``, (i, j) outlined.

    Its entry there is compared with the figure's own ``(words, value)``, e.g. ("the dot product
    gives", 1.25): returns the verdict line and its colour.
    """
    OH, OW = out.shape[2:]
    total = OH * OW
    done = np.arange(total).reshape(OH, OW) <= now
    cells(ax, np.ma.masked_array(out[0, 0], mask=~done), **cells_kw)
    outline(ax, i, j, lw=3)
    ax.set_title(f"output {OH}×{OW} (your {name})\n"
                 + ("all positions done" if now == total - 1 else f"{now + 1} of {total} positions"), fontsize=10)
    mine, (words, value) = float(out[0, 0, i, j]), computed
    if np.isclose(mine, value, rtol=1e-6, atol=1e-6):
        return f"= your {name}'s output[{i}, {j}]  ✓", "tab:green"
    return (f"✗ your {name} gives {number(mine, 4)}, {words} {number(value, 4)} (at output[{i}, {j}])",
            "tab:red")


def write_sum(ax, text, verdict, colour):
    """The sum written out at the top of ax, and the verdict right under it, however many lines it took."""
    written = ax.text(0.0, 1.0, text, ha="left", va="top", fontsize=9.5, family="monospace", transform=ax.transAxes)
    ax.annotate(verdict, xy=(0, 0), xycoords=written, xytext=(0, -5), textcoords="offset points",
                ha="left", va="top", fontsize=10.5, color=colour)


def with_play(ui, step, interval=800):
    """Put a Play button next to the slider ``step`` of the explorer ``ui`` and link the two.

    The link runs in the kernel (not the browser), so the slider's own redraw does the work and
    a test can check it.  ui None (the explorer drew once for the grader) is returned unchanged:
    no widget is made then.  Returns ui, with ``ui.play`` the Play widget.
    """
    if ui is None:
        return None
    play = w.Play(value=step.value, min=step.min, max=step.max, interval=interval, description="play the steps",
                  tooltip="step the window across every position")
    w.link((play, "value"), (step, "value"))
    w.dlink((step, "max"), (play, "max"))
    rows = list(ui.children[:-1])
    for i, row in enumerate(rows):
        if step in row.children:
            rows[i].children = (*row.children, w.Label("play the steps:"), play)
    ui.play = play
    return ui
