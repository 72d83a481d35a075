"""Day 3's figures, explorers and playground (course/day3) run headless and draw something sensible.

The learner's classes and functions they take are the reference answers, read
from the solution notebook (so no answer is copied into the tests): the setup
cell and the answer cells, plus the given definitions (Sigmoid, the loss, the
update rules, evaluate) from whichever code cell holds them.
"""
import ast

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder import nbparts  # noqa: E402
from autograder.nbg import ROOT, source_notebook  # noqa: E402
from course import day3  # noqa: E402
from course.day3 import depth, playground_state  # noqa: E402
from tests.figure_kit import close_figures, widgets_on  # noqa: E402,F401

GIVEN = ("Sigmoid", "softmax_cross_entropy", "sgd", "sgd_momentum", "adam", "evaluate")
LAYERS = ("Dense", "ReLU", "Tanh", "Sigmoid", "Dropout", "Sequential")


def _definitions(src, names):
    """The top-level defs and classes of a cell that are called one of names (a given cell may hold more)."""
    try:
        tree = ast.parse(src)
    except SyntaxError:   # a cell with IPython magics: nothing the figures need
        return None
    keep = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name in names]
    return ast.Module(body=keep, type_ignores=[]) if keep else None


@pytest.fixture(scope="module")
def ref():
    try:
        path = source_notebook("day3")
    except ValueError:
        if not (ROOT / "solutions" / "day3").is_dir():
            pytest.skip("solutions/day3 does not exist yet: these tests read the reference answers from its notebook")
        raise
    nb = nbparts.read(path)
    ns = {"__name__": "day3_reference"}
    exec(nbparts.setup_cell(nb), ns)
    for src in nbparts.answers(nb).values():
        exec(src, ns)
    missing = [name for name in GIVEN if name not in ns]
    for cell in nb["cells"]:
        if missing and cell.get("cell_type") == "code" and not nbparts.is_test(cell):
            found = _definitions(nbparts.source(cell), missing)
            if found is not None:
                exec(compile(found, "<string>", "exec"), ns)
                missing = [name for name in GIVEN if name not in ns]
    assert not missing, f"the Day 3 notebook defines none of {missing}"
    return ns


@pytest.fixture(scope="module")
def layers(ref):
    return {k: ref[k] for k in LAYERS}


@pytest.fixture(scope="module")
def activations(ref):
    return {"sigmoid": ref["Sigmoid"], "tanh": ref["Tanh"], "relu": ref["ReLU"]}


def _stub(name, method="__init__"):
    """A class as the released notebook has it: its method raises NotImplementedError (from a cell)."""
    ns = {"__name__": "__main__"}
    exec(compile(f"class {name}:\n    def {method}(self, *args, **kwargs):\n        raise NotImplementedError()\n",
                 "<cell>", "exec"), ns)
    return ns[name]


def _texts(fig_or_ax):
    fig = getattr(fig_or_ax, "figure", fig_or_ax)
    return " ".join([t.get_text() for ax in fig.axes for t in ax.texts]
                    + [ax.get_title() for ax in fig.axes] + [fig._suptitle.get_text() if fig._suptitle else ""])


# ---------------------------------------------------------------- depth

def test_layer_statistics_shapes(ref):
    s = depth.layer_statistics(ref["Dense"], ref["ReLU"], "he", depth=4, width=16, n=50)
    assert [a.shape for a in s["activations"]] == [(50, 16)] * 4
    assert [g.shape for g in s["grads"]] == [(50, 16)] * 4
    assert len(s["weight_grad_norms"]) == 4 and all(g > 0 for g in s["weight_grad_norms"])


def test_he_relu_keeps_the_signal_small_normal_tanh_loses_it_std_1_saturates(ref):
    def stds(layer, init):
        s = depth.layer_statistics(ref["Dense"], layer, init, init_weights=ref["init_weights"])
        return np.std(s["activations"][0]), np.std(s["activations"][-1]), s
    first, last, _ = stds(ref["ReLU"], "he")
    assert 1 / 3 < last / first < 3
    first, last, _ = stds(ref["Tanh"], "normal")
    assert first / last > 100
    _, _, s = stds(ref["Tanh"], "normal, std 1")
    assert np.mean(np.abs(s["activations"][-1]) > 0.9) > 0.7, "tanh with std-1 weights should saturate"


