"""Day 5: the gates of a trained LSTM or GRU, read through the learner's own step function.

    read_gates(model, x, step=None)     every gate and state of one sequence, (T, H) each
    recurrent_layer(model), step_function(layer)

The cache of a step function is the learner's own business, so the gates are
not read from it: ``read_gates`` calls the learner's ``lstm_step_forward`` /
``gru_step_forward`` again at every step, from the real state, with weights
changed so that every gate but one is saturated: σ(50) and tanh(50) are exactly
1 in float64, σ(−50) is 0 (or 2e−22 for a sigmoid written 1 / (1 + e^−a), too
small to show), so each call's h' is a function of the one gate left alone.
"Set to v" below: that block's columns of Wx and Wh zeroed, its bias v.

    LSTM  a = x Wx + h Wh + b;  c' = f c + i g;  h' = o tanh(c')
        i:  o, g set to +50;            c = 0     h' = tanh(i)      i = artanh h'
        f:  i to −50, g to 0, o to +50;  c = 1     h' = tanh(f)      (g = 0: i g is 0 exactly)
        o:  i to −50, g to 0, f to +50;  c = 50    h' = o tanh 50 = o
        g:  i, o to +50, f to −50;       c = 0     h' = tanh(g)
    GRU   h enters every gate: its real share is folded into the bias, bh' = bh + h Wh (one
          sequence, so a (3H,) bias), and the step is called with h = 0
        z:  n's columns of Wx zeroed, bx_n = 50, bh'_n = 0       n = 1,  h' = 1 − z
        n:  z's columns zeroed, bx_z = −50, bh'_z = 0            z = 0,  h' = n
        r:  z = 0 as for n; n's columns zeroed, bx_n = 0, bh'_n = 1:  h' = n = tanh(r)

Every artanh is of tanh of a number in [−1, 1], so |h'| <= tanh 1 ≈ 0.76 and it
loses nothing; h' is clipped to ±(1 − 1e−12) only so that a wrong step function
gives a large number, not inf.
"""
import numpy as np

from course.widgets import _namespace

__all__ = ["ORDER", "recurrent_layer", "step_function", "one_sequence", "read_gates"]

SATURATED = 50.0
ORDER = {"lstm": "ifogch", "gru": "rznh", "rnn": "h"}


def recurrent_layer(model):
    """The Recurrent layer itself, or the first layer of a Sequential that has a ``kind``."""
    for layer in [model, *getattr(model, "layers", [])]:
        if getattr(layer, "kind", None) in ORDER:
            return layer
    raise ValueError(f"{type(model).__name__} is not a Recurrent layer and has none in its layers")


def step_function(layer):
    """The learner's ``<kind>_step_forward``, looked up now: in the notebook, else where the layer's class
    looks it up (the given ``Recurrent.step`` calls the name from its own module's globals)."""
    name = f"{layer.kind}_step_forward"
    for ns in (_namespace(), getattr(getattr(type(layer), "step", None), "__globals__", None)):
        if ns is not None and callable(ns.get(name)):
            return ns[name]
    raise NameError(f"{name} is not defined yet: run its cell first")


def _bias(b, H, blocks):
    """A copy of the bias b with each block k of `blocks` (H entries) set to blocks[k]."""
    b = np.array(b, dtype=float)
    for k, v in blocks.items():
        b[k * H:(k + 1) * H] = v
    return b


def _set(weights, H, blocks):
    """Copies of (Wx, Wh, b) with each block k of `blocks` set to blocks[k]: its columns zeroed, its bias that."""
    Wx, Wh = (np.array(p, dtype=float) for p in weights[:2])
    for k in blocks:
        Wx[:, k * H:(k + 1) * H] = Wh[:, k * H:(k + 1) * H] = 0.0
    return Wx, Wh, _bias(weights[2], H, blocks)


def _artanh(h):
    return np.arctanh(np.clip(h, -1 + 1e-12, 1 - 1e-12))


S = SATURATED
I, F, O, G = range(4)     # the LSTM's blocks of H columns, in the order of the convention
R, Z, N = range(3)        # the GRU's
# gate: (blocks of Wx, Wh, b set, the c_prev given, h' -> gate)
LSTM_READS = {"i": ({O: S, G: S}, 0.0, _artanh), "f": ({I: -S, G: 0.0, O: S}, 1.0, _artanh),
              "o": ({I: -S, G: 0.0, F: S}, S, np.asarray), "g": ({I: S, O: S, F: -S}, 0.0, _artanh)}
# gate: (blocks of Wx, bx set, blocks of the folded bh' set, h' -> gate)
GRU_READS = {"r": ({Z: -S, N: 0.0}, {Z: 0.0, N: 1.0}, _artanh), "z": ({N: S}, {N: 0.0}, lambda h: 1.0 - h),
             "n": ({Z: -S}, {Z: 0.0}, np.asarray)}


def one_sequence(x, D):
    """x as one sequence (T, D), from (T, D) or (1, T, D); a ValueError naming its shape otherwise."""
    x = np.asarray(x, dtype=float)
    x = x[0] if x.ndim == 3 and len(x) == 1 else x
    if x.ndim != 2 or x.shape[1] != D:
        raise ValueError(f"x must be one sequence (T, {D}) or (1, T, {D}), got shape {np.shape(x)}")
    return x


def _row(result):
    """h' (H,) of a step function's (h, ...) for one sequence."""
    return np.asarray(result[0], dtype=float).reshape(-1)


def read_gates(model, x, step=None):
    """Every gate and state of one sequence x (T, D) or (1, T, D), from h0 = c0 = 0: a dict of (T, H) arrays.

    Keys "i", "f", "o", "g", "c", "h" for an LSTM, "r", "z", "n", "h" for a GRU, "h" for an RNN.
    model: a Recurrent layer or a Sequential with one; step: the step function (default: the
    learner's ``<kind>_step_forward``, see ``step_function``).  5T calls for an LSTM, 4T for a GRU.
    """
    layer = recurrent_layer(model)
    step = step_function(layer) if step is None else step
    weights = [np.asarray(p, dtype=float) for p in layer.params.values()]
    H = weights[1].shape[0]
    x = one_sequence(x, weights[0].shape[0])
    kind, h, c = layer.kind, np.zeros((1, H)), np.zeros((1, H))
    reads = {"lstm": LSTM_READS, "gru": GRU_READS, "rnn": {}}[kind]
    changed = {k: _set(weights[:3], H, blocks) for k, (blocks, *_) in reads.items()}
    out = {k: [] for k in ORDER[kind]}
    for x_t in x[:, None, :]:
        for key, (_, given, invert) in reads.items():
            if kind == "lstm":
                h_read = _row(step(x_t, h, np.full((1, H), given), *changed[key]))
            else:
                # h enters every GRU gate: its real share h Wh goes into bh, and the step gets h = 0
                folded = _bias(weights[3] + h[0] @ weights[1], H, given)
                h_read = _row(step(x_t, np.zeros((1, H)), *changed[key], folded))
            out[key].append(invert(h_read))
        if kind == "lstm":
            h, c, _ = step(x_t, h, c, *weights)
            c = np.asarray(c, dtype=float).reshape(1, H)
            out["c"].append(c[0])
        else:
            h = step(x_t, h, *weights)[0]
        h = np.asarray(h, dtype=float).reshape(1, H)
        out["h"].append(h[0])
    return {k: np.array(out[k]) for k in ORDER[kind]}
