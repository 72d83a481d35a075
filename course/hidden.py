"""Hidden tests as data: what to call and with which kind of inputs.

A hidden test section in a solution notebook declares cases, it does not
compare anything itself::

    ### BEGIN HIDDEN TESTS
    hidden(
        case("softmax", randn(1, 7, scale=1e3), hint="large logits overflow exp"),
        case("softmax", zeros(3, 5)),
    )
    ### END HIDDEN TESTS

The verdict is reached outside the participant's kernel (see
``autograder/verdict.py``): the grader draws the inputs with a secret seed,
a sandboxed process runs the participant's functions on them and returns
plain arrays, and a process that never ran participant code compares those
with the reference solution.  Inside a kernel, ``hidden`` only runs each case
once on local random inputs, so a crash or a NaN shows up early.

Kinds of case:
    case(fn, *args, **kwargs)      out = fn(*args, **kwargs)
    layer(name, *args, dout=spec)  out, cache = name_forward(*args);
                                   grads = name_backward(dout, cache)
    scenario(func, *args)          out = func(ns, *args), ns = the solution's names
Every case takes ``hint=`` (shown when it fails), ``label=`` (what the
case probes, shown to the learner), ``tol=``, ``smoke=False`` (not smoke-run
in the kernel: a case that only repeats the visible check's slow training)
and ``judge=``, a function
``judge(got, expected, args, ref) -> None or message`` for answers that are
not unique (``ref`` holds the reference solution's names).  Hints say what
to look at, never the formula that is the answer.

Points per part: ``hidden(..., parts={"sigmoid": 1, "tanh": 1})`` splits the
cell's points, so that each part scores on its own.  A case belongs to the
part named by its ``part=``, else to its function's name; a layer case feeds
two parts, ``<name>_forward`` (its output) and ``<name>_backward`` (its
gradients), or the single part ``<name>``.  Without ``parts`` the cell is one
part: every case must pass for its points.
"""
import copy
import sys

import numpy as np

__all__ = ["hidden", "case", "layer", "scenario", "randn", "uniform", "zeros",
           "const", "labels", "signs", "seed", "materialize", "run_case", "check_parts", "BackwardFailed"]


class Spec:
    """A lazily drawn input: draw(rng) gives the array."""

    def __init__(self, draw, text):
        self.draw, self.text = draw, text

    def __repr__(self):
        return self.text


def _avoid(a, avoid, margin):
    """Push entries away from a kink (ReLU at 0) so central differences stay honest."""
    if avoid is None:
        return a
    near = np.abs(a - avoid) < margin
    return np.where(near, avoid + np.copysign(margin, a - avoid + 1e-300), a)


def randn(*shape, scale=1.0, shift=0.0, avoid=None, margin=1e-2):
    return Spec(lambda rng: _avoid(shift + scale * rng.standard_normal(shape), avoid, margin),
                f"randn{shape}")


def uniform(*shape, low=-1.0, high=1.0):
    return Spec(lambda rng: rng.uniform(low, high, size=shape), f"uniform{shape}")


def zeros(*shape):
    return Spec(lambda rng: np.zeros(shape), f"zeros{shape}")


def const(value):
    return Spec(lambda rng: copy.deepcopy(value), "const")


def labels(n, classes):
    return Spec(lambda rng: rng.integers(0, classes, size=n), f"labels({n}, {classes})")


def signs(n):
    return Spec(lambda rng: rng.choice([-1.0, 1.0], size=n), f"signs({n})")


def seed():
    """An integer, for functions that take a seed or build their own generator."""
    return Spec(lambda rng: int(rng.integers(0, 2**31 - 1)), "seed")


