"""Day 5's gate inspector (course/day5/gates.py) and character language model (course/day5/language.py).

The learner's functions and the notebook's given layers are the trusted stand-ins of
tests/day5_standins.py; the true gates are worked out here again from the equations.
"""
import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course import data  # noqa: E402
from course.day5 import gates, language  # noqa: E402
from tests import day5_standins as s  # noqa: E402
from tests.figure_kit import close_figures, shown, widgets_on  # noqa: E402,F401
from tests.figure_kit import controls as _controls, texts as _texts  # noqa: E402


def _sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))


def _layer(kind, D, H, scale=1.0, seed=0):
    """A stand-in Recurrent layer with random biases too; scale > 1 drives the gates into saturation."""
    rng = np.random.default_rng(seed)
    layer = s.Recurrent(kind, D, H, rng)
    for k, p in layer.params.items():
        p[...] = scale * (p + (rng.standard_normal(p.shape) if k.startswith("b") else 0.0))
    return layer


def _true_lstm(layer, x):
    Wx, Wh, b = layer.params.values()
    H = Wh.shape[0]
    h, c, out, biggest = np.zeros(H), np.zeros(H), {k: [] for k in "ifogch"}, 0.0
    for x_t in x:
        a = x_t @ Wx + h @ Wh + b
        biggest = max(biggest, np.abs(a).max())
        i, f, o, g = _sigmoid(a[:H]), _sigmoid(a[H:2 * H]), _sigmoid(a[2 * H:3 * H]), np.tanh(a[3 * H:])
        c = f * c + i * g
        h = o * np.tanh(c)
        for k, v in zip("ifogch", (i, f, o, g, c, h)):
            out[k].append(v)
    return {k: np.array(v) for k, v in out.items()}, biggest


def _true_gru(layer, x):
    Wx, Wh, bx, bh = layer.params.values()
    H = Wh.shape[0]
    h, out, biggest = np.zeros(H), {k: [] for k in "rznh"}, 0.0
    for x_t in x:
        ax, ah = x_t @ Wx + bx, h @ Wh + bh
        biggest = max(biggest, np.abs(ax + ah).max())
        r = _sigmoid(ax[:H] + ah[:H])
        z = _sigmoid(ax[H:2 * H] + ah[H:2 * H])
        n = np.tanh(ax[2 * H:] + r * ah[2 * H:])
        h = (1 - z) * n + z * h
        for k, v in zip("rznh", (r, z, n, h)):
            out[k].append(v)
    return {k: np.array(v) for k, v in out.items()}, biggest


def _counting(f, calls):
    def counted(*args):
        calls.append(args)
        return f(*args)
    return counted


def _adding_model(kind, H=6, seed=0):
    rng = np.random.default_rng(seed)
    return s.Sequential(s.Recurrent(kind, 2, H, rng), s.LastStep(), s.Dense(H, 1, rng))


# ---------------------------------------------------------------- reading the gates

@pytest.mark.parametrize("kind, truth, calls_a_step", [("lstm", _true_lstm, 5), ("gru", _true_gru, 4)])
@pytest.mark.parametrize("scale", [1.0, 12.0])
@pytest.mark.parametrize("plain_sigmoid", [False, True])
def test_gates_read_through_the_step_function_are_the_true_ones(kind, truth, calls_a_step, scale, plain_sigmoid,
                                                                monkeypatch):
    if plain_sigmoid:        # a learner's 1 / (1 + e^-a): sigmoid(-50) is 2e-22 there, not 0
        monkeypatch.setattr(s, "sigmoid", _sigmoid)
    layer = _layer(kind, 3, 7, scale)
    x = np.random.default_rng(1).uniform(-1, 1, (15, 3))
    expected, biggest = truth(layer, x)
    if scale > 1:
        assert biggest > 30, "the large case does drive pre-activations far into saturation"
    calls = []
    read = gates.read_gates(layer, x, step=_counting(getattr(s, f"{kind}_step_forward"), calls))
    assert list(read) == list(expected) and all(v.shape == (15, 7) for v in read.values())
    for k in expected:
        assert np.abs(read[k] - expected[k]).max() < 1e-8, k
    assert len(calls) == calls_a_step * 15 and all(len(args[0]) == 1 for args in calls), "one sequence, N = 1"


