"""Scenarios that several of Day 0's hidden test cells share (the cells are collected apart).

Each takes the namespace of the code under test (``ns``: the participant's names
in the probe, the reference's in the grader) and returns plain data; the
inputs come from the grader.  No answer lives here: they only call the
functions by name.
"""
import re

__all__ = ["value_error", "names_the_argument"]


def value_error(ns, name, arguments, *args):
    """Whether ns[name](*args) raises ValueError, and its message; other errors propagate.

    arguments: the names of the arguments at fault, one of which the message must name
    (read by ``names_the_argument``, which gets the inputs back).
    """
    try:
        ns[name](*args)
    except ValueError as e:
        return {"raised ValueError": 1.0, "message": str(e)[:300]}
    return {"raised ValueError": 0.0, "message": ""}


def names_the_argument(got, expected, inputs, ref):
    """Judge of value_error: a ValueError whose message names one of the arguments at fault."""
    if not isinstance(got, dict) or "raised ValueError" not in got:
        return "the result could not be read"
    if not got["raised ValueError"]:
        return "it returned a result where these arguments must raise a ValueError"
    (_, arguments, *_), _ = inputs
    words = set(re.findall(r"\w+", str(got.get("message", ""))))
    if not words & set(arguments):
        return ("it raised a ValueError, but its message does not name the argument at fault "
                f"({' or '.join(arguments)})")
    return None