class Case:
    def __init__(self, kind, target, args, kwargs, hint=None, label=None, tol=1e-6, judge=None, part=None, smoke=True):
        self.kind, self.target, self.args, self.kwargs = kind, target, args, kwargs
        self.hint, self.label, self.tol, self.judge, self.part = hint, label, tol, judge, part
        self.smoke = smoke

    def name(self):
        return self.target if isinstance(self.target, str) else self.target.__name__

    def parts(self, parts):
        """[(part, which outputs)] this case is scored in, for a cell whose parts are ``parts``.

        which: "all", or for a layer split in two, "forward" (its output) and "backward".
        """
        if not parts:
            return [(None, "all")]
        if self.part:
            return [(self.part, "all")]
        if self.kind == "layer" and self.name() not in parts:
            return [(f"{self.name()}_forward", "forward"), (f"{self.name()}_backward", "backward")]
        return [(self.name(), "all")]

    def describe(self):
        if self.label:
            return self.label
        name = self.name()
        return {"case": f"{name}(...)", "layer": f"{name}_forward/backward",
                "scenario": name}[self.kind]


def case(fn, *args, hint=None, label=None, tol=1e-6, judge=None, part=None, **kwargs):
    return Case("case", fn, args, kwargs, hint, label, tol, judge, part)


def layer(name, *args, dout, hint=None, label=None, tol=1e-6, judge=None, part=None):
    return Case("layer", name, args, {"dout": dout}, hint, label, tol, judge, part)


def scenario(func, *args, hint=None, label=None, tol=1e-6, judge=None, part=None, smoke=True, **kwargs):
    return Case("scenario", func, args, kwargs, hint, label, tol, judge, part, smoke)


def check_parts(cases, parts, points):
    """ValueError unless the parts' points add up to the cell's and every case has its part."""
    if not parts:
        return
    if abs(sum(parts.values()) - points) > 1e-9:
        raise ValueError(f"the parts' points {parts} add up to {sum(parts.values()):g}, not the cell's {points:g}")
    for c in cases:
        for part, _ in c.parts(parts):
            if part not in parts:
                raise ValueError(f"case {c.describe()} belongs to part {part!r}, which is not in {sorted(parts)}")
    unused = set(parts) - {p for c in cases for p, _ in c.parts(parts)}
    if unused:
        raise ValueError(f"parts without a case: {sorted(unused)}")


class BackwardFailed(Exception):
    """A layer's backward raised; its forward output still counts for the forward part."""

    def __init__(self, out):
        super().__init__("backward failed")
        self.out = out


def materialize(case, rng):
    """Draw a case's inputs: (args, kwargs) of plain values."""
    def draw(v):
        return v.draw(rng) if isinstance(v, Spec) else copy.deepcopy(v)
    return [draw(a) for a in case.args], {k: draw(v) for k, v in case.kwargs.items()}


def run_case(case, ns, args, kwargs):
    """Run one case against the names in ns; inputs are copied so in-place edits stay local."""
    args, kwargs = copy.deepcopy(args), copy.deepcopy(kwargs)
    if case.kind == "case":
        return ns[case.target](*args, **kwargs)
    if case.kind == "layer":
        out, cache = ns[case.target + "_forward"](*args)
        try:
            grads = ns[case.target + "_backward"](kwargs["dout"], cache)
        except Exception as e:  # not an interrupt or a time-out: those stop the whole case
            raise BackwardFailed(out) from e
        return (out,) + (tuple(grads) if isinstance(grads, (tuple, list)) else (grads,))
    return case.target(ns, *args, **kwargs)


def hidden(*cases, parts=None):
    """In a kernel: smoke-run each case once (the real verdict is the grader's).

    Not while nbgrader runs the notebook (grading mode): the verdict's probe runs
    every case anyway, and the smoke run would only spend the notebook's time budget.
    """
    from course import grading
    if grading():
        print(f"{len(cases)} hidden cases: the grader runs them outside this kernel.")
        return
    ns = sys._getframe(1).f_globals
    rng = np.random.default_rng(0)
    for i, c in enumerate(cases, 1):
        args, kwargs = materialize(c, rng)
        if not c.smoke:
            continue
        try:
            run_case(c, ns, args, kwargs)
        except Exception as e:
            e = e.__cause__ if isinstance(e, BackwardFailed) else e
            raise AssertionError(f"hidden case {i} ({c.describe()}) raised "
                                 f"{type(e).__name__}: {e}") from None
    skipped = sum(not c.smoke for c in cases)
    ran = f"{len(cases) - skipped} hidden cases ran" + (f" ({skipped} left to the grader: it repeats the training above)"
                                                        if skipped else "")
    print(f"{ran}; the grader reaches their verdict outside this kernel.")
