"""Day 0, the readiness check: every failing check names a gap and where to read, and its helpers
(course/day0) run headless.

The learner's functions are stood in for by small implementations written
here, so the figure tests do not depend on the solution notebook.
"""
import ast
import inspect
import os
import re

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder import nbparts  # noqa: E402
from autograder.nbg import DAYS, source_notebook  # noqa: E402
from course import day0  # noqa: E402
from course.day0.cases import names_the_argument, value_error  # noqa: E402

matplotlib.use("Agg")

pytestmark = pytest.mark.skipif("day0" not in DAYS, reason="no Day 0")


def notebook():
    return nbparts.read(source_notebook("day0"))


def sections(nb):
    """{section number: heading} of the notebook's numbered '## n. ...' headings."""
    found = {}
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            for m in re.finditer(r"^## (\d+)\. (.+)$", nbparts.source(c), re.M):
                found[int(m.group(1))] = m.group(2)
    return found


def hidden_calls(nb):
    """(test grade_id, the case/scenario call node) of every hidden case."""
    for gid, (_, section) in nbparts.tests(nb).items():
        for node in ast.walk(ast.parse(section)):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("case", "scenario", "layer"):
                yield gid, node


def hint_text(call):
    kw = next((k for k in call.keywords if k.arg == "hint"), None)
    return None if kw is None else "".join(c.value for c in ast.walk(kw.value) if isinstance(c, ast.Constant))


# ---------------------------------------------------------------- every failure names a gap and a place

def test_every_hidden_case_names_its_gap_and_where_to_read():
    nb = notebook()
    numbered = sections(nb)
    calls = list(hidden_calls(nb))
    assert len(calls) >= 40
    for gid, call in calls:
        hint = hint_text(call)
        where = f"{gid}, {ast.unparse(call)[:80]}"
        assert hint, f"{where}: a hidden case without a hint"
        assert re.match(r"gap: [^—]+ — ", hint), f"{where}: the hint must start 'gap: <topic> — ...': {hint!r}"
        places = [int(n) for n in re.findall(r"§(\d+)", hint)]
        assert places and "read the" in hint, f"{where}: the hint must say where to read (the refresher of §n)"
        assert all(n in numbered for n in places), f"{where}: the hint points to a section that is not there"


def test_every_visible_check_names_a_gap():
    for gid, (_, section) in nbparts.tests(notebook()).items():
        cell = next(c for c in notebook()["cells"] if nbparts.meta(c).get("grade_id") == gid)
        visible = nbparts.source(cell).split(nbparts.BEGIN)[0]
        assert "gap: " in visible and re.search(r"refresher of §\d", visible), f"{gid}: its messages name no gap"


