"""Visible checks that teach: each failure names the quantity, the error and a likely cause.

These run in the learner's kernel for immediate feedback.  They are not the
grade: the grade comes from the hidden cases, judged outside the kernel.
"""
import numpy as np

from course.gradcheck import rel_error

__all__ = ["expect_close", "expect_shape", "expect_finite", "expect_true", "passed"]


def expect_shape(name, value, shape):
    """Fail unless value is an array of the given shape."""
    got = np.shape(value)
    if got != tuple(shape):
        raise AssertionError(f"{name} has shape {got}, expected {tuple(shape)}. "
                             "Check which axis you summed or broadcast over.")


def expect_finite(name, value, hint="an exp or a log overflowed: see the stable form in the text"):
    a = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(a)):
        raise AssertionError(f"{name} contains NaN or inf; {hint}.")


def expect_close(name, got, expected, tol=1e-7, hint=""):
    """Fail unless got matches expected to a relative error below tol."""
    if got is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    expected = np.asarray(expected, dtype=np.float64)
    expect_shape(name, got, expected.shape)
    expect_finite(name, got)
    err = rel_error(np.asarray(got, dtype=np.float64), expected)
    if not err <= tol:
        raise AssertionError(f"{name} is off: relative error {err:.1e} (should be below "
                             f"{tol:.0e}). {hint}".strip())
    print(f"{name:<28} relative error {err:.1e}   ok")


def expect_true(condition, message):
    if not condition:
        raise AssertionError(message)


def passed(what):
    print(f"All visible checks of {what} passed.")
