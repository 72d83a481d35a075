"""Inputs and scenarios that Day 5's hidden test cells share (the cells are collected apart).

Each scenario takes the namespace of the code under test (``ns``: the participant's names in the
probe, the reference's in the grader) and returns plain arrays; the inputs come from the grader.
No answer lives here: scenarios only call the functions by name, and the judge of the adding
model runs the returned weights through the *reference* functions it is handed.
"""
import numpy as np

from course import data
from course.hidden import Spec

__all__ = ["last_step", "int_targets", "bool_mask", "lstm_step_fwd", "lstm_step_bwd", "clip_run",
           "adding_fit", "adding_held_out", "ADDING_MSE"]

ADDING_MSE = 0.01   # the held-out MSE a model of the adding problem must reach (the mean predictor: 0.167)


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def last_step(N, T, H):
    """An upstream gradient dh (N, T, H) that is zero but at the last step: only BPTT reaches the early steps."""
    def draw(rng):
        dh = np.zeros((N, T, H))
        dh[:, -1] = rng.standard_normal((N, H))
        return dh
    return Spec(draw, f"last_step({N}, {T}, {H})")


def int_targets(N, T, V):
    """Integer targets (N, T) in 0..V-1."""
    return Spec(lambda rng: rng.integers(0, V, size=(N, T)), f"int_targets({N}, {T}, {V})")


def bool_mask(N, T, empty_rows=0):
    """A (N, T) boolean mask, about half the steps kept, its first ``empty_rows`` sequences fully masked."""
    def draw(rng):
        mask = rng.random((N, T)) > 0.5
        mask[empty_rows:, 0] = True   # every other sequence keeps at least one step
        mask[:empty_rows] = False
        return mask
    return Spec(draw, f"bool_mask({N}, {T}, {empty_rows})")


def lstm_step_fwd(ns, x, h_prev, c_prev, Wx, Wh, b):
    """h_next and c_next of lstm_step_forward."""
    h, c, _ = ns["lstm_step_forward"](x, h_prev, c_prev, Wx, Wh, b)
    return {"h_next": _f64(h), "c_next": _f64(c)}


def lstm_step_bwd(ns, x, h_prev, c_prev, Wx, Wh, b, dh_next, dc_next):
    """The six gradients of lstm_step_backward on the cache of lstm_step_forward."""
    _, _, cache = ns["lstm_step_forward"](x, h_prev, c_prev, Wx, Wh, b)
    names = ("dx", "dh_prev", "dc_prev", "dWx", "dWh", "db")
    grads = ns["lstm_step_backward"](dh_next, dc_next, cache)
    if len(grads) != len(names):
        raise ValueError(f"lstm_step_backward returned {len(grads)} gradients, not 6 ({', '.join(names)})")
    return {k: _f64(g) for k, g in zip(names, grads)}


def clip_run(ns, W, b, V, max_norm):
    """clip_gradients on three arrays: the clipped arrays, and whether the input came back untouched and new."""
    grads = {"0.W": W.copy(), "0.b": b.copy(), "1.W": V.copy()}
    out = ns["clip_gradients"](grads, float(max_norm))
    kept = all(np.array_equal(grads[k], v) for k, v in (("0.W", W), ("0.b", b), ("1.W", V)))
    new = all(out[k] is not grads[k] for k in grads)
    return {**{k: _f64(out[k]) for k in grads}, "input untouched": float(kept), "new arrays": float(new)}


# --------------------------------------------------------------------------- the adding model
_ORDER = {"rnn": ("Wx", "Wh", "b"), "lstm": ("Wx", "Wh", "b"), "gru": ("Wx", "Wh", "bx", "bh")}


def _describe(model):
    described = []
    for layer in model.layers:
        d = {"type": type(layer).__name__, "params": {k: _f64(v) for k, v in layer.params.items()}}
        if hasattr(layer, "kind"):
            d["kind"] = str(layer.kind)
        described.append(d)
    return described


def _adding_data(s):
    """The training and validation data the notebook uses, and test sequences it never shows."""
    X, y = data.adding_problem(n=4000, T=50, seed=s)
    X_val, y_val = data.adding_problem(n=500, T=50, seed=s + 1)
    X_test, y_test = data.adding_problem(n=1000, T=50, seed=s + 1000)
    return X, y, X_val, y_val, X_test, y_test


def adding_fit(ns, s):
    """The participant's train_adding on split s, described layer by layer (weights, no code)."""
    X, y, X_val, y_val, _, _ = _adding_data(int(s))
    return {"layers": _describe(ns["train_adding"](X, y, X_val, y_val, seed=0))}


def _run(layers, x, ref):
    """The described network on x, with the reference functions only."""
    a = x
    for layer in layers:
        kind, p = layer["type"], layer["params"]
        if kind == "Recurrent":
            if layer.get("kind") not in _ORDER:
                raise ValueError(f"a Recurrent layer of kind {layer.get('kind')!r}")
            H = p["Wh"].shape[0]
            a, _ = ref[f"{layer['kind']}_forward"](a, np.zeros((len(a), H)), *(p[k] for k in _ORDER[layer["kind"]]))
        elif kind == "LastStep":
            a = a[:, -1]
        elif kind == "Dense":
            a = a @ p["W"] + p["b"]
        elif kind == "TemporalDense":
            a = ref["temporal_affine_forward"](a, p["W"], p["b"])[0]
        else:
            raise ValueError(f"the network holds a {kind} layer; use only this notebook's layer classes")
    return a


def adding_held_out(got, expected, inputs, ref):
    """Judge: the returned weights, run by the reference functions, reach ADDING_MSE on unseen sequences."""
    (s,), _ = inputs
    if not isinstance(got, dict) or not isinstance(got.get("layers"), (list, tuple)):
        return "train_adding must return the trained Sequential"
    *_, X_test, y_test = _adding_data(int(s))
    try:
        pred = _run(got["layers"], X_test, ref)
    except Exception as e:
        return f"the returned network cannot be run: {type(e).__name__}: {e}"
    if np.shape(pred) != (len(y_test), 1):
        return f"the network's output has shape {np.shape(pred)}, not (N, 1)"
    err = float(np.mean((pred[:, 0] - y_test) ** 2))
    if not err <= ADDING_MSE:
        return f"held-out MSE {err:.4f}, above {ADDING_MSE}"
    return None
