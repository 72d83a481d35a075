"""Day 4, pooling step by step: every window of the input, the one being pooled, and the map it builds.

Static twin                                                        explorer built on it
    draw_pooling(max_pool_forward, avg_pool_forward, image, mode,      pooling_explorer(max_pool_forward,
                 pool, stride, step)                                                    avg_pool_forward)

The output map is the learner's ``max_pool_forward`` / ``avg_pool_forward``; the
figure works out only the current window's max (the first one in reading order,
as np.argmax picks it) or average, to write it out and compare.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PatchCollection
from matplotlib.patches import Rectangle

from course.day4.convolution import IMAGES, as_image
from course.day4.grids import cells, learner_output, number, outline, output_so_far, with_play, write_sum
from course.day4.tiling import positions, tiles, tiling_message
from course.widgets import explorer, follows, w

__all__ = ["MODES", "draw_pooling", "pooling_explorer"]

MODES = {"max": "max", "average": "avg", "avg": "avg"}
_WINDOW_COLOURS = ["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown", "tab:olive"]


def _layout(n_cols, out_cols, title):
    """The figure: the input and the output side by side, the written-out pooling underneath."""
    fig = plt.figure(figsize=(10.5, 6.1))
    grid = fig.add_gridspec(2, 2, height_ratios=[4.6, 0.7], width_ratios=[n_cols, max(out_cols, 3)], left=0.02,
                            right=0.98, top=0.84, bottom=0.01, wspace=0.1, hspace=0.08)
    axes = [fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])]
    axes[2].axis("off")
    fig.suptitle(title, fontsize=11)
    return fig, axes


def _windows(ax, OH, OW, pool, stride):
    """Every window, a thin frame each, inset a little more for each neighbour so that overlaps show.

    One collection for all of them: 36 separate patches would add a tenth of a second to a redraw.
    """
    frames, colours = [], []
    for i in range(OH):
        for j in range(OW):
            inset = 0.06 + 0.06 * ((i % 2) * 2 + j % 2) if stride < pool else 0.06
            frames.append(Rectangle((j * stride - 0.5 + inset, i * stride - 0.5 + inset), pool - 2 * inset,
                                    pool - 2 * inset))
            colours.append(_WINDOW_COLOURS[(i * OW + j) % len(_WINDOW_COLOURS)])
    ax.add_collection(PatchCollection(frames, facecolors="none", edgecolors=colours, linewidths=1.0, alpha=0.7))


def _overlap_note(pool, stride):
    if stride < pool:
        return f"windows overlap (stride {stride} < pool {pool}): a pixel can be in several windows"
    if stride > pool:
        return f"gaps (stride {stride} > pool {pool}): some pixels are in no window"
    return "the windows tile the input side by side"


def draw_pooling(max_pool_forward, avg_pool_forward, image, mode="max", pool=2, stride=2, step=None):
    """Pooling of one channel, built up to output position `step`. Returns the figure.

    image: an IMAGES name or an (H, W) array; mode: "max" or "average" ("avg").
    Calls ``max_pool_forward(image[None, None], pool, stride)`` (or avg_pool_forward) -> (out
    (1, 1, OH, OW), cache), unless the windows do not tile the input: then the figure shows why.
    step: the output position in C order (i * OW + j); None: all of them.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {sorted(MODES)}, got {mode!r}")
    kind = MODES[mode]
    said = "max" if kind == "max" else "average"
    A = as_image(image)
    H, W = A.shape
    vmin, vmax = min(0.0, A.min()), max(1.0, A.max())
    problems = [tiling_message(n, pool, stride, pads=None, side=side) for n, side in ((H, "height"), (W, "width"))
                if not tiles(n, pool, stride)]
    if problems:
        fig, axes = _layout(W, 3, f"{pool}×{pool} {said} pooling with stride {stride} does not fit")
        cells(axes[0], A, vmin=vmin, vmax=vmax)
        axes[0].set_title(f"input {H}×{W}", fontsize=10)
        axes[1].axis("off")
        axes[1].text(0.5, 0.5, "no output:\nthe windows\ndo not tile\nthe input", ha="center", va="center",
                     fontsize=11, color="tab:red", transform=axes[1].transAxes)
        axes[2].text(0.5, 0.5, problems[-1] if H == W else "\n".join(problems), ha="center", va="center",
                     fontsize=10.5, transform=axes[2].transAxes)
        return fig
    OH, OW = positions(H, pool, stride), positions(W, pool, stride)
    forward = max_pool_forward if kind == "max" else avg_pool_forward
    name = "max_pool_forward" if kind == "max" else "avg_pool_forward"
    # the learner's function first: if it is unfinished, no half-drawn figure is left behind
    out, problem = learner_output(forward(A[None, None], pool, stride), (1, 1, OH, OW), name)
    total = OH * OW
    now = total - 1 if step is None else min(max(int(step), 0), total - 1)
    i, j = divmod(now, OW)
    r0, c0 = i * stride, j * stride
    window = A[r0:r0 + pool, c0:c0 + pool]
    fig, axes = _layout(W, OW, f"{pool}×{pool} {said} pooling, stride {stride}: output size "
                        f"({H} − {pool})/{stride} + 1 = {OH}" + ("" if H == W else f" × {OW}"))
    inside = np.zeros(A.shape, bool)
    inside[r0:r0 + pool, c0:c0 + pool] = True
    cells(axes[0], A, vmin=vmin, vmax=vmax, bold=inside)
    _windows(axes[0], OH, OW, pool, stride)
    outline(axes[0], r0, c0, pool, pool, color="tab:red", lw=3.5)
    outline(axes[0], r0, c0, pool, pool, color="tab:red", lw=0, fill=True, alpha=0.18)
    axes[0].set_title(f"input {H}×{W}: {total} windows {pool}×{pool}, stride {stride}\n"
                      f"{_overlap_note(pool, stride)}\n"
                      f"current window: rows {r0}–{r0 + pool - 1}, columns {c0}–{c0 + pool - 1}", fontsize=10)
    values = ", ".join(number(v) for v in window.ravel())
    if kind == "max":
        first = int(np.argmax(window))   # C order: the first of equal maxima, as the exercise asks
        fr, fc = divmod(first, pool)
        axes[0].plot(c0 + fc, r0 + fr, "o", ms=22, mfc="none", mec="tab:red", mew=2)
        value = float(window.max())
        ties = int(np.sum(window == value))
        text = (f"output[{i}, {j}] = max({values}) = {number(value)}\ncircled: the first maximum in reading "
                f"order, row {r0 + fr}, column {c0 + fc}" + (f" ({ties} cells hold it)" if ties > 1 else ""))
    else:
        value = float(window.mean())
        text = f"output[{i}, {j}] = ({values.replace(', ', ' + ')})/{window.size} = {number(value)}"
    if problem:
        axes[1].axis("off")
        axes[1].text(0.5, 0.5, problem.replace(", expected", ",\nexpected"), ha="center", va="center",
                     fontsize=10, transform=axes[1].transAxes)
        verdict, colour = problem, "tab:red"
    else:
        verdict, colour = output_so_far(axes[1], out, i, j, now, name, (f"the window's {said} is", value),
                                        vmin=vmin, vmax=vmax)
    write_sum(axes[2], text, verdict, colour)
    return fig