def test_read_gates_looks_the_step_function_up_when_called(monkeypatch):
    layer = _layer("lstm", 2, 4)
    x = data.adding_problem(1, 12)[0]                      # (1, T, 2) is one sequence too
    calls = []
    monkeypatch.setattr(s, "lstm_step_forward", _counting(s.lstm_step_forward, calls))
    read = gates.read_gates(s.Sequential(layer, s.LastStep()), x)
    assert len(calls) == 5 * 12
    assert np.allclose(read["h"], layer.forward(x)[0]), "the real steps give the layer's own h"
    rnn = gates.read_gates(_layer("rnn", 2, 4), x[0])
    assert list(rnn) == ["h"] and rnn["h"].shape == (12, 4)
    with pytest.raises(ValueError, match="not a Recurrent layer"):
        gates.read_gates(s.Sequential(s.Dense(2, 3)), x)
    with pytest.raises(ValueError, match=r"one sequence \(T, 2\)"):
        gates.read_gates(layer, np.zeros((3, 12, 2)))


# ---------------------------------------------------------------- drawing them

def test_draw_gates_panels_labels_and_fixed_limits():
    x = data.adding_problem(1, 20, seed=3)[0][0]
    read = gates.read_gates(_layer("lstm", 2, 5), x)
    fig = gates.draw_gates(read, x)
    titles = [ax.texts[0].get_text() for ax in fig.axes if ax.texts]     # the colour bars have none
    assert titles[1:] == ["input gate i", "forget gate f", "output gate o", "candidate g", "cell state c",
                          "hidden state h"]
    assert titles[0].startswith("input: the values, marked ones in red")
    heat = [ax for ax in fig.axes if ax.get_images()]
    limits = [ax.get_images()[0].get_clim() for ax in heat]
    assert limits[:3] == [(0, 1)] * 3 and limits[3] == (-1, 1) and limits[5] == (-1, 1)
    assert limits[4][0] == -limits[4][1] and limits[4][1] >= 1, "c: symmetric"
    assert np.allclose(heat[1].get_images()[0].get_array(), read["f"].T), "x is time, y the units"
    colours = fig.axes[0].collections[0].get_colors()
    assert sum(np.allclose(c[:3], matplotlib.colors.to_rgb("tab:red")) for c in colours) == 2, "2 marked values"
    assert heat[-1].get_xlabel() == "time step t" and fig._suptitle.get_text() == "LSTM over 20 steps, 5 units"
    assert not any(p.get_fill() is False for ax in fig.axes for p in ax.patches), "no cursor without t"

    gru = gates.draw_gates(gates.read_gates(_layer("gru", 2, 5), x), x, t=4, title="mine")
    assert [ax.texts[0].get_text() for ax in gru.axes if ax.get_images()] == [
        "reset gate r", "update gate z", "candidate n", "hidden state h"]
    cursors = [p for ax in gru.axes for p in ax.patches if p.get_fill() is False]
    assert len(cursors) == 5 and all(c.get_x() == 3.5 for c in cursors), "a cursor on every time panel"
    assert "at step t = 4" in _texts(gru) and gru._suptitle.get_text() == "mine"
    assert "mean " in _texts(gru) and len([ax for ax in gru.axes if ax.collections]) >= 5, "the values at t"
    assert len(gates.draw_gates(gates.read_gates(_layer("rnn", 2, 3), x), x).axes) == 3   # input, h, bar


def test_draw_model_gates_titles_prediction_and_target():
    model = _adding_model("gru")
    x = gates.parse_sequence("0.25 0.5* 0.1 0.75* 0.3")
    fig = gates.draw_model_gates(model, x, t=2, name="my GRU")
    pred = float(model.forward(x[None], train=False)[0, 0])
    assert fig._suptitle.get_text() == f"my GRU: 5 steps, 6 units, prediction {pred:.3f}, target 1.250"


def test_parse_sequence():
    x = gates.parse_sequence("0.3 0.9* 0.1, 0.5*")
    assert x.tolist() == [[0.3, 0], [0.9, 1], [0.1, 0], [0.5, 1]]
    with pytest.raises(ValueError, match="value 2: 'x' is not a number"):
        gates.parse_sequence("0.3 x 0.2")
    with pytest.raises(ValueError, match="at least two values"):
        gates.parse_sequence(" 0.4* ")


