"""What a learner sees when a cell fails: one short block, never a traceback through ``course``.

``install()`` (run by ``course.setup()`` in every day's setup cell) hands
IPython a handler for exceptions raised in cells:

- a check that fails (``CheckFailed``, or any AssertionError): its message;
- an exercise not written yet (NotImplementedError from its stub): one line
  that names it;
- a crash inside the learner's own function (a shape mismatch in ``X @ W``):
  what was raised, the line, the shapes of the arrays in that function and a
  hint for that kind of error;
- an error raised inside ``course`` (a helper called with bad arguments):
  its message and the cell line that called it.

Anything else (a typo in a cell of one's own) keeps IPython's traceback.
``%tb`` right after a short block prints the full traceback.
"""
import os
import sysconfig

import numpy as np

__all__ = ["install", "explain", "learner_function", "function_name"]

_COURSE = os.path.dirname(os.path.abspath(__file__))
_LIBRARIES = tuple({os.path.realpath(p) for p in (sysconfig.get_paths()["stdlib"],
                                                  sysconfig.get_paths()["purelib"],
                                                  sysconfig.get_paths()["platlib"])})


def _is_library(filename):
    """True for the course's and Python's own files; False for a notebook cell or a learner's file."""
    if filename.startswith("<frozen") or filename.startswith("<") and filename.endswith(">") \
            and filename not in ("<string>", "<cell>"):
        return True
    real = os.path.realpath(filename)
    return real.startswith(_COURSE + os.sep) or real.startswith(_LIBRARIES)


def _frames(tb):
    out = []
    while tb is not None:
        out.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return out


def function_name(code):
    """A code object's name as the notebook wrote it: `relu`, `Value.__mul__` (no `<locals>` path)."""
    return getattr(code, "co_qualname", code.co_name).split("<locals>.")[-1]


def learner_function(tb):
    """The innermost function of the learner's own (defined in a cell) in a traceback, or None.

    Returns (frame, line number).
    """
    found = None
    for frame, line in _frames(tb):
        code = frame.f_code
        if not _is_library(code.co_filename) and code.co_name != "<module>" \
                and not code.co_name.startswith("<"):
            found = (frame, line)
    return found


def _cell_line(tb):
    """The line of the cell that started it all: the outermost frame of the learner's cell."""
    for frame, line in _frames(tb):
        if not _is_library(frame.f_code.co_filename):
            return _source(frame.f_code.co_filename, line)
    return None


def _source(filename, line):
    import linecache
    return linecache.getline(filename, line).strip() or None


def _shapes(frame, limit=8):
    arrays = [(k, v) for k, v in frame.f_locals.items() if isinstance(v, np.ndarray)]
    return ", ".join(f"{k} {v.shape}" for k, v in arrays[:limit]) or None


_CRASH_HINTS = [
    (("matmul", "not aligned", "core dimension"),
     "In A @ B the last axis of A must have the size of the first axis of B: check the order "
     "of the factors and any transpose."),
    (("could not be broadcast",),
     "Elementwise operations need shapes that broadcast: compare the shapes above "
     "(a transposed array, or a sum without keepdims=True?)."),
    (("cannot reshape",), "A reshape keeps the number of entries: check the sizes you ask for."),
    (("out of bounds", "too many indices"), "An index is outside an axis: check which axis you index."),
    (("NoneType",), "A value is None: does a function of yours forget to return?"),
]


def _crash_hint(etype, value):
    text = f"{etype.__name__}: {value}"
    for needles, hint in _CRASH_HINTS:
        if any(n in text for n in needles):
            return hint
    if issubclass(etype, KeyError):
        return "The dict has no such key: check the keys' names."
    return None


def _short(value, n=240):
    text = " ".join(str(value).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def explain(etype, value, tb):
    """The short block for an exception, as a list of lines; None to keep the normal traceback."""
    from course.diagnose import CheckFailed
    if isinstance(value, CheckFailed):
        return value._render_traceback_()
    red, grey, end = "\x1b[1;31m", "\x1b[2m", "\x1b[0m"
    mine = learner_function(tb)
    if issubclass(etype, NotImplementedError) and mine:
        name = function_name(mine[0].f_code)
        return [f"{grey}○ not started: {name} still raises NotImplementedError. Write it in its cell, "
                f"run that cell, then this one again.{end}"]
    if issubclass(etype, AssertionError):
        text = _short(value, 600) or f"this check failed: {_cell_line(tb) or 'assert'}"
        return [f"{red}✗ {text}{end}"]
    if mine:
        frame, line = mine
        lines = [f"{red}✗ {function_name(frame.f_code)} crashed: {etype.__name__}: {_short(value)}{end}",
                 f"  at: {_source(frame.f_code.co_filename, line)}"]
        shapes = _shapes(frame)
        if shapes:
            lines.append(f"  arrays there: {shapes}")
        hint = _crash_hint(etype, value)
        if hint:
            lines.append(f"  hint: {hint}")
        return lines
    if any(os.path.realpath(f.f_code.co_filename).startswith(_COURSE + os.sep) for f, _ in _frames(tb)):
        where = _cell_line(tb)
        return [f"{red}✗ {etype.__name__}: {_short(value, 400)}{end}"] + ([f"  at: {where}"] if where else [])
    return None


def _handler(shell, etype, value, tb, tb_offset=None):
    lines = explain(etype, value, tb)
    if lines is not None:
        def once():
            del value._render_traceback_  # so that %tb shows the full traceback
            return lines
        try:
            value._render_traceback_ = once
        except (AttributeError, TypeError):  # an exception that takes no attributes: show it as it is
            pass
    shell.showtraceback((etype, value, tb), tb_offset=tb_offset)


def install():
    """Show failures in the current IPython kernel as short blocks; no-op outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    shell.set_custom_exc((Exception,), _handler)
    return True