def output_positions(image, pool, stride):
    """How many output cells this pooling has (1 when the windows do not tile the image)."""
    H, W = as_image(image).shape
    if not (tiles(H, pool, stride) and tiles(W, pool, stride)):
        return 1
    return positions(H, pool, stride) * positions(W, pool, stride)


@follows
def pooling_explorer(max_pool_forward, avg_pool_forward, height="620px"):
    """Max or average pooling with your functions: mode, pool size, stride, image, and the step
    (one output position at a time, or Play)."""
    slider = dict(continuous_update=False)
    mode = w.ToggleButtons(options=["max", "average"], value="max", description="pooling")
    pool = w.IntSlider(value=2, min=2, max=4, description="pool (window side)", **slider)
    stride = w.IntSlider(value=2, min=1, max=4, description="stride", **slider)
    image = w.Dropdown(options=list(IMAGES), value="digit 3", description="image")
    step = w.IntSlider(value=0, min=0, max=output_positions("digit 3", 2, 2) - 1,
                       description="step (output position)", **slider)

    def resize(_=None):
        # registered before the explorer's own observers: the slider's range is right before the redraw
        step.max = output_positions(image.value, pool.value, stride.value) - 1

    for c in (pool, stride, image):
        c.observe(resize, "value")

    def draw(mode, pool, stride, image, step):
        return draw_pooling(max_pool_forward, avg_pool_forward, image, mode, pool, stride, step)

    ui = explorer(draw, height=height, columns=3, mode=mode, pool=pool, stride=stride, image=image, step=step)
    return with_play(ui, step)
