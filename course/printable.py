"""Figures that survive print and screen readers: line styles besides colour, and alt text.

``install()`` (called by ``course.setup()``) does two things:

- every line gets a line style from the same cycle as its colour, so two
  curves stay apart on a black-and-white print (a colour given by hand keeps
  the cycle's style); on printed pages (``course.static()``) a marker shape too;
- a figure's plain-text form becomes ``describe(fig)``, which says what it
  shows (titles, axes, curves).  A notebook shows the image; the site and
  the handouts use this text as the image's alt text, and graded feedback
  shows it where no image can be.
"""
import re

import matplotlib as mpl
from cycler import cycler

__all__ = ["describe", "install", "LINESTYLES"]

# as many styles as matplotlib's ten colours, each readable at print size
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (8, 2)),
              (0, (1, 1)), (0, (3, 1, 1, 1)), (0, (6, 2, 2, 2)), (0, (2, 2))]


MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<"]


def line_cycle(markers=False):
    """Colour and line style together; with markers=True (printed pages) a marker shape too.

    Markers sit every tenth of the axes (markevery=0.1), so a long curve keeps a
    readable line; they tell curves apart whose style was set by hand (training
    dashed, validation solid) when the colours print as the same grey.
    """
    colors = mpl.rcParamsDefault["axes.prop_cycle"].by_key()["color"]
    cycle = cycler(color=colors) + cycler(linestyle=LINESTYLES[:len(colors)])
    if markers:
        n = len(colors)
        cycle = cycle + cycler(marker=MARKERS[:n]) + cycler(markevery=[0.1] * n) + cycler(markersize=[4.0] * n)
    return cycle


def _kind(ax):
    """What an axes draws, in words: "image", "bar chart", "line plot", "scatter plot", "map", "diagram"."""
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.contour import ContourSet
    from matplotlib.patches import Rectangle
    if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections):
        return "image"
    if any(isinstance(c, ContourSet) for c in ax.collections) or any(
            type(c).__name__ == "QuadContourSet" for c in getattr(ax, "containers", [])):
        return "map"
    bars = sum(isinstance(p, Rectangle) for p in ax.patches)
    if bars >= 2 and bars >= len(ax.lines):
        return "bar chart"
    if ax.lines:
        return "line plot"
    if any(isinstance(c, PathCollection) for c in ax.collections):
        return "scatter plot"
    if ax.collections and not ax.axison:
        return "diagram"
    return "diagram" if ax.patches or ax.texts else ""


def _axes_words(ax):
    """(kind, words) of one panel: its title, what it plots against what, its curves' names."""
    words = []
    title = ax.get_title() or ax.get_title("left") or ax.get_title("right")
    if title:
        words.append(title)
    x, y = ax.get_xlabel(), ax.get_ylabel()
    if x and y:
        words.append(f"{y} against {x}")
    elif x or y:
        words.append(f"axis {x or y}")
    labels = [t.get_text() for t in (ax.get_legend().get_texts() if ax.get_legend() else [])]
    if labels:
        words.append("curves " + ", ".join(labels[:6]) + (" …" if len(labels) > 6 else ""))
    if not words:
        texts = [t.get_text().strip() for t in ax.texts if t.get_text().strip()]
        if texts:
            words.append(texts[0].splitlines()[0])
    return _kind(ax), "; ".join(words)


TEX = {r"\partial": "∂", r"\cdot": "·", r"\odot": "⊙", r"\nabla": "∇", r"\sum": "Σ", r"\ell": "ℓ",
       r"\sigma": "σ", r"\eta": "η", r"\alpha": "α", r"\beta": "β", r"\lambda": "λ", r"\delta": "δ",
       r"\theta": "θ", r"\mu": "μ", r"\tanh": "tanh", r"\log": "log", r"\exp": "exp", r"\times": "×",
       r"\leq": "≤", r"\geq": "≥", r"\approx": "≈", r"\to": "→", r"\infty": "∞", r"\|": "‖"}


def _plain(text):
    """Mathtext as a screen reader reads it: $\\partial L / \\partial x_t$ -> ∂L / ∂x_t."""
    for tex, word in TEX.items():
        text = text.replace(tex, word)
    text = re.sub(r"\\(mathcal|mathrm|mathbf|text|hat|bar|left|right|,|;|!|quad)", "", text)
    text = text.replace("$", "").replace("{", "").replace("}", "").replace("\\", "")
    return " ".join(text.split())


def describe(fig):
    """One sentence on what fig shows: the kind of each panel, its title, axes and curves."""
    return _plain(_describe(fig))


def _describe(fig):
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    shown = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    panels = [_axes_words(ax) for ax in shown]
    kinds = [k for k, _ in panels if k]
    words = list(dict.fromkeys(w for _, w in panels if w))
    if len(shown) > 3 and len(set(kinds)) == 1:
        # a grid of alike panels (filters, digits, feature maps): what they are, then their names
        names = ", ".join(words[:8]) + (", …" if len(words) > 8 else "")
        head = f"{suptitle}: a" if suptitle else "A"
        return f"{head} grid of {len(shown)} {kinds[0]}s" + (f": {names}." if names else ".")
    described = []
    for kind, w in panels:
        piece = f"{kind} of {w}" if kind and w else (kind or w)
        if piece and piece not in described:
            described.append(piece)
    if not described:
        return f"{suptitle}." if suptitle else "A figure without titles or labels."
    body = "; ".join(f"({i}) {d}" for i, d in enumerate(described[:8], 1)) if len(described) > 1 else described[0]
    lead = f"{suptitle}. " if suptitle else ""
    count = f"{len(shown)} panels: " if len(described) > 1 else ""
    text = f"{lead}{count}{body}"
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _pretty(fig, printer, cycle):
    printer.text(describe(fig))


def install():
    from course import static
    mpl.rcParams["axes.prop_cycle"] = line_cycle(markers=static())
    from matplotlib.figure import Figure
    # not a text/plain type printer: matplotlib-inline pops every formatter's Figure entry each
    # time pyplot's backend is set up, and IPython asks _repr_pretty_ before falling back to repr
    Figure._repr_pretty_ = _pretty
