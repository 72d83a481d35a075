"""Day 1 figures and explorers (the package course/day1) run headless and draw something sensible.

The learner's functions are stood in for by small reference implementations
written here, so these tests do not depend on the solution notebook.
"""
import os

os.environ.setdefault("MPLBACKEND", "Agg")

import ipywidgets as widgets  # noqa: E402
import matplotlib  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import data  # noqa: E402
from course import day1  # noqa: E402

matplotlib.use("Agg")


# ---------------------------------------------------------------- stand-ins for the learner's code

def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def relu(z):
    return np.maximum(0.0, z)


def leaky(z, alpha=0.01):
    return np.where(z > 0, z, alpha * z)


ACT = {"relu": relu, "sigmoid": sigmoid, "tanh": np.tanh, "leaky_relu": leaky}


def forward(X, params, activation="relu"):
    L = len(params) // 2
    A = X
    for l in range(1, L):
        A = ACT[activation](A @ params[f"W{l}"] + params[f"b{l}"])
    S = A @ params[f"W{L}"] + params[f"b{L}"]
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def perceptron(X, y, epochs=100, lr=1.0):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        bad = 0
        for xi, yi in zip(X, y):
            if yi * (xi @ w + b) <= 0:
                w, b, bad = w + lr * yi * xi, b + lr * yi, bad + 1
        if not bad:
            break
    return w, b


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax):
    return " ".join(t.get_text() for t in ax.texts)


# ---------------------------------------------------------------- static twins

def test_network_diagram_writes_the_shapes():
    ax = day1.network_diagram([2, 8, 8, 2], batch="N")
    text = _texts(ax)
    for shape in ["(N, 2)", "(N, 8)", "(2, 8)", "(8, 8)", "(8, 2)", "(8,)", "(2,)", "softmax"]:
        assert shape in text, shape
    # 2 + 6 drawn + 6 drawn + 2 nodes (8 wide layers are cut to 5 nodes and an ellipsis)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 2 + 5 + 5 + 2


def test_network_diagram_any_depth():
    ax = day1.network_diagram([784, 128, 64, 10], batch=32, activation="leaky_relu")
    assert "(32, 10)" in _texts(ax) and "(128, 64)" in _texts(ax)


def test_plot_activation_saturation_and_derivative_check():
    s = sigmoid
    info = day1.plot_activation(s, lambda z: s(z) * (1 - s(z)), name="sigmoid", threshold=0.05)
    assert info["derivative_error"] < 1e-8
    assert 0.0 < info["range"][0] < 0.01 and 0.99 < info["range"][1] < 1.0
    # sigma'(z) < 0.05 for |z| > 2.89: about half of [-6, 6]
    assert 0.45 < info["saturated"] < 0.55
    info = day1.plot_activation(relu, lambda z: (z > 0) * 1.0, name="relu")
    assert info["saturated"] == pytest.approx(0.5)          # dead half-line z < 0
    wrong = day1.plot_activation(np.tanh, lambda z: 1 - np.tanh(z), name="tanh")
    assert wrong["derivative_error"] > 0.5                  # a wrong derivative shows up


def test_plot_activations_gallery():
    fig = day1.plot_activations({"relu": (relu, lambda z: (z > 0) * 1.0), "tanh": (np.tanh, None)})
    assert len(fig.axes) == 2


def test_plot_neuron_accuracy():
    X, y = data.linearly_separable(n=100, margin=0.2, seed=14)
    assert day1.plot_neuron(X, y, 1.2, -1.6, 0.4) == 1.0
    plt.figure()
    assert day1.plot_neuron(X, y, -1.2, 1.6, -0.4) == 0.0
    plt.figure()
    Xx, yx = data.xor(n=200, seed=0)
    assert day1.plot_neuron(Xx, yx, 1.0, 1.0, -0.5, activation=sigmoid) < 0.8
    plt.figure()
    assert 0.0 <= day1.plot_neuron(Xx, yx, 0.0, 0.0, 0.0) <= 1.0     # w = 0: no line, no crash


def test_xor_params_round_trip_and_solution():
    nine = (1.0, 1.0, 1.0, 1.0, 0.0, -1.0, 4.0, -8.0, -2.0)
    params = day1.xor_params(*nine)
    assert {k: v.shape for k, v in params.items()} == {"W1": (2, 2), "b1": (2,), "W2": (2, 2), "b2": (2,)}
    assert np.allclose(day1.xor_weights(params), nine)
    P = forward(day1.XOR_CORNERS, params, "relu")
    assert list(P.argmax(axis=1)) == [0, 1, 1, 0]
    assert np.allclose(P[:, 1], sigmoid(np.array([-2.0, 2.0, 2.0, -2.0])))
    X, y = data.xor(n=200, noise=0.1, seed=0)
    assert day1.plot_xor_network(forward, params, X, y) == 1.0
    plt.figure()
    assert day1.plot_xor_network(forward, day1.xor_params(1, 0.5, -0.5, 1, 0, -0.5, 1, -1, 0), X, y) < 1.0


@pytest.mark.parametrize("name, gen", [("moons", data.moons), ("circles", data.circles)])
def test_pretrained_networks_classify_fresh_samples(name, gen):
    params, act = day1.pretrained(name)
    for seed in range(3):
        X, y = gen(n=300, seed=seed)
        assert np.mean(forward(X, params, act).argmax(axis=1) == y) >= 0.98
    params["W1"][:] = 0.0                     # a copy: the shipped weights stay untouched
    assert np.any(day1.pretrained(name)[0]["W1"] != 0)
    X, y = gen(n=300, seed=1)
    assert day1.plot_pretrained(forward, name, X, y) >= 0.98


