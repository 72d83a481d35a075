"""Day 5, a character-level language model: its data, its perplexity, and text sampled from it.

Data and numbers
    CharVocab(text), char_windows(ids, T, V, stride), lm_data(text, T, val_fraction, stride), perplexity(loss, T)
    next_char_probs(model, vocab, seed_text, temperature), sample(model, vocab, seed_text, length, temperature, seed)
Static twins                                                      explorer built on them
    show_samples(model, vocab, seed_text, temperatures, length)   sampling_explorer(model, vocab)
    draw_next_char(model, vocab, seed_text, temperature)
    draw_sampling(model, vocab, seed_text, temperature, length, seed)

``model`` is the learner's trained ``Sequential`` (e.g. Recurrent then
TemporalDense), scoring V characters at every step.  Sampling runs it one step
at a time: a layer with ``step(x, state)`` (the recurrent ones) keeps its state
from step to step, any other layer is applied with ``forward`` to a (1, 1, ·)
slice.  The next character is drawn from softmax(scores / temperature): below 1
the likely characters get likelier (surer, more repetitive text), above 1 the
distribution flattens towards uniform (more surprising, more misspelt text).
"""
import textwrap

import matplotlib.pyplot as plt
import numpy as np

from course import data
from course.plots import message
from course.widgets import explorer, follows, w

__all__ = ["CharVocab", "char_windows", "lm_data", "perplexity", "next_char_probs", "sample", "show_samples",
           "draw_next_char", "draw_sampling", "sampling_explorer"]

SHOWN = {" ": "space", "\n": "newline", "\t": "tab"}


class CharVocab:
    """The sorted characters of a text, and the ids 0..V-1 they are numbered with."""

    def __init__(self, text):
        self.chars = sorted(set(text))
        self.ids = {ch: i for i, ch in enumerate(self.chars)}

    def __len__(self):
        return len(self.chars)

    def __repr__(self):
        return f"CharVocab({len(self)} characters: {''.join(self.chars)!r})"

    def encode(self, text):
        """text -> int array (len(text),); characters not in the vocabulary raise ValueError naming them."""
        unknown = sorted(set(text) - set(self.ids))
        if unknown:
            raise ValueError(f"not in the vocabulary: {', '.join(map(repr, unknown))}")
        return np.array([self.ids[ch] for ch in text], dtype=int)

    def decode(self, ids):
        return "".join(self.chars[int(i)] for i in np.ravel(ids))


def char_windows(ids, T, V, stride=1):
    """Every window of T characters starting at 0, stride, 2 stride, ...: X (n, T, V) one-hot, y (n, T).

    y[k, t] is the id of the character after X[k, t] (the text shifted by one), so a window needs
    T + 1 characters: n = (len(ids) - T - 1) // stride + 1.
    """
    ids = np.asarray(ids, dtype=int)
    if len(ids) < T + 1:
        raise ValueError(f"{len(ids)} characters are too few for a window of T = {T} and its targets")
    starts = np.arange(0, len(ids) - T, stride)
    at = starts[:, None] + np.arange(T)
    X = np.zeros((len(starts), T, V))
    # one-hot in place: np.eye(V)[ids] would build the same array through a second copy
    np.put_along_axis(X, ids[at][..., None], 1.0, axis=2)
    return X, ids[at + 1]


def lm_data(text=None, T=32, val_fraction=0.1, stride=3):
    """The language model's windows: dict with vocab, X_train, y_train, X_val, y_val.

    text (default: the course corpus) is split at (1 - val_fraction) of its length before any
    window is cut, so no window crosses it; training windows start every `stride` characters,
    validation windows every T (they do not overlap).  The vocabulary is the whole text's.
    """
    text = data.char_corpus() if text is None else text
    vocab = CharVocab(text)
    ids = vocab.encode(text)
    split = int(round(len(ids) * (1 - val_fraction)))
    X_train, y_train = char_windows(ids[:split], T, len(vocab), stride)
    X_val, y_val = char_windows(ids[split:], T, len(vocab), T)
    return {"vocab": vocab, "X_train": X_train, "y_train": y_train, "X_val": X_val, "y_val": y_val}


def perplexity(loss, T):
    """exp(loss / T): the perplexity per character of a temporal softmax loss.

    ``temporal_softmax_loss`` sums the cross-entropy over the T steps and averages it over the
    batch, so loss / T is the mean cross-entropy per character and its exp the number of equally
    likely characters the model is, on average, choosing among (V for a uniform guess).
    """
    return float(np.exp(loss / T))


class _Stepper:
    """The model run one character at a time, each recurrent layer's state kept between steps."""

    def __init__(self, model, V):
        self.layers, self.V = list(getattr(model, "layers", [model])), V
        self.states = [None] * len(self.layers)

    def feed(self, i):
        """The model's scores (V,) for the character after id i."""
        x = np.zeros((1, self.V))
        x[0, i] = 1.0
        for k, layer in enumerate(self.layers):
            if hasattr(layer, "step"):
                x, self.states[k] = layer.step(x, self.states[k])
            else:
                x = layer.forward(x[:, None, :], train=False)[:, 0]
        scores = np.asarray(x, dtype=float).reshape(-1)
        if scores.shape != (self.V,):
            raise ValueError(f"the model gives {scores.size} scores a step, the vocabulary has {self.V} characters")
        return scores


def _temperature(temperature):
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")
    return temperature


def _softmax(scores, temperature):
    s = scores / _temperature(temperature)
    e = np.exp(s - s.max())     # the largest becomes exp(0): no overflow however small the temperature
    return e / e.sum()


