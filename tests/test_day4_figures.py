"""Day 4's figures and explorers (course/day4) run headless and draw something sensible.

The learner's functions they take are small trusted loop versions written here
(not the solution notebook, so these tests stand on their own): a convolution,
max and average pooling, the receptive field of a stack, and a two-layer
convolutional model.
"""
import inspect
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import data, day4  # noqa: E402
from course.day4 import convolution  # noqa: E402
from tests.figure_kit import STUB, close_figures, shown, widgets_on  # noqa: E402,F401
from tests.figure_kit import controls as _controls, notebook as _notebook, texts as _texts  # noqa: E402


# ---------------------------------------------------------------- trusted stand-ins for the learner's code

def _conv_forward(x, w, b, stride=1, pad=0):
    N, C, H, W = x.shape
    F, _, KH, KW = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    OH, OW = (H + 2 * pad - KH) // stride + 1, (W + 2 * pad - KW) // stride + 1
    out = np.zeros((N, F, OH, OW))
    for n in range(N):
        for f in range(F):
            for i in range(OH):
                for j in range(OW):
                    window = xp[n, :, i * stride:i * stride + KH, j * stride:j * stride + KW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    return out, (x, w, b, stride, pad)


def _pool(x, pool, stride, op):
    N, C, H, W = x.shape
    OH, OW = (H - pool) // stride + 1, (W - pool) // stride + 1
    out = np.zeros((N, C, OH, OW))
    for i in range(OH):
        for j in range(OW):
            out[:, :, i, j] = op(x[:, :, i * stride:i * stride + pool, j * stride:j * stride + pool], axis=(2, 3))
    return out


def _max_pool_forward(x, pool=2, stride=2):
    return _pool(x, pool, stride, np.max), None


def _avg_pool_forward(x, pool=2, stride=2):
    return _pool(x, pool, stride, np.mean), None


def _receptive_field(layers):
    r, jump = 1, 1
    for k, s in layers:
        r += (k - 1) * jump
        jump *= s
    return r


class Conv2D:
    def __init__(self, c_in, f, k=3, pad=1, seed=0):
        rng = np.random.default_rng(seed)
        self.pad, self.params = pad, {"W": rng.standard_normal((f, c_in, k, k)), "b": np.zeros(f)}

    def forward(self, x, train=True):
        return _conv_forward(x, self.params["W"], self.params["b"], 1, self.pad)[0]


class ReLU:
    def __init__(self):
        self.params = {}

    def forward(self, x, train=True):
        return np.maximum(x, 0.0)


class MaxPool2D(ReLU):
    def forward(self, x, train=True):
        return _max_pool_forward(x)[0]


class Flatten(ReLU):
    def forward(self, x, train=True):
        return x.reshape(len(x), -1)


class Dense:
    def __init__(self, n_in, n_out):
        self.params = {"W": np.random.default_rng(1).standard_normal((n_in, n_out)) * 0.1, "b": np.zeros(n_out)}

    def forward(self, x, train=True):
        return x @ self.params["W"] + self.params["b"]


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    @property
    def params(self):
        return {f"{i}.{k}": v for i, layer in enumerate(self.layers) for k, v in layer.params.items()}


def _model():
    """conv(1->4) relu pool conv(4->6) relu pool flatten dense(24->10): 8x8 -> 4x4 -> 2x2."""
    return Sequential(Conv2D(1, 4), ReLU(), MaxPool2D(), Conv2D(4, 6, seed=1), ReLU(), MaxPool2D(), Flatten(),
                      Dense(24, 10))


def _recording(f, calls):
    def recorded(*args, **kwargs):
        calls.append(args)
        return f(*args, **kwargs)
    return recorded


def _value(text):
    return float(text.replace("\u2212", "-"))


# ---------------------------------------------------------------- convolution

def test_parse_kernel_reads_rows_and_says_what_is_wrong():
    K = day4.parse_kernel("1 0 -1; 1 0 -1; 1 0 -1")
    assert K.shape == (3, 3) and K[:, 2].tolist() == [-1, -1, -1]
    assert day4.parse_kernel("1, 2\n3, 4").tolist() == [[1, 2], [3, 4]]
    assert day4.parse_kernel("; ".join(["1 1 1 1 1"] * 5)).shape == (5, 5)
    with pytest.raises(ValueError, match="'x' is not a number"):
        day4.parse_kernel("1 0 x; 1 0 -1; 1 0 -1")
    with pytest.raises(ValueError, match="different lengths"):
        day4.parse_kernel("1 0 -1; 1 0")
    with pytest.raises(ValueError, match="square"):
        day4.parse_kernel("1 0 -1; 1 0 -1")
    with pytest.raises(ValueError, match="empty"):
        day4.parse_kernel("  ")


def test_presets():
    assert {"vertical bar", "horizontal bar", "diagonal", "checkerboard", "cross"} <= set(day4.IMAGES)
    assert any(name.startswith("digit") for name in day4.IMAGES)
    assert all(A.shape == (8, 8) and 0 <= A.min() and A.max() <= 1 for A in day4.IMAGES.values())
    assert set(day4.KERNELS) == {"edge (vertical)", "edge (horizontal)", "blur (box)", "sharpen", "identity",
                                 "Laplacian"}
    assert all(K.shape == (3, 3) for K in day4.KERNELS.values())


def test_draw_convolution_writes_out_the_dot_product_it_shows():
    calls = []
    fig = day4.draw_convolution(_recording(_conv_forward, calls), "digit 3", "edge (vertical)", step=7)
    x, w, b, stride, pad = calls[0]
    assert x.shape == (1, 1, 8, 8) and w.shape == (1, 1, 3, 3) and b.tolist() == [0.0] and (stride, pad) == (1, 0)
    assert len(fig.axes) == 4
    text = fig.axes[3].texts[0].get_text()
    assert text.startswith("output[1, 1] = ")
    out = _conv_forward(x, w, b)[0][0, 0, 1, 1]
    terms = re.findall(r"([\d.\u2212]+)×\(?([\d.\u2212]+)\)?", text)
    assert len(terms) == 9 and sum(_value(a) * _value(k) for a, k in terms) == pytest.approx(out, abs=0.05)
    assert _value(text.rsplit("= ", 1)[1]) == pytest.approx(out, abs=0.005)
    assert "✓" in fig.axes[3].texts[1].get_text()
    assert "8 of 36 positions" in fig.axes[2].get_title()
    shown = fig.axes[2].get_images()[0].get_array()
    assert shown.count() == 8, "the output map is built up to the current position"


def test_draw_convolution_with_padding_and_all_positions_done():
    fig = day4.draw_convolution(_conv_forward, "cross", "Laplacian", pad=1)
    assert "padded by 1" in fig.axes[0].get_title() and "all positions done" in fig.axes[2].get_title()
    assert fig.axes[2].get_images()[0].get_array().count() == 64
    assert "output[7, 7]" in fig.axes[3].texts[0].get_text()
    assert "(8 + 2·1 − 3)/1 + 1 = 8" in fig._suptitle.get_text()


def test_a_typed_kernel_of_any_size_and_a_bad_one():
    fig = day4.draw_convolution(_conv_forward, "digit 0", "; ".join(["1 0 0 0 -1"] * 5), step=0)
    assert "4 positions" not in _texts(fig) and "1 of 16 positions" in fig.axes[2].get_title()
    assert fig.axes[3].texts[0].get_text().count("×") == 25
    calls = []
    fig = day4.draw_convolution(_recording(_conv_forward, calls), "digit 0", "1 0 x; 1 0 -1; 1 0 -1")
    assert calls == [] and "row 1 of the kernel: 'x' is not a number\n(type k rows of k numbers" in _texts(fig)


def test_a_stride_that_does_not_tile_shows_the_formula_and_calls_nothing():
    calls = []
    fig = day4.draw_convolution(_recording(_conv_forward, calls), "digit 3", "sharpen", stride=3)
    assert calls == []
    text = _texts(fig)
    assert "(n + 2·pad − k)/stride + 1 = (8 + 2·0 − 3)/3 + 1 = 5/3 + 1" in text
    assert "5/3 is not an integer" in text
    assert "strides that fit with pad 0: 1" in text and "pads that fit with stride 3: 2" in text
    fig = day4.draw_convolution(_recording(_conv_forward, calls), "digit 3", "; ".join(["1 " * 9] * 9))
    assert calls == [] and "wider than the 8 cells" in _texts(fig)


def test_a_wrong_conv_forward_is_flagged():
    def flipped(x, w, b, stride=1, pad=0):   # correlation vs convolution: the classic slip
        return _conv_forward(x, w[:, :, ::-1, ::-1], b, stride, pad)
    fig = day4.draw_convolution(flipped, "digit 3", "edge (vertical)", step=9)
    verdict = fig.axes[3].texts[1].get_text()
    assert verdict.startswith("✗ your conv_forward gives 2.1875, the dot product gives \u22122.1875")
    fig = day4.draw_convolution(lambda x, w, b, stride=1, pad=0: (np.zeros((1, 1, 7, 7)), None), "cross", "sharpen")
    assert "your conv_forward returned an output of shape (1, 1, 7, 7), expected (1, 1, 6, 6)" in _texts(fig)


def test_an_unfinished_conv_forward_propagates_from_the_static_twin():
    ns = _notebook(STUB.format(name="conv_forward"))
    before = plt.get_fignums()
    with pytest.raises(NotImplementedError):
        day4.draw_convolution(ns["conv_forward"], "digit 3", "sharpen")
    assert plt.get_fignums() == before, "no half-drawn figure"


# ---------------------------------------------------------------- pooling

def test_draw_pooling_max_marks_the_first_maximum():
    image = np.zeros((8, 8))
    image[0, 1] = image[1, 0] = 0.9             # a tie in the first window: (0, 1) comes first in C order
    calls = []
    fig = day4.draw_pooling(_recording(_max_pool_forward, calls), _avg_pool_forward, image, step=0)
    assert calls[0][0].shape == (1, 1, 8, 8) and calls[0][1:] == (2, 2)
    assert len(fig.axes) == 3
    (mark,) = fig.axes[0].get_lines()
    assert (mark.get_xdata()[0], mark.get_ydata()[0]) == (1, 0)
    text = fig.axes[2].texts[0].get_text()
    assert text.startswith("output[0, 0] = max(0, 0.90, 0.90, 0) = 0.90") and "2 cells hold it" in text
    assert "✓" in fig.axes[2].texts[1].get_text() and "1 of 16 positions" in fig.axes[1].get_title()
    assert "windows overlap" not in fig.axes[0].get_title()


def test_draw_pooling_average_and_overlapping_windows():
    fig = day4.draw_pooling(_max_pool_forward, _avg_pool_forward, "digit 0", mode="average", pool=3, stride=1)
    assert "windows overlap" in fig.axes[0].get_title() and "36 windows" in fig.axes[0].get_title()
    assert "avg_pool_forward" in fig.axes[1].get_title() and "all positions done" in fig.axes[1].get_title()
    text = fig.axes[2].texts[0].get_text()
    assert text.startswith("output[5, 5] = (") and ")/9 = " in text
    assert fig.axes[0].get_lines() == [], "no maximum to mark"
    fig = day4.draw_pooling(_max_pool_forward, _avg_pool_forward, "checkerboard", pool=2, stride=3)
    assert "some pixels are in no window" in fig.axes[0].get_title()


def test_pooling_that_does_not_tile_shows_the_formula_and_calls_nothing():
    calls = []
    fig = day4.draw_pooling(_recording(_max_pool_forward, calls), _avg_pool_forward, "digit 3", pool=3, stride=2)
    text = _texts(fig)
    assert calls == [] and "(n − k)/stride + 1 = (8 − 3)/2 + 1 = 5/2 + 1" in text and "not an integer" in text
    assert "strides that fit: 1" in text and "pad" not in text.split("\n")[-1]


def test_a_wrong_pooling_is_flagged():
    def last_max(x, pool=2, stride=2):
        return _pool(x, pool, stride, np.min), None
    fig = day4.draw_pooling(last_max, _avg_pool_forward, "digit 3", step=1)
    # the window at step 1: rows 0-1, columns 2-3 of the digit, 0.5 0.625 / 0.625 0.375
    verdict = fig.axes[2].texts[1].get_text()
    assert verdict.startswith("✗ your max_pool_forward gives 0.3750, the window's max is 0.6250")


# ---------------------------------------------------------------- features

def test_draw_filters_one_image_per_filter_centred_at_zero():
    W = np.random.default_rng(0).standard_normal((6, 3, 3, 3))
    fig = day4.draw_filters(W)
    images = [ax for ax in fig.axes if ax.get_images()]
    assert len(images) == 6 and [ax.get_title() for ax in images] == [f"filter {f}" for f in range(6)]
    norm = images[0].get_images()[0].norm
    assert norm.vmin == -norm.vmax and "input channel 0 of 3" in fig._suptitle.get_text()
    assert np.allclose(images[2].get_images()[0].get_array(), W[2, 0])
    fig = day4.draw_filters(W, channel="mean", title="mine")
    assert fig._suptitle.get_text() == "mine"
    assert "mean over the 3 input channels" in day4.draw_filters(W, channel="mean")._suptitle.get_text()


def test_layer_outputs_run_each_layer_without_training():
    model, seen = _model(), []
    real = model.layers[0].forward
    model.layers[0].forward = lambda x, train=True: seen.append(train) or real(x, train)
    outs = day4.layer_outputs(model, data.digits()["X_test"][:1])
    assert seen == [False]
    assert [(i, name) for i, name, _ in outs][:3] == [(0, "Conv2D"), (1, "ReLU"), (2, "MaxPool2D")]
    assert [a.shape for _, _, a in outs] == [(1, 4, 8, 8), (1, 4, 8, 8), (1, 4, 4, 4), (1, 6, 4, 4), (1, 6, 4, 4),
                                             (1, 6, 2, 2), (1, 24), (1, 10)]
    assert day4.layer_choices(model, data.digits()["X_test"][:1])[3] == ("3: Conv2D (1, 6, 4, 4)", 3)


def test_feature_maps_one_image_per_channel_and_bars_after_flatten():
    model, x = _model(), data.digits()["X_test"][:1]
    fig = day4.draw_feature_maps(model, x, 3, label=4)
    assert len(fig.axes) == 1 + 6 and all(ax.get_images() for ax in fig.axes)
    assert [ax.get_title() for ax in fig.axes[1:]] == [f"channel {c}" for c in range(6)]
    assert fig.axes[0].get_title() == "input: a 4" and "layer 3: Conv2D" in fig._suptitle.get_text()
    relu = day4.draw_feature_maps(model, x, 4)
    assert relu.axes[1].get_images()[0].norm.vmin == 0, "a ReLU's maps: white is no response"
    fig = day4.draw_feature_maps(model, x, 7)
    assert len(fig.axes[1].patches) == 10 and "class" in fig.axes[1].get_xlabel()


# ---------------------------------------------------------------- foundations, compare

def test_parameter_counts_by_hand(capsys):
    dense, conv = day4.parameter_counts(4, 4, 2, 3, 3)
    # dense: 4*4*2 = 32 inputs to 4*4*3 = 48 outputs; conv: 3 kernels of 2x3x3 and 3 biases
    assert (dense.weights, dense.biases, dense.total, dense.inputs_per_output) == (1536, 48, 1584, 32)
    assert (conv.weights, conv.biases, conv.total, conv.inputs_per_output) == (54, 3, 57, 18)
    day4.print_parameter_counts([dense, conv])
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "1,584" in lines[1] and lines[2].split()[-1] == "18"
    fig = day4.draw_parameter_counts(sizes=(8, 16, 32))
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and len(ax.get_lines()) == 2
    assert ax.get_lines()[1].get_ydata().tolist() == [80, 80, 80]


def test_receptive_field_figure_calls_the_learners_function_with_every_prefix():
    calls = []
    stacks = {"three 3x3": [(3, 1)] * 3, "conv, pool": [(3, 1), (2, 2)]}
    fig = day4.draw_receptive_fields(_recording(_receptive_field, calls), stacks)
    assert calls == [([(3, 1)],), ([(3, 1)] * 2,), ([(3, 1)] * 3,), ([(3, 1)],), ([(3, 1), (2, 2)],)]
    ax, bx = fig.axes
    assert [line.get_ydata().tolist() for line in ax.get_lines()[:2]] == [[3, 5, 7], [3, 4]]
    squares = [p for p in bx.patches if p.get_label() and not p.get_label().startswith("_")]
    assert [p.get_width() for p in squares] == [7, 4]
    assert squares[0].get_xy() == (0.5, 0.5), "an odd field is centred on pixel (4, 4)"


def test_compare_counts_tables_and_draws():
    model = _model()
    assert day4.count_params(model) == 4 * 9 + 4 + 6 * 4 * 9 + 6 + 24 * 10 + 10
    rows = [day4.ModelRow("MLP", 5130, 2.0, 0.97, 0.965), day4.ModelRow("CNN", day4.count_params(model), 9.5,
                                                                         0.985, 0.98)]
    lines = day4.comparison_table(rows).splitlines()
    assert len(lines) == 4 and lines[2].split("|")[-2].strip() == "96.5" and "5,130" in lines[2]
    fig = day4.draw_comparison(rows)
    assert len(fig.axes) == 2 and "5,130 parameters" in _texts(fig) and "98.0 %" in _texts(fig)
    assert fig.axes[0].get_xlabel().startswith("test accuracy")
    # designs still being chosen: no test accuracy, the validation accuracy is drawn
    choosing = [r._replace(test_acc=None) for r in rows]
    assert day4.comparison_table(choosing).splitlines()[2].split("|")[-2].strip() == "–"
    fig = day4.draw_comparison(choosing)
    assert fig.axes[0].get_xlabel().startswith("validation accuracy") and "98.5 %" in _texts(fig)


def test_needs_numbers_day4_exercises(capsys):
    with day4.needs("the convolution"):
        _notebook(STUB.format(name="conv_forward_naive"))["conv_forward_naive"]()
    assert "exercise 3 (conv_forward_naive) is not written yet" in capsys.readouterr().out
    assert day4.EXERCISES["train_cnn"] == 8 and day4.EXERCISES["im2col"] == 5


# ---------------------------------------------------------------- explorers

def test_every_day4_factory_follows():
    import course.day4 as pkg
    factories = []
    for path in sorted(Path(pkg.__file__).parent.glob("*.py")):
        module = __import__(f"course.day4.{path.stem}", fromlist=["_"])
        factories += [f for name, f in inspect.getmembers(module, inspect.isfunction)
                      if name.endswith(("_explorer", "_viewer", "_playground")) and f.__module__ == module.__name__]
    assert {f.__name__ for f in factories} == {"convolution_explorer", "pooling_explorer", "feature_map_viewer"}
    assert all(getattr(f, "follows", False) for f in factories)


def test_convolution_explorer_steps_plays_and_resizes(widgets_on, monkeypatch):
    seen = []
    real = convolution.draw_convolution
    monkeypatch.setattr(convolution, "draw_convolution", lambda *a: seen.append(a[1:]) or real(*a))
    ui = day4.convolution_explorer(_conv_forward)
    c = _controls(ui)
    assert {"image", "kernel", "typed kernel (rows split by ;)", "stride", "pad", "step (output position)",
            "play the steps"} <= set(c)
    assert seen == [("digit 3", "edge (vertical)", 1, 0, 0)]
    step, play = c["step (output position)"], ui.play
    assert step.max == 35 and play.max == 35 and c["typed kernel (rows split by ;)"].disabled
    step.value = 5
    assert seen[-1] == ("digit 3", "edge (vertical)", 1, 0, 5)
    play.value = 6                      # Play ticks move the slider, which redraws
    assert step.value == 6 and seen[-1][-1] == 6
    c["pad"].value = 1                  # 8x8 outputs: the step range grows
    assert step.max == play.max == 63 and seen[-1] == ("digit 3", "edge (vertical)", 1, 1, 6)
    c["kernel"].value = "typed"
    assert not c["typed kernel (rows split by ;)"].disabled and seen[-1][1] == "1 0 -1; 2 0 -2; 1 0 -1"
    c["typed kernel (rows split by ;)"].value = "; ".join(["1 1 1 1 1"] * 5)
    assert step.max == 35 and seen[-1][1].count(";") == 4   # 8 + 2·1 − 5 + 1 = 6 a side
    c["stride"].value = 2               # 8 + 2 - 5 = 5 is odd: one (message) position
    assert step.max == 0 and step.value == 0


def test_convolution_explorer_draws_once_while_grading(monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    calls = []
    assert day4.convolution_explorer(_recording(_conv_forward, calls)) is None
    assert len(calls) == 1


def test_convolution_explorer_follows_a_redefined_function_and_names_a_stub(widgets_on, shown):
    ns = _notebook(STUB.format(name="conv_forward"))
    ui = day4.convolution_explorer(ns["conv_forward"])
    assert "not finished yet: conv_forward raises NotImplementedError" in shown[-1]
    ns["_trusted"] = _conv_forward
    exec(compile("def conv_forward(x, w, b, stride=1, pad=0):\n    return _trusted(x, w, b, stride, pad)\n",
                 "<cell>", "exec"), ns)
    _controls(ui)["step (output position)"].value = 3
    assert "not finished" not in shown[-1] and "= your conv_forward's output[0, 3]" in shown[-1]


def test_pooling_explorer(widgets_on, shown, monkeypatch):
    ns = _notebook(STUB.format(name="avg_pool_forward"))
    ui = day4.pooling_explorer(_max_pool_forward, ns["avg_pool_forward"])
    c = _controls(ui)
    assert {"pooling", "pool (window side)", "stride", "image", "step (output position)"} <= set(c)
    assert "max_pool_forward's output[0, 0]  ✓" in shown[-1] and c["step (output position)"].max == 15
    c["pooling"].value = "average"
    assert "not finished yet: avg_pool_forward raises NotImplementedError" in shown[-1]
    c["pooling"].value = "max"
    c["stride"].value = 1
    assert c["step (output position)"].max == 48 and "windows overlap" in shown[-1]
    ui.play.value = 48
    assert "all positions done" in shown[-1]
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    calls = []
    assert day4.pooling_explorer(_recording(_max_pool_forward, calls), _avg_pool_forward) is None and len(calls) == 1


def test_feature_map_viewer(widgets_on, shown, monkeypatch):
    d = data.digits()
    X, y = d["X_test"][:20], d["y_test"][:20]
    ui = day4.feature_map_viewer(_model(), X, y)
    c = _controls(ui)
    assert c["image (index into X)"].max == 19 and c["layer"].options[0] == ("0: Conv2D (1, 4, 8, 8)", 0)
    assert f"input: a {y[0]}" in shown[-1] and "channel 3" in shown[-1]
    c["image (index into X)"].value = 5
    assert f"input: a {y[5]}" in shown[-1]
    c["layer"].value = 7
    assert "layer 7: Dense" in shown[-1]
    ns = _notebook("class Conv2D:\n    params = {}\n    def forward(self, x, train=True):\n"
                   "        raise NotImplementedError()\n")
    ui = day4.feature_map_viewer(Sequential(ns["Conv2D"](), ReLU()), X)
    assert _controls(ui)["layer"].options[0] == ("0: Conv2D", 0)
    assert "not finished yet: Conv2D.forward raises NotImplementedError" in shown[-1]
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert day4.feature_map_viewer(_model(), X, y) is None