def test_pretrained_unknown_name():
    with pytest.raises(ValueError, match="moons"):
        day1.pretrained("spirals")


def test_perceptron_history_and_plot():
    X, y = data.linearly_separable(n=100, margin=0.2, seed=14)
    ws, bs, mistakes = day1.perceptron_history(perceptron, X, y, epochs=10)
    assert ws.shape == (10, 2) and bs.shape == (10,) and mistakes.shape == (10,)
    assert mistakes[0] > 0 and mistakes[-1] == 0
    assert list(day1.plot_perceptron(perceptron, X, y, epochs=10)) == list(mistakes)
    Xx, yx = data.xor(n=200, seed=0)
    m = day1.plot_perceptron(perceptron, Xx, np.where(yx == 1, 1.0, -1.0), epochs=6)
    assert min(m) > 0                                       # XOR: never separated


# ---------------------------------------------------------------- explorers build headless

def _sliders(ui):
    out = []
    for row in ui.children[:-1]:
        out += list(row.children)
    return out


def test_explorers_build_and_redraw(monkeypatch):
    drawn = []  # the figures open at each plt.show(): the explorer closes them afterwards
    monkeypatch.setattr(plt, "show", lambda *a, **k: drawn.append(plt.get_fignums()))
    acts = {"sigmoid": (sigmoid, lambda z: sigmoid(z) * (1 - sigmoid(z))), "relu": (relu, lambda z: (z > 0) * 1.0)}
    X, y = data.linearly_separable(n=60, seed=0)
    Xx, yx = data.xor(n=80, seed=0)
    uis = [
        day1.activation_explorer(acts),
        day1.neuron_playground({"lin": (X, y), "xor": (Xx, yx)}, activation=sigmoid),
        day1.xor_playground(forward, Xx, yx),
        day1.xor_playground(forward, Xx, yx, start=day1.xor_params(1, 1, 1, 1, 0, -1, 4, -8, -2)),
        day1.pretrained_explorer(forward),
        day1.perceptron_explorer(perceptron, {"lin": (X, y), "xor": (Xx, np.where(yx == 1, 1.0, -1.0))}, epochs=5),
    ]
    start = _sliders(uis[3])
    assert [s.value for s in start[1:]] == [1, 1, 1, 1, 0, -1, 4, -6, -2]   # clipped to the slider range
    plt.close("all")
    for ui in uis:
        assert isinstance(ui, widgets.VBox)
        assert isinstance(ui.children[-1], widgets.Output)
        controls = _sliders(ui)
        assert controls
        assert all(c.description and c.style.description_width == "initial" for c in controls), \
            "every control has a label that is never cut short"
        for c in controls:                   # every control can change, and each change redraws
            if isinstance(c, widgets.Dropdown):
                c.value = next(o for o in c.options if o != c.value)
            elif isinstance(c, (widgets.FloatSlider, widgets.IntSlider)):
                c.value = c.max
            elif isinstance(c, widgets.FloatLogSlider):
                c.value = 10 ** c.min
            assert drawn and drawn.pop(), f"changing {c.description} drew nothing"
            assert not plt.get_fignums(), "the explorer closes what it showed"


# ---------------------------------------------------------------- unfinished exercises

def _stub(*args, **kwargs):
    raise NotImplementedError()


def dense_forward(X, W, b):                 # a learner's mlp_forward that calls an unfinished helper
    raise NotImplementedError()


def forward_with_stub_inside(X, params, activation="relu"):
    return dense_forward(X, params["W1"], params["b1"])


def _figure_text(fig):
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_explorers_say_which_function_is_unfinished(monkeypatch):
    """Released stubs: each explorer draws one message figure naming the stub, no traceback, no empty figure."""
    shown = []  # the figures open when the explorer shows its drawing
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append([plt.figure(n) for n in plt.get_fignums()]))
    def sigmoid_stub(z):
        raise NotImplementedError()

    X, y = data.linearly_separable(n=60, seed=0)
    Xx, yx = data.xor(n=80, seed=0)
    cases = [
        (lambda: day1.activation_explorer({"sigmoid": (sigmoid_stub, _stub), "tanh": (sigmoid_stub, _stub)}),
         "sigmoid_stub"),
        (lambda: day1.neuron_playground({"lin": (X, y), "xor": (Xx, yx)}, activation=_stub), "_stub"),
        (lambda: day1.xor_playground(_stub, Xx, yx), "_stub"),
        (lambda: day1.pretrained_explorer(forward_with_stub_inside), "dense_forward"),
        (lambda: day1.perceptron_explorer(_stub, {"lin": (X, y), "xor": (Xx, yx)}, epochs=5), "_stub"),
    ]
    for build, name in cases:
        plt.close("all")
        ui = build()                         # the first view is drawn here: it must not raise
        for c in _sliders(ui):               # nor may any redraw
            plt.close("all")
            if isinstance(c, widgets.Dropdown):
                c.value = next(o for o in c.options if o != c.value)
            else:
                c.value = c.max if not isinstance(c, widgets.FloatLogSlider) else 10 ** c.min
            figs = shown.pop()
            assert len(figs) == 1, f"{name}: {len(figs)} figures after a redraw (a half-drawn one leaked)"
            text = _figure_text(figs[0])
            assert f"not finished yet: {name} raises NotImplementedError" in text, text


def test_static_twins_still_raise_for_the_notebook_to_catch():
    with pytest.raises(NotImplementedError):
        day1.plot_pretrained(_stub, "moons", *data.moons(n=20, seed=0))
