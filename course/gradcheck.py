"""Numerical gradients and one-call gradient checkers.

Every checker compares an analytic gradient with central differences

    df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h),      h = 1e-5,

using the norm-based relative error

    rel_error(a, b) = ||a - b|| / max(||a|| + ||b||, 1e-12),

which, unlike an elementwise ratio, does not raise false alarms where a
gradient entry is close to zero.  A correct float64 implementation lands
below 1e-7; the checkers pass below ``tol`` (default 1e-6) and print one table
row per quantity so a learner sees at once which gradient is wrong.

Large tensors: the checkers accept ``max_entries``; above it they perturb a
seeded random sample of entries (same sample every run) and compare the
gradient only there.  ``numerical_gradient`` itself always perturbs every
entry.
"""
import numpy as np

from course import diagnose
from course.diagnose import CheckFailed, likely

__all__ = [
    "numerical_gradient",
    "numerical_gradient_array",
    "rel_error",
    "check_function",
    "check_layer",
    "check_loss",
    "check_module",
]

TOL = 1e-6


def _as_float64(name, x):
    """Reject what a gradient check cannot work on, naming the argument."""
    if not isinstance(x, np.ndarray):
        raise ValueError(f"{name} must be a numpy array, got {type(x).__name__}")
    if x.dtype != np.float64:
        raise ValueError(
            f"{name} must be float64 (got {x.dtype}): central differences with "
            "h = 1e-5 need double precision; use x.astype(np.float64)"
        )
    return x


def _entries(x, max_entries, seed):
    """Indices to perturb: all of them, or a seeded sample for large tensors."""
    if max_entries is None or x.size <= max_entries:
        return np.arange(x.size)
    rng = np.random.default_rng(seed)
    return np.sort(rng.choice(x.size, size=max_entries, replace=False))


def numerical_gradient(f, x, h=1e-5, max_entries=None, seed=0):
    """Central-difference gradient of a scalar function.

    f: array (any shape) -> float.  x: float64 array, perturbed in place and
    restored.  Returns grad with grad.shape == x.shape.  With ``max_entries``
    only a seeded sample of entries is computed; the others are NaN.
    """
    _as_float64("x", x)
    grad = np.full(x.shape, np.nan) if max_entries else np.zeros(x.shape)
    for i in _entries(x, max_entries, seed):
        # index x itself: x.reshape(-1) is a copy when x is a transpose or a slice
        ix = np.unravel_index(i, x.shape)
        old = x[ix]
        x[ix] = old + h
        fp = float(f(x))
        x[ix] = old - h
        fm = float(f(x))
        x[ix] = old
        grad[ix] = (fp - fm) / (2 * h)
    return grad


def numerical_gradient_array(f, x, dout, h=1e-5, max_entries=None, seed=0):
    """Gradient of sum(f(x) * dout) for an array-valued f, by central differences.

    This is what a layer's backward must return for ``dx`` given the upstream
    gradient ``dout`` (same shape as f(x)).
    """
    _as_float64("x", x)
    dout = np.asarray(dout, dtype=np.float64)
    if np.shape(f(x.copy())) != dout.shape:
        raise ValueError(f"dout must have the shape of f(x), {np.shape(f(x.copy()))}; got {dout.shape}")
    return numerical_gradient(lambda v: np.sum(f(v) * dout), x, h, max_entries, seed)


