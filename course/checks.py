"""Visible checks that teach: each failure names the quantity, how far off it is and a likely cause.

These run in the learner's kernel for immediate feedback.  They are not the
grade: the grade comes from the hidden cases, judged outside the kernel.
A failure raises ``CheckFailed``, which a notebook shows as one short block
(see ``course.messages``), never as a traceback through this package.
"""
import numpy as np

from course import diagnose
from course.diagnose import CheckFailed, likely
from course.gradcheck import rel_error

__all__ = ["expect_close", "expect_shape", "expect_finite", "expect_true", "passed", "CheckFailed"]


def expect_shape(name, value, shape, hint=None):
    """Fail unless value is an array of the given shape (hint: the exercise's likely cause)."""
    got = np.shape(value)
    if got != tuple(shape):
        raise CheckFailed(f"{name} has shape {got}, expected {tuple(shape)}",
                          likely(hint) if hint else "Check which axis you summed or broadcast over.")


def expect_finite(name, value, hint="an exp or a log overflowed: see the stable form in the text"):
    a = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise CheckFailed(f"{name} contains NaN or inf", likely(hint))


def expect_close(name, got, expected, tol=1e-7, hint="", at=None, kind="value", batch=None):
    """Fail unless got matches expected to a relative error within tol.

    at: the input of an elementwise function (same shape as expected): the
    message then says where, in terms of that input, it is wrong.  kind: the
    kind of exercise, for the fallback hint (see ``course.diagnose.KIND_HINTS``);
    with ``at`` it defaults to "elementwise".
    """
    if kind == "value" and at is not None:
        kind = "elementwise"
    if got is None:
        raise CheckFailed(f"{name} is None", "Did you forget to return it?")
    expected = np.asarray(expected, dtype=np.float64)
    expect_shape(name, got, expected.shape)
    expect_finite(name, got)
    got = np.asarray(got, dtype=np.float64)
    err = rel_error(got, expected)
    if not err <= tol:
        found = diagnose.pattern(got, expected, batch) or \
            (diagnose.sides(got, expected, at) if at is not None else None)
        raise CheckFailed(f"{name} is off: relative error {err:.1e} (must be at most {tol:.0e})",
                          diagnose.where(got, expected, at),
                          likely(found, hint or (None if found else diagnose.KIND_HINTS[kind])))
    print(f"{name:<28} relative error {err:.1e}   ok")


def expect_true(condition, message):
    if not condition:
        raise CheckFailed(message)


def passed(what):
    print(f"All visible checks of {what} passed.")
