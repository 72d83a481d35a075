"""Build explorers from static plotting functions, and keep them following the learner's code.

Every explorer of the course is ``explorer(draw, **controls)``: ``draw`` is
a plain function (the static twin) that draws on the current figure from
keyword arguments; the controls are ipywidgets whose values are passed to it.
``interactive_output`` in an output area of fixed height keeps redraws from
flickering or making the page jump; every control gets a label that is never
cut short.

Explorers are made with ``@follows``: a function or class of the notebook
that is handed to one is looked up again by its name each time it is
called, so rewriting a function and running its cell is enough (the
explorer does not keep the old one).  While such a function is still the
released stub (it raises NotImplementedError), the explorer says which one
instead of showing a traceback; ``needs`` does the same for a notebook cell.
"""
import functools

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import display

from course import grading, static
from course.messages import function_name, learner_function

__all__ = ["explorer", "follows", "follow", "guarded", "live_elsewhere", "needs", "numbered_needs", "w"]


def _namespace():
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    return getattr(shell, "user_ns", None)


def follow(obj, namespace=None):
    """obj, or a stand-in that calls what the notebook's name for obj means at call time.

    Only functions and classes defined in the notebook (module ``__main__``)
    are followed; lambdas and library functions are returned as they are
    (a lambda looks its own names up when it runs).
    """
    name = getattr(obj, "__name__", "")
    if not callable(obj) or getattr(obj, "__module__", None) != "__main__" or not name.isidentifier():
        return obj
    ns = _namespace() if namespace is None else namespace
    if ns is None:
        ns = getattr(obj, "__globals__", None)
    if ns is None:
        return obj

    @functools.wraps(obj, updated=())  # a class's __dict__ is not the stand-in's
    def current(*args, **kwargs):
        now = ns.get(name, obj)
        return (now if callable(now) else obj)(*args, **kwargs)
    current.followed = name
    return current


def _follow_all(value):
    if isinstance(value, dict):
        return {k: _follow_all(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_follow_all(v) for v in value)
    return follow(value)


def follows(make):
    """Decorator for an explorer's factory: every notebook function among its arguments is followed."""
    @functools.wraps(make)
    def build(*args, **kwargs):
        return make(*_follow_all(args), **_follow_all(kwargs))
    build.follows = True
    return build


def _stub_name(tb):
    mine = learner_function(tb)
    if mine is None:
        return None
    return function_name(mine[0].f_code)


def _not_finished(err):
    """A small figure that says which function is still a stub; returns its axes."""
    _, ax = plt.subplots(figsize=(7.0, 1.4))
    name = _stub_name(err.__traceback__) or "one of your functions"
    ax.text(0.5, 0.5, f"not finished yet: {name} raises NotImplementedError\n"
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


class needs:
    """Run a block of a notebook cell that uses exercises; skip it while one is unfinished.

        with needs("the loss and the update rules"):
            history = train(...)

    If the block raises NotImplementedError (an answer not written yet), the
    rest of the block is skipped, half-drawn figures are closed and one line
    names the function to finish first (``what`` when none can be named).
    ``exercises`` maps names to exercise numbers for that line.  Every other
    exception propagates unchanged.
    """

    def __init__(self, what, exercises=None):
        self.what, self.exercises = what, exercises or {}

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None or not issubclass(kind, NotImplementedError):
            return False
        name = _stub_name(tb)
        if name:
            number = self.exercises.get(name.split(".")[0])
            which = f"exercise {number} ({name}) is" if number else f"{name} is"
        else:
            which = f"{self.what} are"
        plt.close("all")
        print(f"Skipped: {which} not written yet. Write it, run its cell, then run this cell again.")
        return True


def numbered_needs(exercises, day):
    """A day's ``needs``, which names an unfinished exercise with its number from ``exercises``."""
    class day_needs(needs):
        def __init__(self, what):
            super().__init__(what, exercises)
    day_needs.__name__ = day_needs.__qualname__ = "needs"
    day_needs.__doc__ = f"``course.widgets.needs`` that numbers {day}'s exercises: ``with needs(\"exercise 2\"):``."
    return day_needs


def _labelled(name, control):
    """Give a control a label (from its keyword if it has none) that is never truncated."""
    if hasattr(control, "description") and not control.description:
        control.description = name.replace("_", " ")
    if hasattr(control, "style") and hasattr(control.style, "description_width"):
        control.style.description_width = "initial"
    return control


def live_elsewhere(controls):
    """The line under a static twin on the site, in a handout or on a slide."""
    from IPython.display import Markdown
    names = ", ".join(f"**{getattr(c, 'description', '') or k.replace('_', ' ')}**" for k, c in controls.items())
    display(Markdown(f"*Static view at the starting setting. In the notebook this figure is live: "
                     f"change {names} and it redraws.*"))


def explorer(draw, height="420px", columns=1, **controls):
    """Show controls above the output of draw(**values); returns the container widget.

    draw(**values) must create its own figure (plt.figure / plt.subplots) and
    not call plt.show(): explorer shows and closes it, so nothing leaks.
    """
    draw = guarded(draw)

    def render(**values):
        before = set(plt.get_fignums())
        draw(**values)
        plt.show()
        for num in set(plt.get_fignums()) - before:  # the inline backend closes them; others may not
            plt.close(num)

    if grading() or static():
        # nobody moves a slider while nbgrader runs the notebook or on a printed page:
        # draw the starting view once (the static twin) and open no widget comms at all
        render(**{k: c.value for k, c in controls.items()})
        if static():
            live_elsewhere(controls)
        return None

    controls = {k: _labelled(k, c) for k, c in controls.items()}
    out = w.interactive_output(render, controls)
    out.layout.height = height
    boxes = list(controls.values())
    # a row too wide for the notebook wraps its controls instead of squeezing or cutting them
    rows = [w.HBox(boxes[i:i + columns], layout=w.Layout(flex_flow="row wrap"))
            for i in range(0, len(boxes), columns)]
    ui = w.VBox([*rows, out])
    display(ui)
    return ui
