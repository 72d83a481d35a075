"""The project stands alone, and docs/exercises.md documents every answer function of the built days.

1. No file of the project outside tests/ points to the course's planning folder
   (`../shared`, `/work/shared`): users clone the project only.
2. Every top-level function or class that an answer cell (metadata nbgrader.solution)
   of a built day defines appears in docs/exercises.md with its exact signature: somewhere
   in the page, `name(...)` must parse as the parameter list of a Python `def` with the same
   parameter names in the same order (keyword-only, *args and **kwargs included) and the
   same default values. For a class the signature is its `__init__`'s, without `self`.
"""
import ast
import re
import subprocess

import nbformat
import pytest

from autograder import nbg

ROOT = nbg.ROOT
DOC = ROOT / "docs" / "exercises.md"
FORBIDDEN = ("../shared", "/work/shared")


# --- 1. nothing points outside the project -----------------------------------------------------

def _project_files():
    """Tracked files plus untracked ones that are not ignored (new files count before their commit)."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return sorted({p for p in out.decode("utf-8", "surrogateescape").split("\0") if p})


def _text(path):
    """The file's text, or None for a binary or vanished file."""
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return None
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def test_no_file_points_to_the_planning_folder():
    files = _project_files()
    assert "README.md" in files, "git ls-files did not list the project's files"
    offenders = []
    for rel in files:
        if rel.startswith("tests/"):
            continue
        text = _text(ROOT / rel)
        if text is None:
            continue
        for lineno, line in enumerate(text.splitlines(), 1):
            for s in FORBIDDEN:
                if s in line:
                    offenders.append(f"{rel}:{lineno}: {line.strip()[:120]}")
    assert not offenders, ("users clone the project only; these lines point to the planning folder "
                           "(document the fact in docs/ instead):\n" + "\n".join(offenders))


def test_forbidden_scan_sees_an_offender(tmp_path):
    # the scanner itself: a line with the forbidden string is found, a binary file is skipped
    (tmp_path / "a.md").write_text("see ../shared/SYLLABUS.md\n")
    (tmp_path / "b.bin").write_bytes(b"\0../shared")
    assert any(s in _text(tmp_path / "a.md") for s in FORBIDDEN)
    assert _text(tmp_path / "b.bin") is None


# --- 2. every answer function is documented with its signature ---------------------------------

def _answer_definitions(day):
    """(name, ast node) for every top-level def/class of the day's answer cells."""
    nb = nbformat.read(nbg.source_notebook(day), as_version=4)
    defs = []
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("solution") is not True:
            continue
        tree = ast.parse(cell.source)
        defs += [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    return defs


def _default(node):
    try:
        return ("value", ast.literal_eval(node))
    except ValueError:
        return ("source", ast.unparse(node))


def _signature(args, drop_self=False):
    """A comparable form of an ast.arguments: names in order, with kinds and defaults."""
    positional = [*args.posonlyargs, *args.args]
    if drop_self and positional:
        positional = positional[1:]
    n_plain = len([*args.posonlyargs, *args.args]) - len(args.defaults)
    defaults = [None] * n_plain + [_default(d) for d in args.defaults]
    if drop_self and len(defaults) > len(positional):
        defaults = defaults[1:]
    sig = [(a.arg, "positional", d) for a, d in zip(positional, defaults)]
    if args.vararg:
        sig.append((args.vararg.arg, "*", None))
    sig += [(a.arg, "keyword-only", None if d is None else _default(d))
            for a, d in zip(args.kwonlyargs, args.kw_defaults)]
    if args.kwarg:
        sig.append((args.kwarg.arg, "**", None))
    return sig


def _code_signature(node):
    if isinstance(node, ast.ClassDef):
        init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
        return [] if init is None else _signature(init.args, drop_self=True)
    return _signature(node.args)


def _balanced(text, start):
    """The text between text[start] == '(' and its matching ')', or None."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
    return None


def documented_signatures(text, name):
    """Every `name(...)` in text whose inside parses as a def's parameter list (call examples don't)."""
    sigs = []
    for m in re.finditer(rf"(?<![\w.]){re.escape(name)}\(", text):
        inside = _balanced(text, m.end() - 1)
        if inside is None:
            continue
        try:
            fn = ast.parse(f"def _f({inside}):\n    pass\n").body[0]
        except SyntaxError:
            continue
        sigs.append(_signature(fn.args))
    return sigs


def _fmt(sig):
    parts = []
    for name, kind, default in sig:
        p = {"*": "*", "**": "**"}.get(kind, "") + name
        if default is not None:
            p += "=" + (repr(default[1]) if default[0] == "value" else default[1])
        parts.append(p)
    return ", ".join(parts)


def _problems(text, defs):
    problems = []
    for node in defs:
        name = node.name
        if not re.search(rf"(?<![\w.]){re.escape(name)}\b", text):
            problems.append(f"{name}: not mentioned")
            continue
        want = _code_signature(node)
        found = documented_signatures(text, name)
        if want not in found:
            got = "; ".join(f"{name}({_fmt(s)})" for s in found) or "no signature"
            problems.append(f"{name}: the notebook has {name}({_fmt(want)}), the page has {got}")
    return problems


def test_the_built_days_are_found():
    assert nbg.DAYS, "no built day under solutions/"
    for day in nbg.DAYS:
        assert _answer_definitions(day), f"{day}: no function or class in its answer cells"


@pytest.mark.parametrize("day", nbg.DAYS)
def test_every_answer_function_is_documented(day):
    assert DOC.is_file(), "docs/exercises.md is missing"
    problems = _problems(DOC.read_text(encoding="utf-8"), _answer_definitions(day))
    assert not problems, (f"docs/exercises.md does not match {nbg.source_notebook(day).relative_to(ROOT)}:\n"
                          + "\n".join(problems))


def test_the_signature_check_is_strict():
    defs = ast.parse("def f(x, w, b=0.5, *, train=True):\n    pass\n"
                     "class K:\n    def __init__(self, n, rng=None):\n        pass\n").body
    assert _problems("`f(x, w, b=0.5, *, train=True)` and `K(n, rng=None)`", defs) == []
    assert _problems("`f(x, w, b=5e-1, *, train=True)`, a call f(X, 2) and `K(n, rng=None)`", defs) == []
    for wrong in ("`f(x, w, b, *, train=True)`",          # a default missing
                  "`f(x, w, b=0.1, *, train=True)`",      # another default
                  "`f(w, x, b=0.5, *, train=True)`",      # order
                  "`f(x, w, b=0.5, train=True)`",         # keyword-only lost
                  "`f(x, w, b=0.5)`",                     # a parameter missing
                  "`g.f(x, w, b=0.5, *, train=True)`",    # another object's method
                  "`ff(x, w, b=0.5, *, train=True)`",     # another name
                  "f is documented in prose only"):
        assert [p for p in _problems(wrong + " `K(n, rng=None)`", defs) if p.startswith("f:")], wrong
    assert _problems("`f(x, w, b=0.5, *, train=True)` and K(self, n, rng=None)", defs)