def rel_error(a, b):
    """||a - b|| / max(||a|| + ||b||, 1e-12), the course's relative error.

    Computed on a and b scaled by their largest entry, so huge values do not
    overflow into inf / inf = NaN; any NaN or inf gives inf.  Pass a check
    only when ``rel_error(a, b) <= tol``: anything else, NaN included, fails.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error needs equal shapes, got {a.shape} and {b.shape}")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    scale = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)))
    if scale == 0.0:
        return 0.0
    a, b = a / scale, b / scale
    with np.errstate(over="ignore"):
        floor = 1e-12 / scale
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), floor))


def _masked_error(analytic, numeric):
    """rel_error on the entries the numerical gradient computed (not NaN)."""
    keep = ~np.isnan(numeric)
    return rel_error(np.asarray(analytic)[keep], numeric[keep])


class _Row:
    """One quantity of a check: its name, analytic and numerical values, what explains a miss."""

    def __init__(self, name, analytic, numeric, kind, at=None, batch=None):
        self.name, self.kind, self.at, self.batch = name, kind, at, batch
        self.analytic, self.numeric = np.asarray(analytic, dtype=np.float64), numeric
        self.err = _masked_error(self.analytic, numeric)

    def failure(self, hint=None):
        keep = ~np.isnan(self.numeric)
        g, e, at = self.analytic, self.numeric, self.at
        if not keep.all():  # a sampled check compares the sampled entries only
            g, e, at = g[keep], e[keep], None if at is None else at[keep]
        found = diagnose.pattern(g, e, self.batch) or (diagnose.sides(g, e, at, "x") if at is not None else None)
        return CheckFailed(f"{self.name} is wrong: relative error {self.err:.1e} against the numerical "
                           f"gradient (must be at most {TOL:.0e})",
                           diagnose.where(g, e, at, "x", other="numerical"),
                           likely(found, hint) if hint else likely(found or diagnose.KIND_HINTS[self.kind]))


def _report(rows, hint=None):
    """Print one line per quantity; raise CheckFailed for the first wrong one (hint: the exercise's own likely cause)."""
    width = max(24, *(len(r.name) for r in rows)) + 2  # one width for the tables of a cell
    print(f"{'quantity':<{width}}{'shape':<18}{'rel. error':>10}   verdict")
    for r in rows:
        mark = "ok" if r.err <= TOL else "WRONG"
        print(f"{r.name:<{width}}{str(r.analytic.shape):<18}{r.err:>10.2e}   {mark}")
    bad = [r for r in rows if not r.err <= TOL]
    if bad:
        raise bad[0].failure(hint)


def _shape_problem(name, analytic, expected_shape, hint=None):
    analytic = np.asarray(analytic)
    if analytic.shape != tuple(expected_shape):
        return CheckFailed(f"{name} has shape {analytic.shape} but must have shape {tuple(expected_shape)}",
                           "A gradient has the shape of what it differentiates.", likely(hint) if hint else None)
    if not np.all(np.isfinite(analytic)):
        return CheckFailed(f"{name} contains NaN or inf")
    return None


def check_function(f, grad_f, x, name="df/dx", max_entries=None, elementwise=False):
    """Check grad_f(x) against the numerical gradient of the scalar function f at x.

    elementwise: grad_f is the derivative of an elementwise function (f = sum of
    g(x)); a failure then also says on which side of 0 it is wrong.
    """
    _as_float64("x", x)
    analytic = grad_f(x.copy())
    problem = _shape_problem(name, analytic, x.shape)
    if problem:
        raise problem
    numeric = numerical_gradient(f, x.copy(), max_entries=max_entries)
    kind = "derivative" if elementwise else "layer"
    _report([_Row(name, analytic, numeric, kind, at=x if elementwise else None)])


def check_layer(forward, backward, inputs, dout=None, names=None, seed=0, max_entries=None, hint=None):
    """Check a layer pair: forward(*inputs) -> (out, cache), backward(dout, cache) -> grads.

    inputs: tuple of float64 arrays in the forward's argument order (x, then the
    parameters).  dout: upstream gradient (random, seeded, if None).  names:
    labels for the table, default dx, dp1, ...  The backward must return one
    gradient per input, in the same order.  A layer with one input whose output
    has the input's shape is taken to be elementwise (an activation layer).
    hint: a likely cause that fits this exercise, said when a gradient is wrong.
    """
    inputs = [_as_float64(f"input {i}", np.array(v, dtype=v.dtype)) for i, v in enumerate(inputs)]
    names = names or ["dx"] + [f"dp{i}" for i in range(1, len(inputs))]
    out, cache = forward(*[v.copy() for v in inputs])
    if dout is None:
        dout = np.random.default_rng(seed).standard_normal(np.shape(out))
    elif np.shape(dout) != np.shape(out):
        raise ValueError(f"dout must have the shape of the forward output, {np.shape(out)}; "
                         f"got {np.shape(dout)}")
    grads = backward(dout, cache)
    grads = tuple(grads) if isinstance(grads, (tuple, list)) else (grads,)
    if len(grads) != len(inputs):
        raise CheckFailed(f"backward returned {len(grads)} gradients; it must return "
                          f"{len(inputs)} ({', '.join(names)})", "One per forward input, in order.")
    elementwise = len(inputs) == 1 and np.shape(out) == inputs[0].shape
    rows = []
    for i, (name, v, g) in enumerate(zip(names, inputs, grads)):
        problem = _shape_problem(name, g, v.shape, hint)
        if problem:
            raise problem

        def f_i(vi, i=i):
            args = [a.copy() for a in inputs]
            args[i] = vi
            return forward(*args)[0]

        numeric = numerical_gradient_array(f_i, v.copy(), dout, max_entries=max_entries)
        rows.append(_Row(name, g, numeric, "derivative" if elementwise else "layer",
                         at=v if elementwise else None, batch=inputs[0].shape[0]))
    _report(rows, hint)


def check_loss(loss_fn, scores, y, name="dscores"):
    """Check loss_fn(scores, y) -> (loss, dscores) against numerical gradients of the loss."""
    _as_float64("scores", scores)
    loss, dscores = loss_fn(scores.copy(), y)
    if not np.isfinite(loss):
        raise CheckFailed(f"the loss is {loss}; it must be a finite number")
    problem = _shape_problem(name, dscores, scores.shape)
    if problem:
        raise problem
    numeric = numerical_gradient(lambda s: loss_fn(s, y)[0], scores.copy())
    _report([_Row(name, dscores, numeric, "loss", batch=scores.shape[0])])


def check_module(layer, x, dout=None, train=True, seed=0, max_entries=None, hint=None):
    """Check a layer object (Day 3 on): dx and every grads[k] against numerical gradients.

    layer has forward(x, train), backward(dout), and the dicts params and grads
    (same keys).  Each parameter is perturbed in place and put back, so the
    layer is unchanged afterwards.  A layer without parameters whose output
    has the input's shape is taken to be elementwise (an activation).
    hint: a likely cause that fits this exercise, said when a gradient is wrong.
    """
    x = _as_float64("x", x)
    out = layer.forward(x.copy(), train=train)
    if dout is None:
        dout = np.random.default_rng(seed).standard_normal(np.shape(out))
    dx = layer.backward(dout)
    grads = {k: np.array(v, dtype=np.float64) for k, v in layer.grads.items()}  # later forwards may overwrite
    elementwise = not layer.params and np.shape(out) == x.shape
    problem = _shape_problem("dx", dx, x.shape, hint)
    if problem:
        raise problem
    numeric = numerical_gradient_array(lambda v: layer.forward(v, train=train), x.copy(), dout,
                                       max_entries=max_entries)
    rows = [_Row("dx", dx, numeric, "derivative" if elementwise else "layer",
                 at=x if elementwise else None, batch=x.shape[0])]
    for k, p in layer.params.items():
        if k not in grads:
            raise CheckFailed(f"grads has no key {k!r} after backward",
                              f"backward must fill grads[{k!r}], one entry per key of params.")
        problem = _shape_problem(f"d{k}", grads[k], p.shape, hint)
        if problem:
            raise problem

        def f(v, p=p):
            saved = p.copy()
            p[...] = v
            try:
                return layer.forward(x.copy(), train=train)
            finally:
                p[...] = saved
        rows.append(_Row(f"d{k}", grads[k], numerical_gradient_array(f, p.copy(), dout, max_entries=max_entries),
                         "layer", batch=x.shape[0]))
    _report(rows, hint)
