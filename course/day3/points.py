"""Points clicked in with the mouse, for the playground's "your points": ``point_drawer()``.

    drawer = day3.point_drawer()                      # click points; pick the class above the figure
    day3.training_playground(layers, train, softmax_cross_entropy, sgd_momentum, points=drawer);
    # then press Reset in the playground after clicking more points: it trains on them

``drawer.X`` (N, 2) float64 and ``drawer.y`` (N,) int are always the current points,
``drawer.points()`` returns copies ``(X, y)``, ``drawer.add(x, y, label)`` adds one.  The figure
is an ipympl canvas (a widget) on its own ``matplotlib.figure.Figure``: the notebook's inline
backend stays.  While grading, or outside a kernel, nothing is shown and no widget is made.
"""
import warnings

import numpy as np
from matplotlib.backend_bases import MouseButton
from matplotlib.figure import Figure

from course import grading, static
from course.day3.playground_draw import CLASS_COLOURS
from course.widgets import w

__all__ = ["PointDrawer", "point_drawer"]


def _in_notebook():
    """True inside a Jupyter kernel (a terminal IPython or plain Python shows no widgets)."""
    from IPython import get_ipython
    return getattr(get_ipython(), "kernel", None) is not None


def _ipympl():
    """ipympl's Canvas and FigureManager, without the global backend switch that importing
    the ipympl package makes (it calls matplotlib.use when matplotlib is imported)."""
    import matplotlib
    use, matplotlib.use = matplotlib.use, lambda *args, **kwargs: None
    try:
        from ipympl.backend_nbagg import Canvas, FigureManager
    finally:
        matplotlib.use = use
    return Canvas, FigureManager


class PointDrawer:
    """Points of `classes` classes in the box xlim x ylim, added by left clicks or add().

    X (N, 2) float64, y (N,) int, in the order they were added (Undo removes the last).
    fig, ax: the figure drawn on; ui, canvas: the widget and its ipympl canvas (None when not
    shown); selected: the class that a click adds (the class buttons set it).
    """

    def __init__(self, classes=2, xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), start=None, show=False):
        if not 1 <= int(classes) <= len(CLASS_COLOURS):
            raise ValueError(f"classes must be 1 to {len(CLASS_COLOURS)}, got {classes}")
        self.classes, self.xlim, self.ylim = int(classes), tuple(xlim), tuple(ylim)
        self.X, self.y = np.empty((0, 2)), np.empty(0, dtype=int)
        self.ui = self.choice = self.label = self.canvas = None
        self.selected = 0
        self.fig = Figure(figsize=(3.6, 3.6), dpi=90)
        self.ax = self.fig.add_axes((0.08, 0.08, 0.88, 0.84))
        self.ax.set(xlim=self.xlim, ylim=self.ylim, aspect="equal")
        self.ax.grid(alpha=0.3)
        self.ax.set_title("left click: add a point of the chosen class", fontsize=9)
        self._dots = self.ax.scatter(np.empty(0), np.empty(0), s=36, edgecolors="k", linewidths=0.5, zorder=3)
        if start is not None:
            X, y = np.asarray(start[0], dtype=np.float64), np.asarray(start[1]).astype(int)
            if X.ndim != 2 or X.shape[1] != 2 or y.shape != (len(X),) or not np.all((y >= 0) & (y < self.classes)):
                raise ValueError(f"start must be (X (N, 2), y (N,) of 0..{self.classes - 1})")
            self.X, self.y = X.copy(), y.copy()
        if show:
            self._build()
        self._refresh()

    def _build(self):
        Canvas, FigureManager = _ipympl()
        self.canvas = Canvas(self.fig)
        with warnings.catch_warnings():   # ipympl's Toolbar passes traitlets an argument it deprecates
            warnings.simplefilter("ignore", DeprecationWarning)
            FigureManager(self.canvas, 0)   # the canvas's manager: ipympl's messages go through it
        for trait in ("header_visible", "footer_visible", "toolbar_visible", "resizable"):
            setattr(self.canvas, trait, False)   # no pan / zoom: every click adds a point
        self.canvas.mpl_connect("button_press_event", self.on_click)
        self.choice = w.ToggleButtons(options=[(f"class {k}", k) for k in range(self.classes)],
                                      value=self.selected, description="class",
                                      style=dict(description_width="initial", button_width="80px"))
        self.choice.observe(lambda change: setattr(self, "selected", change["new"]), "value")
        self.choice.add_class("bpw-point-classes")
        css = "".join(f".bpw-point-classes button[value='{k}'] {{background: {c}; color: white}}"
                      for k, c in enumerate(CLASS_COLOURS[:self.classes]))
        css += ".bpw-point-classes button.mod-active {box-shadow: inset 0 0 0 3px #222; font-weight: bold}"
        undo, clear = w.Button(description="Undo", icon="undo"), w.Button(description="Clear", icon="trash")
        undo.on_click(lambda _: self.undo())
        clear.on_click(lambda _: self.clear())
        self.label = w.Label()
        self.ui = w.VBox([w.HTML(f"<style>{css}</style>"), w.HBox([self.choice, undo, clear]), self.label,
                          self.canvas])

    def text(self):
        """'12 points (7 of class 0, 5 of class 1)'."""
        counts = ", ".join(f"{np.sum(self.y == k)} of class {k}" for k in range(self.classes))
        return f"{len(self.y)} point{'' if len(self.y) == 1 else 's'} ({counts})"

    def __repr__(self):
        return f"PointDrawer: {self.text()}"

    def points(self):
        """(X (N, 2) float64, y (N,) int): copies of the current points."""
        return self.X.copy(), self.y.copy()

    def add(self, x, y, label=None):
        """Add the point (x, y) of class label (the selected class if None)."""
        label = self.selected if label is None else int(label)
        if not 0 <= label < self.classes:
            raise ValueError(f"label must be 0 to {self.classes - 1}, got {label}")
        self.X = np.vstack([self.X, [[float(x), float(y)]]])
        self.y = np.append(self.y, label).astype(int)
        self._refresh()

    def on_click(self, event):
        """matplotlib's button_press_event: a left click inside the axes adds a point there."""
        if event.inaxes is self.ax and event.button == MouseButton.LEFT and None not in (event.xdata, event.ydata):
            self.add(event.xdata, event.ydata)

    def undo(self):
        self.X, self.y = self.X[:-1], self.y[:-1]   # the point added last; nothing if there is none
        self._refresh()

    def clear(self):
        self.X, self.y = np.empty((0, 2)), np.empty(0, dtype=int)
        self._refresh()

    def _refresh(self):
        self._dots.set_offsets(self.X)
        self._dots.set_facecolors([CLASS_COLOURS[k] for k in self.y])
        if self.label is not None:
            self.label.value = self.text()
        if self.ui is not None:
            self.canvas.draw_idle()


def point_drawer(classes=2, xlim=(-1.5, 1.5), ylim=(-1.5, 1.5), start=None):
    """A PointDrawer, shown in a notebook (class buttons, Undo, Clear, the count, the figure).

    start: optional (X (N, 2), y (N,)) to begin with.  While grading or outside a kernel it is
    not shown and makes no widget; add() and points() work the same.
    """
    from IPython.display import Markdown, display
    drawer = PointDrawer(classes, xlim, ylim, start, show=not grading() and not static() and _in_notebook())
    if static():
        display(Markdown("*In the notebook this cell shows a canvas: click to add points of each class, "
                         "then choose \"your points\" in the playground.*"))
    if drawer.ui is not None:
        display(drawer.ui)
    return drawer