def test_gate_inspector(widgets_on, shown, monkeypatch):
    X = data.adding_problem(4, 16, seed=2)[0]
    models = {"LSTM": _adding_model("lstm"), "GRU": _adding_model("gru")}
    ui = gates.gate_inspector(models, X, sequences={"far apart": "0.9* " + "0.1 " * 10 + "0.8*"})
    c = _controls(ui)
    assert {"model", "sequence", "index into X", "typed (* marks a value)", "time step t", "play the steps"} <= set(c)
    assert "forget gate f" in shown[-1] and "LSTM: 16 steps, 6 units, prediction" in shown[-1]
    assert c["typed (* marks a value)"].disabled and c["time step t"].max == 15
    c["time step t"].value = 7
    assert "at step t = 7" in shown[-1]
    c["model"].value = "GRU"
    assert "update gate z" in shown[-1] and "forget gate f" not in shown[-1]
    c["index into X"].value = 3
    assert f"target {np.sum(X[3, :, 0] * X[3, :, 1]):.3f}" in shown[-1]
    c["sequence"].value = "far apart"
    assert c["time step t"].max == 11 and c["index into X"].disabled and "12 steps" in shown[-1]
    c["sequence"].value = gates.TYPED
    assert not c["typed (* marks a value)"].disabled and c["time step t"].max == 9
    ui.play.value = 9
    assert "at step t = 9" in shown[-1] and "10 steps" in shown[-1]
    c["typed (* marks a value)"].value = "0.2 oops"
    assert "'oops' is not a number" in shown[-1]
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert gates.gate_inspector(models, X) is None


# ---------------------------------------------------------------- the language model's data

def test_char_vocab_round_trip_and_unknown_characters():
    vocab = language.CharVocab("hello, world\n")
    assert vocab.chars == sorted(set("hello, world\n")) and len(vocab) == 10
    ids = vocab.encode("world\nhello")
    assert ids.dtype.kind == "i" and vocab.decode(ids) == "world\nhello"
    with pytest.raises(ValueError, match="not in the vocabulary: '#', 'z'"):
        vocab.encode("hz#")


def test_char_windows_are_the_text_and_its_shift():
    ids = np.arange(20) % 7
    X, y = language.char_windows(ids, 5, 7, stride=3)
    assert X.shape == (5, 5, 7) and y.shape == (5, 5) and X.dtype == np.float64
    assert np.all(X.sum(axis=2) == 1)
    assert np.array_equal(X.argmax(axis=2)[:, 1:], y[:, :-1]), "y is x shifted by one"
    assert np.array_equal(X.argmax(axis=2)[1], ids[3:8]) and np.array_equal(y[-1], ids[13:18])
    assert len(language.char_windows(ids, 19, 7)[0]) == 1
    with pytest.raises(ValueError, match="too few"):
        language.char_windows(ids, 20, 7)


def test_lm_data_splits_before_windowing():
    text = data.char_corpus()
    d = language.lm_data(T=16, val_fraction=0.2, stride=4)
    vocab, split = d["vocab"], int(round(len(text) * 0.8))
    assert len(vocab) == len(set(text)) and d["X_train"].shape[1:] == (16, len(vocab))
    assert len(d["X_train"]) == (split - 17) // 4 + 1
    val = vocab.decode(d["X_val"].argmax(axis=2).ravel())
    assert val == text[split:split + 16 * len(d["X_val"])], "validation windows follow each other, stride T"
    assert vocab.decode(d["y_train"][-1])[-1] == text[(len(d["X_train"]) - 1) * 4 + 16] and \
        (len(d["X_train"]) - 1) * 4 + 16 < split, "no training target past the split"


def test_perplexity():
    assert language.perplexity(32 * np.log(50), 32) == pytest.approx(50)
    assert language.perplexity(0.0, 10) == 1.0


# ---------------------------------------------------------------- stepping and sampling

@pytest.fixture(scope="module")
def lm():
    vocab = language.CharVocab(data.char_corpus())
    V = len(vocab)
    rng = np.random.default_rng(0)
    return s.Sequential(s.Recurrent("lstm", V, 12, rng), s.TemporalDense(12, V, rng)), vocab


def _entropy(p):
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


