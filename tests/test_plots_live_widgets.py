"""Static figures, the live training display and the explorer builder run headless."""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from course import data, live, plots, widgets  # noqa: E402


def test_decision_boundary_colours_by_the_prediction():
    X, y = data.blobs(n=60, centers=2, seed=1)
    ax = plots.decision_boundary(lambda P: (P[:, 0] > 0).astype(int), X, y, steps=50, title="t")
    assert ax.get_title() == "t" and len(ax.collections) >= 2
    plt.close("all")


def test_curves_and_image_grid():
    ax = plots.curves({"train": [3, 2, 1], "val": [3, 2.5, 2]}, logy=True)
    assert [l.get_label() for l in ax.get_lines()] == ["train", "val"]
    d = data.digits()
    fig = plots.image_grid(d["X_train"][:12], d["y_train"][:12], cols=6)
    assert len(fig.axes) == 12 and fig.axes[0].get_title() == str(d["y_train"][0])
    plt.close("all")


def test_live_loss_records_every_value_headless(capsys):
    board = live.LiveLoss(total=30, every=5, draw=False)
    for step in range(30):
        board.update(loss=1.0 / (step + 1), val=2.0 / (step + 1))
    history = board.close()
    assert len(history["loss"]) == 30 and history["val"][-1] == 2.0 / 30


def test_live_loss_draws_in_place(monkeypatch):
    shown = []

    class Handle:
        def update(self, fig):
            shown.append(len(fig.axes[0].get_lines()))

    import IPython.display
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: Handle())
    board = live.LiveLoss(total=10, every=5, draw=True)
    for step in range(10):
        board.update(loss=float(10 - step))
    board.close()
    assert shown == [1, 1, 1]  # steps 5 and 10, and the final redraw: one figure, updated


def test_live_loss_draws_accuracy_on_a_second_panel(monkeypatch):
    shown = []

    class Handle:
        def update(self, fig):
            shown.append([(ax.get_xlabel(), ax.get_ylabel(), [l.get_label() for l in ax.get_lines()])
                          for ax in fig.axes])

    import IPython.display
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: Handle())
    board = live.LiveLoss(total=4, every=2, draw=True, xlabel="epoch")
    for epoch in range(4):
        board.update(loss=1.0 / (epoch + 1), val_loss=1.2 / (epoch + 1), acc=0.5 + 0.1 * epoch, val_acc=0.5)
    history = board.close()
    assert shown[-1] == [("epoch", "loss", ["loss", "val_loss"]), ("epoch", "accuracy", ["acc", "val_acc"])]
    assert len(shown) == 3 and history["val_acc"] == [0.5] * 4
    plt.close("all")


