"""Build explorers from static plotting functions.

Every explorer of the course is ``explorer(draw, **controls)``: ``draw`` is
a plain function (the static twin) that draws on the current figure from
keyword arguments; the controls are ipywidgets whose values are passed to it.
``interactive_output`` in an output area of fixed height keeps redraws from
flickering or making the page jump.
"""
import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

from course import grading

__all__ = ["explorer", "w"]


def explorer(draw, height="420px", columns=1, **controls):
    """Show controls above the output of draw(**values); returns the container widget.

    draw(**values) must create its own figure (plt.figure / plt.subplots) and
    not call plt.show(): explorer shows and closes it, so nothing leaks.
    """
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