def test_every_section_has_a_refresher_and_its_exercise_numbers_match():
    nb = notebook()
    text = "\n".join(nbparts.source(c) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert len(re.findall(r"<summary>Refresher: ", text)) == 7, "one refresher per exercise's section"
    # the number of each answer function in day0.EXERCISES is the section it is written in
    current, defined = None, {}
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            m = re.search(r"^## (\d+)\. ", nbparts.source(c), re.M)
            current = int(m.group(1)) if m else current
        elif nbparts.is_answer(c):
            for node in ast.parse(nbparts.source(c)).body:
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    defined[node.name] = current
    assert defined == day0.EXERCISES


def test_the_task_shows_the_given_loop_as_it_is():
    source = inspect.getsource(day0.nearest_centroid_loop).strip()
    shown = [nbparts.source(c) for c in notebook()["cells"] if c["cell_type"] == "markdown"
             and "def nearest_centroid_loop" in nbparts.source(c)]
    assert len(shown) == 1 and source in shown[0], "§4 must show course/day0/loops.py's loop unchanged"


# ---------------------------------------------------------------- the ValueError judge

def raises(message):
    def f(*args):
        raise ValueError(message)
    return f


def test_a_value_error_must_name_the_argument():
    inputs = (["f", ("B",), np.zeros((2, 2)), np.zeros((3, 1))], {})
    named = value_error({"f": raises("B must be (M, D) with D = 2, got (3, 1)")}, "f", ("B",))
    assert names_the_argument(named, None, inputs, None) is None
    anonymous = value_error({"f": raises("operands could not be broadcast together")}, "f", ("B",))
    assert "does not name the argument at fault (B)" in names_the_argument(anonymous, None, inputs, None)
    returned = value_error({"f": lambda *a: 1.0}, "f", ("B",))
    assert "must raise a ValueError" in names_the_argument(returned, None, inputs, None)
    with pytest.raises(TypeError):                      # another error is not taken for a ValueError
        value_error({"f": lambda *a: 1 + "x"}, "f", ("B",))
    assert names_the_argument("junk", None, inputs, None)


# ---------------------------------------------------------------- stand-ins for the learner's code

class Line:
    def __init__(self, w=0.0, b=0.0):
        self.params = {"w": float(w), "b": float(b)}

    def predict(self, x):
        return self.params["w"] * np.asarray(x) + self.params["b"]

    def mse(self, x, y):
        return float(np.mean((self.predict(x) - y) ** 2))


def sq_dists(A, B):
    return ((A[:, None, :] - B[None]) ** 2).sum(-1)


def f(x):
    return 3.0 * np.sin(np.asarray(x, dtype=np.float64) ** 2)


def df(x):
    return 6.0 * x * np.cos(x ** 2)


def grads(w, b, x, y):
    r = w * x + b - y
    return float(np.mean(2 * r * x)), float(np.mean(2 * r))


def test_the_loop_is_the_nearest_centre_with_ties_to_the_first():
    r = np.random.default_rng(0)
    X, C = r.standard_normal((50, 3)), r.standard_normal((4, 3))
    assert np.array_equal(day0.nearest_centroid_loop(X, C), sq_dists(X, C).argmin(axis=1))
    assert day0.nearest_centroid_loop(X, np.vstack([C, C])).max() < 4


def test_the_figures_draw_with_the_learners_functions():
    r = np.random.default_rng(1)
    x = np.linspace(-1, 2, 12)
    y = 1.5 * x - 0.5 + 0.1 * r.standard_normal(12)
    assert day0.plot_line(Line(1.5, -0.5), x, y) < 0.05
    X3, y3 = r.standard_normal((30, 2)), np.arange(30) % 3
    day0.plot_class_means(X3, y3, np.array([X3[y3 == k].mean(0) for k in range(3)]))
    A, B = r.standard_normal((3, 2)), r.standard_normal((4, 2))
    assert day0.plot_distances(sq_dists, A, B).shape == (3, 4)
    assert day0.plot_tangents(f, df, [-1.0, 0.5, 1.5]) < 1e-6
    wrong = day0.plot_tangents(f, lambda v: 2.0 * v * np.cos(v ** 2), [-1.0, 0.5, 1.5])
    assert wrong > 0.1, "a wrong derivative shows in the title's error"
    tangent = day0.plot_tangent(f, df, x0=1.2, zoom=0.1)
    assert abs(tangent["slope"] - tangent["numerical"]) < 1e-6
    losses = day0.plot_descent(Line, grads, x, y, lr=0.1, steps=40)
    assert len(losses) == 41 and losses[-1] < 0.05 < losses[0]
    day0.plot_standardized(X3, (X3 - X3.mean(0)) / X3.std(0))
    C = np.array([X3[y3 == k].mean(0) for k in range(3)])
    day0.plot_regions(lambda P: sq_dists(P, C).argmin(1), X3[:20], y3[:20], X3[20:], y3[20:], C, title="t")
    assert plt.get_fignums()
    plt.close("all")


def test_the_tangent_explorer_builds_and_redraws(monkeypatch):
    drawn = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: drawn.append(plt.get_fignums()))
    ui = day0.tangent_explorer(f, df)
    plt.close("all")
    assert isinstance(ui, widgets.VBox) and isinstance(ui.children[-1], widgets.Output)
    controls = [c for row in ui.children[:-1] for c in row.children]
    assert {c.description for c in controls} == {"point x0", "half-width of the view"}
    for c in controls:
        c.value = c.max if isinstance(c, widgets.FloatSlider) else 10 ** c.min
        assert drawn and drawn.pop(), f"changing {c.description} drew nothing"
        assert not plt.get_fignums(), "the explorer closes what it showed"


def test_an_unfinished_exercise_is_named_with_its_number(capsys):
    cell = {}   # the released stub, as a notebook cell defines it
    exec(compile("class Line:\n    def __init__(self, w=0.0, b=0.0):\n        raise NotImplementedError()\n",
                 "<cell>", "exec"), cell)
    with day0.needs("exercise 1"):
        day0.plot_line(cell["Line"](), np.zeros(3), np.zeros(3))
    assert "Skipped: exercise 1 (Line.__init__) is not written yet" in capsys.readouterr().out