def test_explorer_builds_widgets_and_calls_the_static_twin(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    seen = []

    def draw(a, b):
        seen.append((a, b))
        plt.figure()
        plt.plot([a, b])

    ui = widgets.explorer(draw, a=widgets.w.FloatSlider(value=1.0), b=widgets.w.IntSlider(value=2))
    assert ui is not None and seen[-1] == (1.0, 2)
    ui.children[0].children[0].value = 3.0
    assert seen[-1] == (3.0, 2)
    plt.close("all")


def test_explorer_draws_once_and_opens_no_widget_while_grading(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    seen = []
    ui = widgets.explorer(lambda a: seen.append(a) or plt.figure(), a=widgets.w.IntSlider(value=4))
    assert ui is None and seen == [4]
    plt.close("all")


def test_an_unfinished_exercise_shows_a_message_not_a_traceback(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)

    def sigmoid(z):
        raise NotImplementedError()

    def draw(a):
        plt.figure()  # half-drawn when the learner's function raises: must not leak
        sigmoid(a)

    before = set(plt.get_fignums())
    ax = widgets.guarded(draw)(a=1.0)
    texts = [t.get_text() for t in ax.texts]
    assert "not finished yet: sigmoid raises NotImplementedError" in texts[0]
    assert set(plt.get_fignums()) - before == {ax.figure.number}
    plt.close("all")


def _notebook(source):
    """Run source as a notebook cell would: its functions belong to module __main__."""
    ns = {"__name__": "__main__"}
    exec(compile(source, "<cell>", "exec"), ns)
    return ns


def test_a_followed_function_is_looked_up_again_when_called():
    ns = _notebook("def tanh_grad(z):\n    raise NotImplementedError()\nclass Value:\n    pass\n")
    followed = widgets.follow(ns["tanh_grad"])
    exec(compile("def tanh_grad(z):\n    return 1.0 - z * z\n", "<cell>", "exec"), ns)  # the learner rewrites it
    assert followed(0.5) == 0.75 and followed.__name__ == "tanh_grad"
    assert widgets.follow(np.tanh) is np.tanh, "library functions are kept as they are"
    lam = lambda z: z  # noqa: E731
    assert widgets.follow(lam) is lam


def _explorer_factories(root, package):
    """Every *_explorer / *_viewer / *_inspector / *_playground function built with explorer() in a module root/day*/*.py.

    root is the folder of the package named package (course): every day's
    subpackage is covered, Days 3-5 included once they exist.  Returns
    (the days found, [(module name, function)]).
    """
    import importlib
    import inspect
    days, factories = set(), []
    for path in sorted(Path(root).glob("day*/*.py")):
        name = ".".join([package, path.parent.name] + ([] if path.stem == "__init__" else [path.stem]))
        m = importlib.import_module(name)
        days.add(path.parent.name)
        factories += [(name, f) for fname, f in inspect.getmembers(m, inspect.isfunction)
                      if f.__module__ == m.__name__ and "explorer(" in inspect.getsource(f)
                      and fname.endswith(("_explorer", "_viewer", "_inspector", "_playground"))]
    return days, factories


def _unfollowed(factories):
    return [f"{name}.{f.__name__}" for name, f in factories if not getattr(f, "follows", False)]


def test_every_explorer_factory_follows_the_learners_names():
    import course
    days, factories = _explorer_factories(Path(course.__file__).parent, "course")
    assert {"day1", "day2"} <= days
    assert len(factories) >= 8
    unfollowed = _unfollowed(factories)
    assert not unfollowed, f"explorers that would keep a stale function: {unfollowed} (decorate with @follows)"


def test_the_follows_check_sees_a_new_days_explorer_without_follows(tmp_path, monkeypatch):
    # the check itself: an explorer of a future day's module, not decorated, is found and reported
    pkg = tmp_path / "fake_course_days"
    (pkg / "day9").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "day9" / "__init__.py").write_text("")
    (pkg / "day9" / "figures.py").write_text(
        "from course.widgets import explorer, follows, w\n\n\n"
        "@follows\ndef kept_explorer(f):\n    return explorer(lambda n: f(n), n=w.IntSlider())\n\n\n"
        "def stale_explorer(f):\n    return explorer(lambda n: f(n), n=w.IntSlider())\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        days, factories = _explorer_factories(pkg, "fake_course_days")
    finally:
        for name in [n for n in sys.modules if n.startswith("fake_course_days")]:
            del sys.modules[name]
    assert days == {"day9"} and len(factories) == 2
    assert _unfollowed(factories) == ["fake_course_days.day9.figures.stale_explorer"]


def test_explorer_controls_all_carry_a_label_never_cut_short(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    ui = widgets.explorer(lambda **kw: plt.figure(), columns=2,
                          lr_adaptive=widgets.w.FloatSlider(value=0.1),
                          rule=widgets.w.Dropdown(options=["sgd"], description="update rule"))
    controls = [c for row in ui.children[:-1] for c in row.children]
    assert [c.description for c in controls] == ["lr adaptive", "update rule"]
    assert all(c.style.description_width == "initial" for c in controls)
    plt.close("all")


def test_needs_names_the_stub_and_skips_the_rest(capsys):
    ns = _notebook("def relu(z):\n    raise NotImplementedError()\n")
    reached = []
    with widgets.needs("the activations"):
        ns["relu"](1.0)
        reached.append(1)
    assert not reached
    assert capsys.readouterr().out == ("Skipped: relu is not written yet. Write it, run its cell, "
                                       "then run this cell again.\n")


def test_live_loss_shows_nothing_before_its_first_update(monkeypatch, capsys):
    shown = []
    import IPython.display
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append(a))
    board = live.LiveLoss(total=10, draw=True)   # a loop that fails before its first step
    assert board.close() == {} and shown == []
    assert "training" not in capsys.readouterr().err, "no progress bar for a loop that never ran"
