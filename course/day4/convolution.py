"""Day 4, a convolution step by step: a kernel slides over an image, one dot product per output cell.

Static twin                                                    explorer built on it
    draw_convolution(conv_forward, image, kernel, stride, pad, step)   convolution_explorer(conv_forward)

The output map is the learner's ``conv_forward``; the figure computes only the
one dot product at the current position (window · kernel), to write it out and
to compare it with the learner's number.
"""
import matplotlib.pyplot as plt
import numpy as np

from course import data
from course.day4.grids import MINUS, cells, learner_output, number, outline, output_so_far, with_play, write_sum
from course.day4.tiling import positions, tiles, tiling_message
from course.plots import message
from course.widgets import explorer, follows, w

__all__ = ["IMAGES", "KERNELS", "TYPED", "parse_kernel", "as_image", "as_kernel", "draw_convolution",
           "convolution_explorer"]


def _presets():
    """8x8 single-channel images in [0, 1]: three digits of the training set and five patterns."""
    X = data.digits()["X_train"]
    # the first training image of each of these classes (the split is seeded, so they stay put)
    images = {f"digit {label}": X[i, 0] for label, i in ((0, 12), (3, 18), (7, 27))}
    r, c = np.mgrid[:8, :8]
    images["vertical bar"] = ((c == 3) | (c == 4)).astype(float)
    images["horizontal bar"] = ((r == 3) | (r == 4)).astype(float)
    images["diagonal"] = (r == c).astype(float)
    images["checkerboard"] = ((r + c) % 2).astype(float)
    images["cross"] = ((r == 3) | (r == 4) | (c == 3) | (c == 4)).astype(float)
    return images


IMAGES = _presets()

KERNELS = {
    "edge (vertical)": np.array([[1.0, 0.0, -1.0]] * 3),
    "edge (horizontal)": np.array([[1.0, 0.0, -1.0]] * 3).T,
    "blur (box)": np.full((3, 3), 1.0 / 9.0),
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
    "identity": np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
    "Laplacian": np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
}
TYPED = "typed"   # the kernel dropdown's choice that reads the text box


def parse_kernel(text):
    """A square kernel from text: rows split by ";" or new lines, numbers by spaces or commas.

    "1 0 -1; 1 0 -1; 1 0 -1" -> (3, 3) array.  Raises ValueError saying what is wrong.
    """
    rows = [r for r in str(text).replace("\n", ";").split(";") if r.strip()]
    if not rows:
        raise ValueError("the kernel is empty: type rows like 1 0 -1; 1 0 -1; 1 0 -1")
    values = []
    for i, row in enumerate(rows, 1):
        entries = row.replace(",", " ").replace(MINUS, "-").split()
        try:
            values.append([float(e) for e in entries])
        except ValueError:
            bad = next(e for e in entries if not _is_number(e))
            raise ValueError(f"row {i} of the kernel: {bad!r} is not a number") from None
    lengths = [len(r) for r in values]
    if len(set(lengths)) > 1:
        raise ValueError(f"the kernel's rows have different lengths {lengths}: every row needs as many numbers")
    if lengths[0] != len(values):
        raise ValueError(f"the kernel must be square (k rows of k numbers), got {len(values)} rows of {lengths[0]}")
    return np.array(values)


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def as_image(image):
    """An IMAGES name or an (H, W) / (1, H, W) / (1, 1, H, W) array -> (H, W) float array."""
    A = IMAGES[image] if isinstance(image, str) else image
    A = np.asarray(A, dtype=float)
    while A.ndim > 2 and A.shape[0] == 1:
        A = A[0]
    if A.ndim != 2:
        raise ValueError(f"an image must be (H, W) (one channel), got shape {np.shape(image)}")
    return A


def as_kernel(kernel):
    """A KERNELS name, a typed text ("1 0 -1; ...") or a (k, k) array -> (k, k) float array."""
    if isinstance(kernel, str):
        return KERNELS[kernel] if kernel in KERNELS else parse_kernel(kernel)
    K = as_image(kernel)
    if K.shape[0] != K.shape[1]:
        raise ValueError(f"the kernel must be square (k x k), got shape {K.shape}")
    return K


def _current(step, total):
    """The current output position (C order): step, or the last one when step is None."""
    return total - 1 if step is None else min(max(int(step), 0), total - 1)


