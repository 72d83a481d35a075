"""Say *how* a wrong array is wrong, in words: the likely cause a check adds to its verdict.

``pattern(got, expected)`` recognises mistakes from the two arrays alone
(a flipped sign, a constant factor such as the batch size, a transpose, a
mask that is zero in the wrong places, values of 1 - x) and names none of
their entries, so the hidden verdict can use it too.  ``where(...)`` points
at the worst entry and may show values: visible checks only.  ``KIND_HINTS``
holds the fallback sentence for each kind of exercise.  ``CheckFailed`` is
the exception every check raises.
"""
import numpy as np

__all__ = ["CheckFailed", "likely", "pattern", "where", "sides", "KIND_HINTS"]

KIND_HINTS = {
    "value": "",
    "elementwise": "It works entry by entry: check each case of the formula on its own.",
    "derivative": ("Differentiate the function entry by entry (each output depends on one input); "
                   "the function's own value may appear in its derivative."),
    "layer": ("For each gradient, multiply the upstream gradient by the local derivative, and sum "
              "over the batch for the parameters: a missing factor, a transpose or a sum over the "
              "wrong axis are the usual causes."),
    "loss": "The loss is a mean over the batch, so its gradient carries the same 1/N.",
    "update": ("Check the first step on its own, then what the rule keeps in config from one call "
               "to the next."),
}


class CheckFailed(AssertionError):
    """A check's verdict: a headline and at most a few lines of explanation."""

    def __init__(self, headline, *details):
        self.lines = [headline, *[d for d in details if d]]
        super().__init__("\n".join(self.lines))

    def _render_traceback_(self):
        # IPython shows this instead of a traceback
        return ["\x1b[1;31m✗ " + self.lines[0] + "\x1b[0m", *["  " + d for d in self.lines[1:]]]


def _sentence(cause):
    """cause ending in one full stop, unless it ends in a question or an exclamation mark."""
    cause = cause.rstrip(".")
    return cause if cause.endswith(("?", "!")) else cause + "."


def likely(*causes):
    """'likely cause: ...' from the causes that are known (None for an unknown one), or None.

    Every sentence after the first starts with a capital: causes are written to stand alone.
    """
    sentences = [_sentence(c) for c in causes if c]
    text = " ".join(sentences[:1] + [s[:1].upper() + s[1:] for s in sentences[1:]])
    return f"likely cause: {text}" if text else None


def _close(a, b, tol=1e-6):
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1e-12)
    return bool(np.all(np.abs(a - b) <= tol * scale + 1e-12))


def _factor_name(c, batch):
    if batch and batch > 1 and np.isclose(c, batch, rtol=1e-6):
        return f" (the batch size N = {batch}: a sum where the mean belongs, or a missing / N)"
    if batch and batch > 1 and np.isclose(c, 1.0 / batch, rtol=1e-6):
        return f" (1 / N, N = {batch} the batch size: divided by N once too often)"
    if np.isclose(c, 2.0) or np.isclose(c, 0.5):
        return " (a factor of 2)"
    return ""


def pattern(got, expected, batch=None):
    """A sentence naming a recognisable mistake, or None.  Reveals no entry of either array."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape or g.size == 0 or not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return None
    if not np.any(e):
        return None
    scale = float(np.max(np.abs(e)))
    g, e = g / scale, e / scale  # so that the products below cannot overflow
    if not np.any(g):
        return "it is zero everywhere: is something not computed, or multiplied by a zero?"
    if _close(g, -e):
        return "it has the wrong sign"
    if g.ndim == 2 and g.shape[0] == g.shape[1] > 1 and _close(g, e.T) and not _close(e, e.T):
        return "it is the transpose of the right answer"
    c = float(np.vdot(g, e) / np.vdot(e, e))
    # one number (or an array of one value repeated) is always some multiple of the right one:
    # say so only for a factor with a name
    repeated = g.size == 1 or bool(np.all(e == e.flat[0]))
    if c != 0 and not np.isclose(c, 1.0) and _close(g, c * e) and (not repeated or _factor_name(c, batch)):
        what = "it is" if g.size == 1 else "every entry is"
        return f"{what} {c:.4g} times the right value{_factor_name(c, batch)}"
    zero_g, zero_e = np.isclose(g, 0.0, atol=1e-12), np.isclose(e, 0.0, atol=1e-12)
    if zero_e.any() and (~zero_e).any() and np.array_equal(zero_g, ~zero_e):
        return ("it is zero exactly where it should not be, and non-zero where it should be "
                "zero: is a mask or a comparison inverted?")
    if _close(g, 1.0 - e):
        return "its values are 1 minus the right ones"
    return None


def sides(got, expected, at, name="z"):
    """For an elementwise result: which side of 0 (of the input ``at``) is wrong, or None."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    z = np.broadcast_to(np.asarray(at, dtype=np.float64), e.shape)
    bad = ~np.isclose(g, e, rtol=1e-6, atol=1e-9 * max(1.0, float(np.max(np.abs(e), initial=0))))
    pos, neg = z > 0, z < 0
    if not (bad.any() and pos.any() and neg.any()):
        return None
    if not bad[pos].any() and bad[neg].all():
        return f"right where {name} > 0 but wrong where {name} < 0: check the case for negative inputs"
    if not bad[neg].any() and bad[pos].all():
        return f"right where {name} < 0 but wrong where {name} > 0: check the case for positive inputs"
    return None


def _fmt(v):
    return f"{v:.4g}"


def where(got, expected, at=None, name="z", other="expected"):
    """'wrong at k of n entries; the largest difference at ...: yours ..., expected ...'."""
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape or g.size == 0:
        return None
    diff = np.abs(g - e)
    diff = np.where(np.isfinite(diff), diff, np.inf)
    i = np.unravel_index(int(np.argmax(diff)), e.shape)
    bad = int(np.sum(diff > 1e-6 * max(1.0, float(np.max(np.abs(e[np.isfinite(e)]), initial=0)))))
    if at is not None and np.shape(at) == e.shape:
        spot = f"{name} = {_fmt(float(np.asarray(at)[i]))}"
    else:
        spot = f"index {tuple(int(k) for k in i)}" if e.ndim else "the value"
    count = f"wrong at {bad} of {e.size} entries; " if e.size > 1 else ""
    return f"{count}largest difference at {spot}: yours {_fmt(float(g[i]))}, {other} {_fmt(float(e[i]))}"
