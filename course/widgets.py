"""Build explorers from static plotting functions.

Every explorer of the course is ``explorer(draw, **controls)``: ``draw`` is
a plain function (the static twin) that draws on the current figure from
keyword arguments; the controls are ipywidgets whose values are passed to it.
While a learner's function that ``draw`` calls is still the released stub
(it raises NotImplementedError), the explorer shows which one instead of a
traceback.
``interactive_output`` in an output area of fixed height keeps redraws from
flickering or making the page jump.
"""
import functools

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

from course import grading

__all__ = ["explorer", "guarded", "w"]


def _raiser(err):
    """The name of the function that raised err: the innermost frame of its traceback."""
    name, tb = None, err.__traceback__
    while tb is not None:
        name, tb = tb.tb_frame.f_code.co_name, tb.tb_next
    return name if name and not name.startswith("<") else "one of your functions"


def _not_finished(err):
    """A small figure that says which function is still a stub; returns its axes."""
    _, ax = plt.subplots(figsize=(7.0, 1.4))
    ax.text(0.5, 0.5, f"not finished yet: {_raiser(err)} raises NotImplementedError\n"
            "write it, run its cell, then change a control to redraw",
            ha="center", va="center", transform=ax.transAxes, fontsize=11)
    ax.axis("off")
    return ax


def guarded(draw):
    """draw(**values), but an unfinished exercise gives a message figure instead of a traceback.

    Figures that draw opened before the error are closed, so no empty or
    half-drawn figure leaks into the output.
    """
    @functools.wraps(draw)
    def run(**values):
        before = set(plt.get_fignums())
        try:
            return draw(**values)
        except NotImplementedError as err:
            for num in set(plt.get_fignums()) - before:
                plt.close(num)
            return _not_finished(err)
    return run


def explorer(draw, height="420px", columns=1, **controls):
    """Show controls above the output of draw(**values); returns the container widget.

    draw(**values) must create its own figure (plt.figure / plt.subplots) and
    not call plt.show(): explorer shows and closes it, so nothing leaks.
    """
    draw = guarded(draw)

    def render(**values):
        draw(**values)
        plt.show()

    if grading():
        # nobody moves a slider while nbgrader runs the notebook: draw the starting
        # view once (the static twin) and open no widget comms at all
        render(**{k: c.value for k, c in controls.items()})
        return None

    out = w.interactive_output(render, controls)
    out.layout.height = height
    boxes = list(controls.values())
    rows = [w.HBox(boxes[i:i + columns]) for i in range(0, len(boxes), columns)]
    ui = w.VBox([*rows, out])
    display(ui)
    return ui