def test_next_char_probs_steps_the_model_as_forward_would(lm):
    model, vocab = lm
    seed = "Shall I compare"
    p = language.next_char_probs(model, vocab, seed)
    assert p.shape == (len(vocab),) and p.sum() == pytest.approx(1)
    scores = model.forward(language.char_windows(vocab.encode(seed + " "), len(seed), len(vocab))[0])[0, -1]
    assert np.allclose(p, np.exp(scores) / np.exp(scores).sum()), "the steps carry the state as forward does"
    cold, hot = (language.next_char_probs(model, vocab, seed, t) for t in (0.3, 2.0))
    assert cold.max() > p.max() > hot.max() and _entropy(cold) < _entropy(p) < _entropy(hot)
    assert np.isfinite(language.next_char_probs(model, vocab, seed, 1e-4)).all(), "stable at a tiny temperature"
    for bad in (0, -1.0):
        with pytest.raises(ValueError, match="temperature must be > 0"):
            language.next_char_probs(model, vocab, seed, bad)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        language.next_char_probs(model, vocab, "#")


def test_sample_is_seeded_includes_the_seed_and_only_steps(lm, monkeypatch, capsys):
    model, vocab = lm
    calls = []
    monkeypatch.setattr(model.layers[0], "forward", lambda *a, **k: pytest.fail("no whole-sequence forward"))
    real = model.layers[0].step
    monkeypatch.setattr(model.layers[0], "step", lambda *a: calls.append(1) or real(*a))
    text = language.sample(model, vocab, "Thou ", length=50, temperature=0.8, seed=3)
    assert len(text) == 55 and text.startswith("Thou ") and len(calls) == 5 + 49
    assert language.sample(model, vocab, "Thou ", 50, 0.8, seed=3) == text
    assert language.sample(model, vocab, "Thou ", 50, 0.8, seed=4) != text
    language.show_samples(model, vocab, "Thou ", length=30)
    first = capsys.readouterr().out
    language.show_samples(model, vocab, "Thou ", length=30)
    assert capsys.readouterr().out == first and first.count("--- temperature") == 3 and "temperature 1.5" in first


def test_draw_next_char_labels_space_and_newline(lm):
    model, vocab = lm
    head = s.TemporalDense(12, len(vocab))
    head.params["b"][vocab.encode(" \n")] = 3.0        # space and newline among the likeliest
    fig = language.draw_next_char(s.Sequential(model.layers[0], head), vocab, "And summer's", temperature=2.0)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ax.patches) == 15 and len(labels) == 15 and {"space", "newline"} <= set(labels)
    assert "temperature 2:" in ax.get_title() and ax.get_ylim() == (0, 1)


def test_sampling_explorer(lm, widgets_on, shown, monkeypatch):
    model, vocab = lm
    ui = language.sampling_explorer(model, vocab)
    c = _controls(ui)
    assert {"temperature", "seed text", "length", "random seed", "Resample"} <= set(c)
    assert "200 characters sampled after it" in shown[-1] and "at temperature 1:" in shown[-1]
    c["temperature"].value = 0.5
    assert "at temperature 0.5:" in shown[-1]
    before = shown[-1]
    ui.resample.click()
    assert c["random seed"].value == 1 and shown[-1] != before and "(random seed 1)" in shown[-1]
    c["seed text"].value = "Thy #"
    assert "characters the model does not know: not in the vocabulary: '#'" in shown[-1]
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert language.sampling_explorer(model, vocab) is None


def test_the_explorers_follow():
    assert gates.gate_inspector.follows and language.sampling_explorer.follows


def test_a_small_lstm_beats_the_unigram_perplexity():
    d = language.lm_data(T=16)
    vocab, V = d["vocab"], len(d["vocab"])
    text = data.char_corpus()
    p = np.bincount(vocab.encode(text[:int(round(len(text) * 0.9))]), minlength=V) / round(len(text) * 0.9)
    unigram = np.exp(-(p[p > 0] * np.log(p[p > 0])).sum())       # the letter frequencies alone
    rng = np.random.default_rng(0)
    model = s.Sequential(s.Recurrent("lstm", V, 32, rng), s.TemporalDense(32, V, rng))
    history = s.train_steps(model, s.temporal_softmax_loss, d["X_train"], d["y_train"], d["X_val"], d["y_val"],
                            steps=60, batch_size=32, lr=2e-2, every=60, rng=rng)
    assert language.perplexity(history["val_loss"][-1], 16) < 0.8 * unigram