def _after(model, vocab, seed_text):
    """A stepper that has read seed_text, and its scores for the next character."""
    if not seed_text:
        raise ValueError("the seed text is empty: type at least one character")
    ids = vocab.encode(seed_text)
    stepper = _Stepper(model, len(vocab))
    for i in ids:
        scores = stepper.feed(i)
    return stepper, scores


def next_char_probs(model, vocab, seed_text, temperature=1.0):
    """The model's probabilities (V,) for the character after seed_text: softmax(scores / temperature)."""
    return _softmax(_after(model, vocab, seed_text)[1], temperature)


def sample(model, vocab, seed_text, length=200, temperature=1.0, seed=0):
    """seed_text followed by `length` sampled characters (the return includes the seed text).

    Each character is drawn with ``np.random.default_rng(seed).choice(V, p=probs)`` and fed back
    in one step, the state carried on: the same seed gives the same text.
    """
    _temperature(temperature)                   # a bad one fails before any step is run
    rng = np.random.default_rng(seed)
    stepper, scores = _after(model, vocab, seed_text)
    out = []
    for k in range(length):
        i = int(rng.choice(len(vocab), p=_softmax(scores, temperature)))
        out.append(i)
        if k < length - 1:
            scores = stepper.feed(i)
    return seed_text + vocab.decode(out)


def show_samples(model, vocab, seed_text, temperatures=(0.5, 1.0, 1.5), length=200, seed=0):
    """Print a sample at each temperature (the same seed for all of them, so they differ by temperature only)."""
    for temperature in temperatures:
        print(f"--- temperature {temperature}:")
        print(sample(model, vocab, seed_text, length, temperature, seed))
        print()


def _label(ch):
    return SHOWN.get(ch, ch)


def _bars(ax, probs, vocab, seed_text, temperature, top=15):
    order = np.argsort(probs)[::-1][:top]
    ax.bar(np.arange(len(order)), probs[order], color="tab:blue", width=0.75)
    ax.set_xticks(np.arange(len(order)), [_label(vocab.chars[i]) for i in order], fontsize=9,
                  rotation=[0, 45][any(vocab.chars[i] in SHOWN for i in order)])
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.grid(axis="y", alpha=0.3)
    tail = seed_text[-25:].replace("\n", "⏎")
    ax.set_title(f"next character after '{'…' if len(seed_text) > 25 else ''}{tail}' at temperature "
                 f"{temperature:g}: the {len(order)} likeliest hold {probs[order].sum():.0%}", fontsize=10)


def draw_next_char(model, vocab, seed_text, temperature=1.0, top=15):
    """A bar chart of the `top` likeliest next characters after seed_text at this temperature. Returns the figure."""
    probs = next_char_probs(model, vocab, seed_text, temperature)
    fig, ax = plt.subplots(figsize=(10.5, 3.2))
    _bars(ax, probs, vocab, seed_text, temperature, top)
    fig.tight_layout()
    return fig


def draw_sampling(model, vocab, seed_text, temperature=1.0, length=200, seed=0, width=100):
    """The next-character bars over the text sampled after seed_text (``sample``). Returns the figure."""
    probs = next_char_probs(model, vocab, seed_text, temperature)
    text = sample(model, vocab, seed_text, length, temperature, seed)
    fig, (ax, bx) = plt.subplots(2, 1, figsize=(10.5, 6.6), gridspec_kw=dict(height_ratios=[1, 1.25]))
    _bars(ax, probs, vocab, seed_text, temperature)
    lines = [part for line in text.split("\n") for part in (textwrap.wrap(line, width) or [""])]
    if len(lines) > 18:       # a fixed height: the rest of a long sample is cut, not squeezed
        lines = lines[:17] + ["…"]
    bx.text(0, 1, "\n".join(lines), family="monospace", fontsize=8.5, va="top", transform=bx.transAxes)
    bx.axis("off")
    bx.set_title(f"the seed text and {length} characters sampled after it (random seed {seed})", fontsize=10)
    fig.tight_layout()
    return fig


@follows
def sampling_explorer(model, vocab, seed_text="The ", height="700px"):
    """Sample text from your trained language model: the temperature, the seed text, the length and the
    random seed (Resample draws another sample)."""
    slider = dict(continuous_update=False)
    temperature = w.FloatSlider(value=1.0, min=0.1, max=2.0, step=0.05, description="temperature", **slider)
    seed_box = w.Text(value=seed_text, description="seed text", continuous_update=False)
    length = w.IntSlider(value=200, min=10, max=400, step=10, description="length", **slider)
    seed = w.IntText(value=0, description="random seed", layout=w.Layout(width="180px"))

    def draw(temperature, seed_text, length, seed):
        try:
            vocab.encode(seed_text)
        except ValueError as err:
            return message(f"the seed text has characters the model does not know: {err}").figure
        if not seed_text:
            return message("type a seed text: the model continues it").figure
        return draw_sampling(model, vocab, seed_text, temperature, length, seed)

    ui = explorer(draw, height=height, columns=2, temperature=temperature, seed_text=seed_box, length=length,
                  seed=seed)
    if ui is None:
        return None
    again = w.Button(description="Resample", tooltip="the next random seed: another sample")
    again.on_click(lambda _: setattr(seed, "value", seed.value + 1))
    rows = list(ui.children[:-1])
    rows[-1].children = (*rows[-1].children, again)
    ui.resample = again
    return ui

