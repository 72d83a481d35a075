"""Day 2's figures and explorers (the package course/day2) run headless and draw something sensible.

The learner's functions they take are the reference answers, read from the
solution notebook (so no answer is copied into the tests).
"""
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from autograder import nbparts  # noqa: E402
from autograder.nbg import ROOT, source_notebook  # noqa: E402
from course import data, day2  # noqa: E402
from tests.figure_kit import close_figures  # noqa: E402,F401


@pytest.fixture(scope="module")
def ref():
    nb = nbparts.read(source_notebook("day2"))
    ns = {"__name__": "day2_reference"}
    exec(nbparts.setup_cell(nb), ns)
    for src in nbparts.answers(nb).values():
        exec(src, ns)
    return ns


@pytest.fixture(scope="module")
def rules(ref):
    return {k: ref[k] for k in ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam")}


def _neuron(V):
    x1, w1, x2, w2, b = (V(v) for v in (2.0, -3.0, 0.0, 1.0, 6.8813735870195432))
    o = (x1 * w1 + x2 * w2 + b).tanh()
    o.backward()
    return o


def test_graph_nodes_children_first(ref):
    o = _neuron(ref["Value"])
    order, children = day2.graph_nodes(o)
    assert order[-1] is o and len(order) == 10  # 5 leaves, 2 products, 2 sums, tanh
    seen = set()
    for v in order:
        assert all(id(c) in seen for c in children(v))
        seen.add(id(v))


def test_graph_nodes_deep_chain_and_set_prev():
    class V:  # micrograd keeps _prev as a set
        def __init__(self, data, prev=()):
            self.data, self.grad, self._prev, self._op = data, 0.0, set(prev), "+" if prev else ""

    v = V(0.0)
    for i in range(3000):  # deeper than the recursion limit
        v = V(float(i), (v, V(1.0)))
    order, _ = day2.graph_nodes(v)
    assert len(order) == 1 + 2 * 3000


def test_draw_graph_shows_every_node(ref):
    o = _neuron(ref["Value"])
    ax = day2.draw_graph(o, title="neuron")
    texts = [t.get_text() for t in ax.texts]
    assert sum("grad" in t for t in texts) == 10
    assert {"*", "+", "tanh"} <= set(texts)
    assert any("0.7071" in t for t in texts)


def test_draw_graph_node_used_twice(ref):
    V = ref["Value"]
    x = V(1.5)
    y = x * x + x
    y.backward()
    ax = day2.draw_graph(y)
    assert any("grad 4" in t.get_text() for t in ax.texts)
    assert len(ax.patches) == 3 + 2  # 3 boxes, 2 operation circles


def test_draw_neuron_and_unfinished_value(ref):
    ax = day2.draw_neuron(ref["Value"], activation="relu")
    assert any("relu" == t.get_text() for t in ax.texts)

    class Unfinished:
        def __init__(self, data):
            self.data = data

        def __mul__(self, other):
            raise NotImplementedError()

    ax = day2.draw_neuron(Unfinished)
    assert "not finished" in ax.texts[0].get_text()


@pytest.mark.parametrize("surface", list(day2.SURFACES))
def test_draw_race_every_surface(ref, rules, surface):
    S = day2.SURFACES[surface]
    assert S.grad(np.array(S.x0)).shape == (2,)
    p, e = np.array([0.3, -0.7]), np.eye(2) * 1e-6   # the surfaces' gradients are right
    num = np.array([(S.f(p + d) - S.f(p - d)) / 2e-6 for d in e])
    assert np.allclose(num, S.grad(p), rtol=1e-6, atol=1e-6)
    fig = day2.draw_race(surface, rules, ref["gradient_descent"], steps=60)
    ax, bx = fig.axes
    assert len(bx.get_lines()) == len(rules)
    assert len([ln for ln in ax.get_lines() if ln.get_label() in rules]) == len(rules)


def test_draw_race_divergence_is_drawn_not_raised(ref, rules):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow warning may escape
        fig = day2.draw_race("ill-conditioned quadratic", rules, ref["gradient_descent"],
                                 picked=["sgd", "nesterov_momentum"], lr=0.5, steps=200)
    notes = " ".join(t.get_text() for t in fig.axes[1].texts)
    assert "sgd diverged" in notes and "nesterov_momentum diverged" in notes
    for ln in fig.axes[1].get_lines():
        assert np.all(np.isfinite(ln.get_ydata()))


def test_draw_race_unfinished_descent(rules):
    def descent(*args):
        raise NotImplementedError()
    fig = day2.draw_race("saddle", rules, descent, steps=10)
    assert "not implemented" in " ".join(t.get_text() for t in fig.axes[1].texts)


def test_train_two_layer_learns_and_detects_divergence(ref):
    X, y = data.spirals()
    good = day2.train_two_layer(ref["two_layer_net"], ref["sgd"], X, y, lr=2.0, steps=200)
    assert good["diverged_at"] is None and good["losses"][-1] < 0.5 * good["losses"][0]
    bad = day2.train_two_layer(ref["two_layer_net"], ref["sgd"], X, y, lr=1e3, steps=200)
    assert bad["diverged_at"] is not None and bad["diverged_at"] < 10


@pytest.mark.parametrize("lr", [0.01, 2.0, 30.0, 1e3])
def test_draw_lr_is_finite_and_says_when_it_diverged(ref, lr):
    # how quick: benchmarks/explorers.py (speed is measured there, not asserted here)
    X, y = data.spirals()
    fig = day2.draw_lr(ref["two_layer_net"], ref["sgd"], X, y, lr=lr, steps=200, hidden=50)
    title = fig.axes[0].get_title()
    assert title.startswith(f"lr = {lr:.3g}")
    if lr == 1e3:
        assert "diverged" in title
    for ln in fig.axes[0].get_lines():
        assert np.all(np.isfinite(ln.get_ydata()))


def test_small_figures(ref):
    fig = day2.draw_h_error(ref["numerical_gradient"])
    errs = fig.axes[0].get_lines()[0].get_ydata()
    assert errs.min() < 1e-9  # central differences reach ~1e-10 near h = 1e-5
    fig = day2.draw_bias_correction()
    corrected = fig.axes[1].get_lines()[1].get_ydata()
    assert np.allclose(corrected, 1.0, atol=1e-6)
    t = np.arange(100)
    fig = day2.draw_schedules({"cos": ref["cosine_decay"](0.1, t, 100)}, 100)
    assert len(fig.axes[0].get_lines()) == 1


def _redraws(control, value):
    """Set a control; True if the explorer drew a figure (how fast: benchmarks/explorers.py)."""
    drawn = []
    show, plt.show = plt.show, lambda *a, **k: drawn.append(plt.get_fignums())
    try:
        control.value = value
    finally:
        plt.show = show
    return bool(drawn and drawn[0])


def _labels(ui):
    """Each control's label, or None where it has none or it may be cut short."""
    return [c.description if c.description and c.style.description_width == "initial" else None
            for row in ui.children[:-1] for c in row.children]


def test_explorers_build_and_redraw(ref, rules):
    ui = day2.graph_explorer(ref["Value"])
    assert _labels(ui) == ["x1", "w1", "x2", "w2", "b", "activation"]
    x1 = ui.children[0].children[0]
    assert _redraws(x1, -1.0)

    ui = day2.race_explorer(rules, ref["gradient_descent"])
    assert None not in _labels(ui)
    surface = ui.children[0].children[0]
    assert _redraws(surface, "Rosenbrock valley")

    X, y = data.moons()
    ui = day2.lr_explorer(ref["two_layer_net"], rules, X=X, y=y)
    assert None not in _labels(ui) and "dataset" in _labels(ui)
    lr = ui.children[0].children[0]
    assert lr.continuous_update is False
    assert _redraws(lr, 10.0)
    dataset = ui.children[1].children[1]
    assert dataset.options[0] == "your points"


@pytest.fixture(scope="module")
def released():
    """The answer cells of the released notebook: every exercise still raises NotImplementedError."""
    nb = nbparts.read(ROOT / "day2" / "backprop.ipynb")
    ns = {"__name__": "day2_released"}
    exec(nbparts.setup_cell(nb), ns)
    for src in nbparts.answers(nb).values():
        exec(src, ns)
    return ns


@pytest.mark.parametrize("call, line", [
    (lambda ns: ns["Value"](1.0) * 2, "exercise 1 (Value.__mul__)"),
    (lambda ns: ns["two_layer_net"]({}, np.zeros((1, 2))), "exercise 7 (two_layer_net)"),
    (lambda ns: [ns["cosine_decay"](0.1, s, 10) for s in range(3)], "exercise 11 (cosine_decay)"),
])
def test_needs_names_the_unfinished_exercise(released, capsys, call, line):
    reached = []
    with day2.needs("exercises 1 to 11"):
        plt.subplots()
        call(released)
        reached.append(True)
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and line in out and "Write it, run its cell" in out, out
    assert not reached and not plt.get_fignums(), "the rest of the block is skipped, half-drawn figures closed"


def test_needs_falls_back_on_its_text_and_lets_other_errors_through(capsys):
    # raised by a notebook cell itself, not by a function of the learner's: no name to give
    exec(compile('with day2.needs("exercises 7 and 8"):\n    raise NotImplementedError()', "<cell>", "exec"),
         {"day2": day2})
    assert "exercises 7 and 8 are not written yet" in capsys.readouterr().out
    with pytest.raises(ValueError):
        with day2.needs("exercise 2"):
            raise ValueError("a learner's bug must show")
    with day2.needs("exercise 2"):
        done = True
    assert done and capsys.readouterr().out == ""


def test_the_gradient_vanishes_through_sigmoid_layers_not_through_relu(ref):
    sig = day2.gradient_norms(ref["mlp_loss_and_grads"], "sigmoid", depth=8)
    relu = day2.gradient_norms(ref["mlp_loss_and_grads"], "relu", depth=8)
    assert len(sig) == 8 and sig[0] / sig[-1] < 1e-3 < 0.1 < relu[0] / relu[-1]
    he = day2.gradient_norms(ref["mlp_loss_and_grads"], "relu", depth=8, init="sqrt(2/n) (He)")
    assert he[0] / he[-1] > relu[0] / relu[-1], "He's initialisation keeps more of the gradient"
    ax = day2.draw_gradient_norms(ref["mlp_loss_and_grads"], depth=4)
    assert len(ax.get_lines()) == 3 and ax.get_yscale() == "log"
    ui = day2.gradient_norm_explorer(ref["mlp_loss_and_grads"])
    assert _labels(ui) == ["depth", "width", "weights"] and _redraws(ui.children[0].children[0], 5)