def test_std_1_uses_the_learners_init_weights(ref):
    calls = []

    def init_weights(fan_in, fan_out, method, rng, scale=0.01):
        calls.append((method, scale))
        return ref["init_weights"](fan_in, fan_out, method, rng, scale)
    depth.layer_statistics(ref["Dense"], ref["Tanh"], "normal, std 1", depth=3, width=8, n=10,
                           init_weights=init_weights)
    assert calls == [("normal", 1.0)] * 3


def test_draw_depth_headless(ref):
    fig = depth.draw_depth(ref["Dense"], ref["Tanh"], "xavier", init_weights=ref["init_weights"])
    assert len(fig.axes) == 10 + 2
    assert "Tanh" in fig._suptitle.get_text() and "xavier" in fig._suptitle.get_text()
    assert fig.axes[-2].get_yscale() == "log" and len(fig.axes[-1].get_lines()) == 2
    fig = depth.draw_depth(ref["Dense"], ref["ReLU"], "he", depth=20, width=32)
    assert len(fig.axes) == 10 + 2, "deep nets show ten of their layers"


def test_depth_grid_and_table(ref, activations, capsys):
    fig = depth.draw_depth_grid(ref["Dense"], activations, init_weights=ref["init_weights"])
    assert len(fig.axes) == 6 and all(len(ax.get_lines()) == 4 for ax in fig.axes)
    rows = depth.depth_table(ref["Dense"], activations, init_weights=ref["init_weights"])
    assert len(rows) == 12 and rows[0].activation == "sigmoid"
    tanh_small = next(r for r in rows if r.activation == "tanh" and r.init == "normal, std 0.01")
    assert tanh_small.std_first / tanh_small.std_last > 100
    depth.print_depth_table(rows)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 13 and "std layer 1" in out[0]


def test_depth_explorer_builds_widgets_and_redraws(ref, activations, widgets_on, monkeypatch):
    seen = []
    real = depth.draw_depth
    monkeypatch.setattr(depth, "draw_depth", lambda *a, **k: seen.append((a[2], k["depth"])) or real(*a, **k))
    ui = day3.depth_explorer(ref["Dense"], activations, init_weights=ref["init_weights"])
    assert ui is not None and seen == [("he", 10)]
    controls = {c.description: c for row in ui.children[:-1] for c in row.children}
    assert set(controls) == {"activation", "init", "depth", "width"}
    controls["init"].value = "normal, std 1"
    assert seen[-1] == ("normal, std 1", 10)


def test_depth_explorer_with_a_stub_says_which(activations, widgets_on, monkeypatch):
    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.extend(_texts(plt.figure(n)) for n in plt.get_fignums()))
    ui = day3.depth_explorer(_stub("Dense"), activations)
    assert ui is not None
    assert "not finished yet: Dense.__init__ raises NotImplementedError" in " ".join(shown)


def test_depth_explorer_follows(ref):
    assert getattr(day3.depth_explorer, "follows", False) and getattr(day3.training_playground, "follows", False)


# ---------------------------------------------------------------- playground

def test_make_data_splits_70_30_and_takes_your_points():
    X, y, Xv, yv = playground_state.make_data("moons", 0.1)
    assert len(X) == 210 and len(Xv) == 90 and X.shape[1] == 2
    again = playground_state.make_data("moons", 0.1)
    assert np.array_equal(X, again[0]), "a fixed seed: the same split every time"
    pts = (np.random.default_rng(1).standard_normal((20, 2)), np.arange(20) % 2)
    X, y, Xv, yv = playground_state.make_data("your points", points=pts)
    assert len(X) == 14 and len(Xv) == 6
    with pytest.raises(ValueError, match="shape"):
        playground_state.make_data("your points", points=(np.zeros((5, 3)), np.zeros(5, int)))


