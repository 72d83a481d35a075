"""Scenarios that several of Day 4's hidden test cells share (the cells are collected apart).

Each takes the namespace of the code under test (``ns``: the participant's names
in the probe, the reference's in the grader) and returns plain arrays; the
inputs come from the grader.  No answer lives here: they only call the
functions by name.
"""
import numpy as np

__all__ = ["conv_fwd", "conv_bwd", "conv_error", "raises_value_error", "must_raise"]


def _f64(a):
    return np.asarray(a, dtype=np.float64)


def conv_fwd(ns, which, x, w, b, stride, pad):
    """conv_forward_<which>(x, w, b, stride, pad)'s output."""
    out, _ = ns[f"conv_forward_{which}"](x, w, b, int(stride), int(pad))
    return {"out": _f64(out)}


def conv_bwd(ns, which, x, w, b, dout, stride, pad):
    """conv_backward_<which> on the cache of conv_forward_<which>: dx, dw, db."""
    _, cache = ns[f"conv_forward_{which}"](x, w, b, int(stride), int(pad))
    dx, dw, db = ns[f"conv_backward_{which}"](dout, cache)
    return {"dx": _f64(dx), "dw": _f64(dw), "db": _f64(db)}


def raises_value_error(ns, name, *args):
    """1.0 when ns[name](*args) raises ValueError, 0.0 when it returns; other errors propagate."""
    try:
        ns[name](*args)
    except ValueError:
        return {"raised ValueError": 1.0}
    return {"raised ValueError": 0.0}


def conv_error(ns, which, x, w, b, stride, pad):
    """Whether conv_forward_<which> refuses these shapes with a ValueError."""
    return raises_value_error(ns, f"conv_forward_{which}", x, w, b, int(stride), int(pad))


def must_raise(got, expected, inputs, ref):
    """Judge of raises_value_error: a message that says which way the call went wrong."""
    if not isinstance(got, dict) or "raised ValueError" not in got:
        return "the result could not be read"
    if got["raised ValueError"] == expected["raised ValueError"]:
        return None
    if expected["raised ValueError"]:
        return "it returned a result where these arguments must raise a ValueError"
    return "it raised a ValueError for valid arguments"