def _layout(n_cols, k, out_cols, title, lines=1):
    """The figure: input, kernel and output side by side, the written-out sum (`lines` long) underneath."""
    bottom = 0.45 + 0.18 * lines   # inches: a 5x5 kernel's sum takes five lines
    fig = plt.figure(figsize=(11, 4.9 + bottom))
    grid = fig.add_gridspec(2, 3, height_ratios=[4.3, bottom], width_ratios=[n_cols, k + 2, max(out_cols, 3)],
                            left=0.02, right=0.98, top=1 - 0.85 / (4.9 + bottom), bottom=0.01, wspace=0.12,
                            hspace=0.08)
    axes = [fig.add_subplot(grid[0, j]) for j in range(3)] + [fig.add_subplot(grid[1, :])]
    axes[3].axis("off")
    fig.suptitle(title, fontsize=11)
    return fig, axes


def _draw_input(ax, A, pad, window=None):
    """The padded input: real pixels in grey, the zero padding in orange, a window (row, col, k) outlined."""
    P = np.pad(A, pad)
    n = P.shape[0]
    inside = np.zeros(P.shape, bool)
    if window is not None:
        r0, c0, k = window
        inside[r0:r0 + k, c0:c0 + k] = True
    padding = np.ones(P.shape, bool)
    padding[pad:n - pad, pad:n - pad] = False
    # numbers in the window and on the image's non-zero pixels: a blank white cell reads as 0, and
    # every number costs redraw time
    cells(ax, P, vmin=min(0.0, P.min()), vmax=max(1.0, P.max()), fontsize=7 if n > 9 else 8, bold=inside,
          numbers=inside | (~padding & (P != 0)))
    if pad:
        # orange over the padding cells only: they are zeros the input never had
        ax.imshow(np.where(padding[..., None], [1.0, 0.75, 0.4, 0.55], [0.0, 0.0, 0.0, 0.0]), interpolation="nearest")
        outline(ax, pad, pad, A.shape[0], A.shape[1], color="0.3", lw=1.2, ls="--")
    if window is not None:
        outline(ax, r0, c0, k, k, lw=3)


def _dot_text(patch, K, b, i, j):
    """The dot product at output (i, j) written out, and its value (computed here, not by the learner)."""
    terms = [f"{number(x)}×{number(v) if v >= 0 else '(' + number(v) + ')'}" for x, v in zip(patch.ravel(), K.ravel())]
    value = float(np.sum(patch * K) + b)
    k = K.shape[1]
    line = " + ".join(terms)
    if len(line) > 105:   # a big kernel: one line per kernel row, so it stays on the page
        line = "\n   + ".join(" + ".join(terms[r * k:(r + 1) * k]) for r in range(K.shape[0]))
    return f"output[{i}, {j}] = {line} + b({number(b)}) = {number(value)}", value


def draw_convolution(conv_forward, image, kernel, stride=1, pad=0, step=None):
    """One channel convolved with one kernel, built up to output position `step`. Returns the figure.

    image: an IMAGES name or an (H, W) array; kernel: a KERNELS name, a typed text or a (k, k) array.
    Calls ``conv_forward(image[None, None], kernel[None, None], np.zeros(1), stride, pad)`` ->
    (out (1, 1, OH, OW), cache), unless the stride does not tile the padded input: then the figure
    shows why instead.  step: the output position in C order (i * OW + j); None: all of them.
    Panels: the padded input (window outlined), the kernel, the output so far, and the dot product
    at the current position with its numbers (flagged if your conv_forward gives another number).
    """
    A = as_image(image)
    try:
        K = as_kernel(kernel)
    except ValueError as err:
        return message(f"{err}\n(type k rows of k numbers, rows split by \";\", e.g. 1 0 -1; 1 0 -1; 1 0 -1)").figure
    H, W = A.shape
    k = K.shape[0]
    problems = [tiling_message(n, k, stride, pad, strides=range(1, 4), side=side)
                for n, side in ((H, "height"), (W, "width")) if not tiles(n, k, stride, pad)]
    if problems:
        fig, axes = _layout(W + 2 * pad, k, 3, f"a {k}×{k} kernel with stride {stride} and pad {pad} does not fit")
        problem = problems[-1] if H == W else "\n".join(problems)   # a square image: say it once
        _draw_input(axes[0], A, pad)
        axes[0].set_title(f"input {H}×{W}" + (f", padded by {pad}" if pad else ""), fontsize=10)
        _draw_kernel(axes[1], K)
        axes[2].axis("off")
        axes[2].text(0.5, 0.5, "no output:\nthe windows\ndo not tile\nthe input", ha="center", va="center",
                     fontsize=11, color="tab:red", transform=axes[2].transAxes)
        message(problem, ax=axes[3])
        axes[3].texts[-1].set_fontsize(10.5)
        return fig
    OH, OW = positions(H, k, stride, pad), positions(W, k, stride, pad)
    # the learner's function first: if it is unfinished, no half-drawn figure is left behind
    result = conv_forward(A[None, None], K[None, None], np.zeros(1), stride, pad)
    out, problem = learner_output(result, (1, 1, OH, OW), "conv_forward")
    total = OH * OW
    now = _current(step, total)
    i, j = divmod(now, OW)
    r0, c0 = i * stride, j * stride
    patch = np.pad(A, pad)[r0:r0 + k, c0:c0 + k]
    text, value = _dot_text(patch, K, 0.0, i, j)
    fig, axes = _layout(W + 2 * pad, k, OW, f"convolution, stride {stride}, pad {pad}: output size "
                        f"({H} + 2·{pad} − {k})/{stride} + 1 = {OH}" + ("" if H == W else f" × {OW}"),
                        lines=text.count("\n") + 1)
    _draw_input(axes[0], A, pad, (r0, c0, k))
    axes[0].set_title(f"input {H}×{W}" + (f" padded by {pad} (orange: zeros)" if pad else "")
                      + f"\nwindow at rows {r0}–{r0 + k - 1}, columns {c0}–{c0 + k - 1}"
                      + (" of the padded input" if pad else ""),
                      fontsize=10)
    _draw_kernel(axes[1], K)
    if problem:
        axes[2].axis("off")
        message(problem.replace(", expected", ",\nexpected"), ax=axes[2])
        verdict, colour = problem, "tab:red"
    else:
        top = max(float(np.nanmax(np.abs(out))) if np.isfinite(out).any() else 1.0, 1e-9)
        verdict, colour = output_so_far(axes[2], out, i, j, now, "conv_forward", ("the dot product gives", value),
                                        cmap="RdBu_r", vmin=-top, vmax=top, fontsize=7 if OW > 8 else 8)
    write_sum(axes[3], text, verdict, colour)
    return fig


