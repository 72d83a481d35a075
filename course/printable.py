"""Figures that survive print and screen readers: line styles besides colour, and alt text.

``install()`` (called by ``course.setup()``) does two things:

- every line gets a line style from the same cycle as its colour, so two
  curves stay apart on a black-and-white print (a colour given by hand keeps
  the cycle's style);
- a figure's plain-text form becomes ``describe(fig)``, which says what it
  shows (titles, axes, curves).  A notebook shows the image; the site and
  the handouts use this text as the image's alt text, and graded feedback
  shows it where no image can be.
"""
import matplotlib as mpl
from cycler import cycler

__all__ = ["describe", "install", "LINESTYLES"]

# as many styles as matplotlib's ten colours, each readable at print size
LINESTYLES = ["-", "--", ":", "-.", (0, (5, 1.5, 1, 1.5, 1, 1.5)), (0, (8, 2)),
              (0, (1, 1)), (0, (3, 1, 1, 1)), (0, (6, 2, 2, 2)), (0, (2, 2))]


def line_cycle():
    colors = mpl.rcParamsDefault["axes.prop_cycle"].by_key()["color"]
    return cycler(color=colors) + cycler(linestyle=LINESTYLES[:len(colors)])


def _axes_words(ax):
    words = []
    title = ax.get_title() or ax.get_title("left") or ax.get_title("right")
    if title:
        words.append(title)
    x, y = ax.get_xlabel(), ax.get_ylabel()
    if x or y:
        words.append(" against ".join(part for part in (y, x) if part))
    labels = [t.get_text() for t in (ax.get_legend().get_texts() if ax.get_legend() else [])]
    if labels:
        words.append("curves: " + ", ".join(labels[:6]) + (" …" if len(labels) > 6 else ""))
    if not words:
        texts = [t.get_text().strip() for t in ax.texts if t.get_text().strip()]
        if texts:
            words.append(texts[0].splitlines()[0])
    return "; ".join(words)


def _plain(text):
    """Mathtext as a screen reader reads it: $x_2$ -> x_2, $\\sigma$ -> sigma."""
    return " ".join(text.replace("$", "").replace("\\", "").split())


def describe(fig):
    """One sentence on what fig shows, from its titles, axis labels, legends and texts."""
    return _plain(_describe(fig))


def _describe(fig):
    suptitle = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    shown = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
    parts = [p for p in (_axes_words(ax) for ax in shown) if p]
    # repeated panels (a grid of images titled by their label) say it once, with their number
    unique = list(dict.fromkeys(parts))
    head = suptitle or (f"{len(shown)} panels" if len(shown) > 1 else "A figure")
    if not unique:
        return f"{head}." if suptitle else f"{head} without titles or labels."
    body = " | ".join(unique[:8]) + (" | …" if len(unique) > 8 else "")
    return f"{head}: {body}." if head != "A figure" else f"Figure: {body}."


def _pretty(fig, printer, cycle):
    printer.text(describe(fig))


def install():
    mpl.rcParams["axes.prop_cycle"] = line_cycle()
    from matplotlib.figure import Figure
    # not a text/plain type printer: matplotlib-inline pops every formatter's Figure entry each
    # time pyplot's backend is set up, and IPython asks _repr_pretty_ before falling back to repr
    Figure._repr_pretty_ = _pretty