def test_playground_trains_moons(ref, layers):
    fig = day3.draw_playground(layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"],
                               dataset="moons")
    state = fig.state
    assert state.epoch == 60 and state.diverged is None
    assert state.history["val_acc"][-1] > 0.9
    assert "validation" in _texts(fig) and len(fig.axes[1].get_lines()) == 2


def test_playground_builds_what_was_chosen(ref, layers):
    model = playground_state.build_model(layers, 2, 3, hidden=(8, 8, 8), activation="tanh", p=0.2)
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Dense", "Tanh", "Dropout"] * 3 + ["Dense"]


def test_playground_survives_a_huge_learning_rate(ref, layers):
    fig = day3.draw_playground(layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"], lr=50.0)
    state = fig.state
    assert state.diverged is not None and state.epoch == state.diverged
    assert state.status().startswith(f"diverged at epoch {state.diverged}: lower the learning rate")
    assert "diverged" in _texts(fig)
    assert not state.tick(0.1), "a diverged run waits for Reset"
    state.reset()
    assert state.epoch == 0 and state.tick(0.1)


def _controls(ui):
    return {getattr(c, "description", ""): c for row in ui.children[:-1] for c in row.children}


def test_training_playground_steps_plays_resets_and_diverges(ref, layers, widgets_on):
    pts = (np.random.default_rng(0).standard_normal((40, 2)), (np.arange(40) % 2))
    ui = day3.training_playground(layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"], points=pts)
    c, state = _controls(ui), lambda: ui.playground["state"]
    assert c["data set"].options[0] == "your points" and state().epoch == 0
    labels = {"noise", "hidden layers", "units per layer", "activation", "learning rate", "L2 (reg)",
              "dropout p (0: none)", "batch size", "Play / Pause", "Step", "Reset"}
    assert labels <= set(c)
    c["Step"].click()
    assert state().epoch == 5 and c[""].value.startswith("epoch 5")
    ui.playground["done"] = 0.0            # as if the last redraw ended long ago
    c["Play / Pause"].value += 1
    assert state().epoch == 10
    c["data set"].value = "moons"          # structural: a fresh model
    assert state().epoch == 0 and state().settings["dataset"] == "moons"
    c["learning rate"].value = 100.0       # applies from the next tick
    c["Play / Pause"].playing = True
    c["Step"].click()
    assert c[""].value.startswith("diverged at epoch") and not c["Play / Pause"].playing
    c["Reset"].click()
    assert state().epoch == 0 and state().diverged is None


def test_training_playground_with_a_stub_says_which(ref, layers, widgets_on):
    stubbed = dict(layers, Dense=_stub("Dense"))
    ui = day3.training_playground(stubbed, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"])
    c = _controls(ui)
    assert "not finished yet: Dense.__init__ raises NotImplementedError" in _texts(ui.playground["shown"])
    c["Step"].click()                       # still a message, not an exception
    assert c[""].value.startswith("not finished yet")
    ns = {"__name__": "__main__", "np": np}
    exec(compile("def train(*args, **kwargs):\n    raise NotImplementedError()\n", "<cell>", "exec"), ns)
    ui = day3.training_playground(layers, ns["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"])
    _controls(ui)["Step"].click()
    assert "not finished yet: train raises NotImplementedError" in _texts(ui.playground["shown"])


def test_training_playground_without_dropout_offers_no_dropout(ref, layers, widgets_on):
    before_dropout = {k: v for k, v in layers.items() if k not in ("Dropout", "Sigmoid")}
    ui = day3.training_playground(before_dropout, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"])
    c = {getattr(w, "description", ""): w for row in ui.children[:-1] for w in row.children}
    slider = next(w for d, w in c.items() if d.startswith("dropout p"))
    assert slider.disabled and "Dropout" in slider.description
    assert list(c["activation"].options) == ["relu", "tanh"]
    c["Step"].click()
    assert ui.playground["state"].epoch == 5


def test_training_playground_draws_once_while_grading(ref, layers, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert day3.training_playground(layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd"]) is None


# ---------------------------------------------------------------- remedies

def _history(acc, val_acc, **extra):
    n = len(acc)
    return dict(loss=list(np.linspace(1.0, 0.1, n)), val_loss=[0.9, 0.5, 0.4, 0.6, 0.8][:n], acc=acc,
                val_acc=val_acc, **extra)


def test_remedy_table_numbers():
    results = {"none": _history([0.6, 0.8, 0.9, 0.95, 1.0], [0.5, 0.7, 0.8, 0.75, 0.7]),
               "early stopping": _history([0.6, 0.8, 0.9, 0.95], [0.5, 0.7, 0.8, 0.75], best_epoch=3),
               "L2": _history([0.6, 0.7, 0.8, 0.85, 0.9], [0.5, 0.7, 0.8, 0.82, 0.85])}
    rows = {r.remedy: r for r in day3.remedy_table(results)}
    none, early, l2 = rows["none"], rows["early stopping"], rows["L2"]
    assert (none.epochs, none.train_acc, none.val_acc, none.best_val_acc) == (5, 1.0, 0.7, 0.8)
    assert none.gap == pytest.approx(0.3) and none.change == pytest.approx(0.0)
    assert (early.epochs, early.train_acc, early.val_acc) == (4, 0.9, 0.8), "the restored epoch counts"
    assert early.change == pytest.approx(0.1) and early.gap == pytest.approx(0.1)
    assert l2.gap == pytest.approx(0.05) and l2.change == pytest.approx(0.15)
    assert day3.remedy_table({"L2": results["L2"]})[0].change is None


def test_print_remedy_table_and_figures(capsys):
    results = {"none": _history([0.6, 0.8, 0.9, 0.95, 1.0], [0.5, 0.7, 0.8, 0.75, 0.7]),
               "dropout": _history([0.5, 0.7, 0.8, 0.85, 0.88], [0.5, 0.7, 0.8, 0.82, 0.84])}
    day3.print_remedy_table(results)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3 and "+14.0" in out[2] and "30.0" in out[1]
    fig = day3.draw_remedies(results)
    assert len(fig.axes) == 3 and len(fig.axes[2].get_lines()) == 2
    assert len(day3.draw_remedies(results, curves=False).axes) == 2
    ax, bx = day3.draw_learning_curves(results["none"], title="no remedy")
    assert day3.best_epoch(results["none"]) == 3
    assert any("best epoch 3" in t.get_text() for t in bx.get_legend().get_texts())
    assert len(ax.get_lines()) == 3   # training, validation, the best epoch's line


# ---------------------------------------------------------------- digits

def test_draw_confusion_annotates_the_counts(ref):
    y = np.array([0, 1, 2, 2, 1, 0, 2])
    C = ref["confusion_matrix"](y, np.array([0, 2, 2, 2, 1, 0, 1]), 3)
    ax = day3.draw_confusion(C)
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == sorted(["2", "1", "1", "2", "1"]) and "5 of 7" in ax.get_title()
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"


def test_draw_worst_and_draw_augmented(ref):
    from course import data
    d = data.digits()
    X, y = d["X_test"][:40], d["y_test"][:40]
    probs = np.full((40, 10), 0.01)
    probs[np.arange(40), (y + 1) % 10] = 0.91
    probs[:5] = 0.1
    fig = day3.draw_worst(X, y, probs, k=12)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titles) == 12 and f"true {y[5]} → {(y[5] + 1) % 10} (p=0.91)" in titles
    fig = day3.draw_augmented(X, ref["shift_images"], n=3)
    assert len(fig.axes) == 3 * 5 and fig.axes[0].get_title() == "original"
    shifted = fig.axes[1].get_images()[0].get_array()
    assert np.allclose(shifted[:, 1:], X[0, 0, :, :-1]) and np.allclose(shifted[:, 0], 0)


def test_needs_numbers_day3_exercises(capsys):
    with day3.needs("the layers"):
        _stub("Dense")()
    assert "exercise 2 (Dense.__init__) is not written yet" in capsys.readouterr().out


def test_exercise_numbers_match_the_notebooks_headings(ref):
    import re
    nb = nbparts.read(source_notebook("day3"))
    headings = {}
    for cell in nb["cells"]:
        if cell.get("cell_type") == "markdown":
            for number, title in re.findall(r"Exercise (\d+)\s*[—-]\s*([^\n]*)", nbparts.source(cell)):
                headings[int(number)] = title
    for name, number in day3.EXERCISES.items():
        title = headings.get(number, "")
        squeezed = title.replace(" ", "").lower()   # "batch normalisation" holds "batchnorm"
        assert name.split("_")[0].lower() in squeezed, f"{name} is not exercise {number} (its heading: {title!r})"


# ---------------------------------------------------------------- points drawn with the mouse

def _click(drawer, x, y, button=1, inside=True):
    """What matplotlib hands a button_press_event handler (only the fields it reads)."""
    from types import SimpleNamespace
    drawer.on_click(SimpleNamespace(xdata=x if inside else None, ydata=y if inside else None, button=button,
                                    inaxes=drawer.ax if inside else None))


@pytest.fixture
def in_notebook(widgets_on, monkeypatch):
    from course.day3 import points
    monkeypatch.setattr(points, "_in_notebook", lambda: True)


def test_point_drawer_adds_undoes_clears_and_counts():
    d = day3.point_drawer()
    assert d.ui is None, "outside a kernel: nothing shown, no widget"
    assert d.X.shape == (0, 2) and d.y.shape == (0,) and d.text() == "0 points (0 of class 0, 0 of class 1)"
    for x, y, label in [(0.1, 0.2, 0), (0.3, -0.4, 1), (-1.0, 1.0, 0)]:
        d.add(x, y, label)
    assert d.X.dtype == np.float64 and d.X.shape == (3, 2) and d.y.tolist() == [0, 1, 0]
    assert np.issubdtype(d.y.dtype, np.integer) and d.text() == "3 points (2 of class 0, 1 of class 1)"
    X, y = d.points()
    X[0] = 99.0
    assert d.X[0, 0] == 0.1, "points() returns copies"
    d.undo()
    assert d.y.tolist() == [0, 1] and d.text() == "2 points (1 of class 0, 1 of class 1)"
    d.undo()
    d.undo()
    d.undo()   # nothing left: no error
    assert d.text() == "0 points (0 of class 0, 0 of class 1)"
    d = day3.point_drawer(classes=3, start=([[0, 0], [1, 1]], [2, 0]))
    assert d.y.tolist() == [2, 0] and d.text() == "2 points (1 of class 0, 0 of class 1, 1 of class 2)"
    d.add(0, 0, 1)
    assert d.text() == "3 points (1 of class 0, 1 of class 1, 1 of class 2)"
    d.clear()
    assert d.X.shape == (0, 2) and d.points()[1].shape == (0,)
    with pytest.raises(ValueError, match="label"):
        d.add(0, 0, 3)
    with pytest.raises(ValueError, match="start"):
        day3.point_drawer(start=(np.zeros((3, 2)), [0, 1, 2]))
    assert isinstance(d, day3.PointDrawer) and "0 points" in repr(d)


def test_a_left_click_inside_adds_a_point_of_the_selected_class_others_are_ignored():
    d = day3.point_drawer()
    _click(d, 0.5, -0.25)
    d.selected = 1
    _click(d, -0.5, 0.75)
    assert d.X.tolist() == [[0.5, -0.25], [-0.5, 0.75]] and d.y.tolist() == [0, 1]
    _click(d, 0.1, 0.1, inside=False)      # outside the axes
    _click(d, 0.1, 0.1, button=3)          # the right button
    assert len(d.X) == 2
    assert d._dots.get_offsets().shape == (2, 2), "the figure shows the points"


def test_point_drawer_in_a_notebook_shows_the_widget(in_notebook):
    d = day3.point_drawer(classes=3)   # imports ipympl: on its own, that would switch the backend
    kind = type(d.canvas)
    assert d.ui is not None and f"{kind.__module__}.{kind.__name__}" == "ipympl.backend_nbagg.Canvas"
    assert d.canvas.figure is d.fig and not d.canvas.toolbar_visible
    assert matplotlib.get_backend().lower() == "agg", "the global backend is left alone"
    assert plt.get_fignums() == [], "the figure is not one of pyplot's (the inline backend shows those)"
    buttons = {getattr(c, "description", ""): c for row in d.ui.children for c in getattr(row, "children", [])}
    choice = buttons["class"]
    assert [v for _, v in choice.options] == [0, 1, 2] and "bpw-point-classes" in choice._dom_classes
    css = d.ui.children[0].value
    for k in range(3):
        assert f"button[value='{k}'] {{background: {day3.playground_draw.CLASS_COLOURS[k]}" in css
    _click(d, 0.0, 0.0)
    choice.value = 2
    _click(d, 1.0, 1.0)
    assert d.y.tolist() == [0, 2] and d.label.value == "2 points (1 of class 0, 0 of class 1, 1 of class 2)"
    buttons["Undo"].click()
    assert d.label.value == "1 point (1 of class 0, 0 of class 1, 0 of class 2)"
    buttons["Clear"].click()
    assert len(d.X) == 0 and d.label.value.startswith("0 points")


def test_point_drawer_while_grading_makes_no_widget(in_notebook, monkeypatch):
    import ipywidgets
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    made = []
    monkeypatch.setattr(ipywidgets.Widget, "open", lambda self: made.append(type(self).__name__))
    d = day3.point_drawer(start=([[0, 0]], [1]))
    assert d.ui is None and d.canvas is None and made == []
    _click(d, 0.2, 0.2)
    assert d.text() == "2 points (1 of class 0, 1 of class 1)"


def test_playground_trains_on_the_drawers_points_after_reset(ref, layers, widgets_on):
    d = day3.point_drawer()
    ui = day3.training_playground(layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"], points=d)
    c, state = _controls(ui), lambda: ui.playground["state"]
    # an empty drawer: the playground starts on a bundled set (Play works at once), "your points" is last
    assert c["data set"].value == "spirals" and c["data set"].options[-1] == "your points"
    assert state().model is not None
    c["data set"].value = "your points"
    assert c[""].value == "draw at least 4 points of 2 classes, then Reset" and state().model is None
    assert "draw at least 4 points" in _texts(ui.playground["shown"])
    c["Step"].click()                      # still too few: the same line, no exception
    assert c[""].value == playground_state.TOO_FEW
    for x in np.linspace(-1, 1, 6):
        d.add(x, 0.5, 0)                   # one class only
    c["Reset"].click()
    assert c[""].value == playground_state.TOO_FEW
    rng = np.random.default_rng(0)
    for _ in range(14):
        x, y = rng.uniform(-1, 1, 2)
        d.add(x, y - 1.0, 1)
    c["Reset"].click()
    assert state().model is not None and c[""].value.startswith("epoch 0")
    assert len(state().X) + len(state().X_val) == 20 and set(state().y) | set(state().y_val) == {0, 1}
    c["Step"].click()
    assert state().epoch == 5 and c[""].value.startswith("epoch 5")
    d.add(0.0, 0.0, 1)
    c["data set"].value = "moons"
    c["data set"].value = "your points"    # chosen again: read again
    assert len(state().X) + len(state().X_val) == 21 and state().epoch == 0


def test_static_twin_takes_a_drawer_or_arrays(ref, layers):
    d = day3.point_drawer(start=(np.random.default_rng(1).standard_normal((30, 2)), np.arange(30) % 2))
    args = (layers, ref["train"], ref["softmax_cross_entropy"], ref["sgd_momentum"])
    for points in (d, d.points()):
        state = day3.draw_playground(*args, dataset="your points", points=points, epochs=10).state
        assert state.epoch == 10 and len(state.X) == 21
    d.clear()
    fig = day3.draw_playground(*args, dataset="your points", points=d, epochs=10)
    assert fig.state.epoch == 0 and "draw at least 4 points" in _texts(fig)