def _draw_kernel(ax, K):
    top = max(float(np.abs(K).max()), 1e-9)
    cells(ax, K, cmap="RdBu_r", vmin=-top, vmax=top, fontsize=9)
    outline(ax, 0, 0, *K.shape, lw=3)
    # a cell's margin all round: the kernel's cells come out as big as the input's
    ax.set_xlim(-1.5, K.shape[1] + 0.5)
    ax.set_ylim(K.shape[0] + 0.5, -1.5)
    ax.axis("off")
    ax.text((K.shape[1] - 1) / 2, -0.75, f"kernel {K.shape[0]}×{K.shape[1]}", ha="center", va="bottom", fontsize=10)


def output_positions(image, kernel, stride, pad):
    """How many output cells this setup has (1 when it does not tile or the kernel cannot be read)."""
    try:
        A, K = as_image(image), as_kernel(kernel)
    except ValueError:
        return 1
    k = K.shape[0]
    if not all(tiles(n, k, stride, pad) for n in A.shape):
        return 1
    return positions(A.shape[0], k, stride, pad) * positions(A.shape[1], k, stride, pad)


@follows
def convolution_explorer(conv_forward, height="640px"):
    """Slide a kernel over an image with your conv_forward: image, kernel (a preset or typed), stride,
    pad, and the step (one output position at a time, or Play to watch the window move)."""
    slider = dict(continuous_update=False)
    image = w.Dropdown(options=list(IMAGES), value="digit 3", description="image")
    kernel = w.Dropdown(options=[*KERNELS, TYPED], value="edge (vertical)", description="kernel")
    typed = w.Text(value="1 0 -1; 2 0 -2; 1 0 -1", description="typed kernel (rows split by ;)",
                   continuous_update=False, disabled=True, layout=w.Layout(width="24em"))
    stride = w.IntSlider(value=1, min=1, max=3, description="stride", **slider)
    pad = w.IntSlider(value=0, min=0, max=2, description="pad", **slider)
    step = w.IntSlider(value=0, min=0, max=output_positions("digit 3", "edge (vertical)", 1, 0) - 1,
                       description="step (output position)", **slider)

    def chosen():
        return typed.value if kernel.value == TYPED else kernel.value

    def resize(_=None):
        # registered before the explorer's own observers: the slider's range is right before the redraw
        step.max = output_positions(image.value, chosen(), stride.value, pad.value) - 1
        typed.disabled = kernel.value != TYPED

    for c in (image, kernel, typed, stride, pad):
        c.observe(resize, "value")

    def draw(image, kernel, typed, stride, pad, step):
        return draw_convolution(conv_forward, image, typed if kernel == TYPED else kernel, stride, pad, step)

    ui = explorer(draw, height=height, columns=3, image=image, kernel=kernel, typed=typed, stride=stride, pad=pad,
                  step=step)
    return with_play(ui, step)
