"""Every solution notebook runs top to bottom, releases are fresh, nothing carries outputs."""
import json
import os
import subprocess
import time

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import nbparts
from autograder.nbg import DAYS, ROOT, env, source_notebook
from autograder.release import release


def committed_notebooks():
    out = subprocess.run(["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True).stdout
    return [ROOT / f for f in out.split()]


def execute(day, folder):
    """Run the solution notebook in a fresh kernel; (seconds, what it printed on stdout)."""
    nb = nbformat.read(source_notebook(day), as_version=4)
    os.environ.update(env())
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors, f"{day}: {errors[0]['ename']}: {errors[0]['evalue']}"
    # one string: how the kernel splits a cell's output into messages is not ours to fix
    printed = "".join(o["text"] for c in nb.cells if c.cell_type == "code" for o in c.outputs
                      if o.output_type == "stream" and o.name == "stdout")
    return seconds, printed


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS)
def test_solution_runs_top_to_bottom_in_a_fresh_kernel_and_again_the_same(day, tmp_path):
    # run times are measured in benchmarks/, not asserted here: under load, nbclient now and
    # then waits out a cell's whole timeout after a widget cell (jupyter/nbclient#312)
    _, printed = execute(day, tmp_path)
    _, again = execute(day, tmp_path)
    assert printed == again, f"{day} printed other numbers on a second run: something is not seeded"


@pytest.mark.slow
def test_day_folders_equal_a_fresh_release(tmp_path):
    release(DAYS, tmp_path)
    for day in DAYS:
        fresh = sorted(p.relative_to(tmp_path) for p in (tmp_path / day).rglob("*") if p.is_file())
        committed = sorted(p.relative_to(ROOT) for p in (ROOT / day).rglob("*") if p.is_file())
        assert fresh == committed, f"{day}/ holds other files than a fresh release: run `make release`"
        for rel in fresh:
            assert json.loads((tmp_path / rel).read_text()) == json.loads((ROOT / rel).read_text()), (
                f"{rel} differs from a fresh release of solutions/{day}: run `make release`")


def test_committed_notebooks_carry_no_outputs():
    for path in committed_notebooks():
        nb = json.loads(path.read_text())
        dirty = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
                 and (c.get("outputs") or c.get("execution_count"))]
        assert not dirty, f"{path.relative_to(ROOT)}: cells {dirty} carry outputs; clear them"


@pytest.mark.parametrize("day", DAYS)
def test_every_exercise_is_graded_the_same_way(day):
    nb = nbparts.read(source_notebook(day))
    nbparts.setup_cell(nb)
    tests = nbparts.tests(nb)
    assert tests, f"{day} has no graded test cell"
    for gid, (points, hidden) in tests.items():
        assert points > 0, f"{day}/{gid} gives no points"
        assert hidden and "hidden(" in hidden, f"{day}/{gid} has no hidden(...) section"
    total = sum(p for p, _ in tests.values())
    intro = nbparts.source(nb["cells"][0])
    assert f"{total:g} points" in intro, f"{day}: the first cell must state the total, {total:g} points"
    kinds = [("answer" if nbparts.is_answer(c) else "test") for c in nb["cells"]
             if nbparts.is_answer(c) or nbparts.is_test(c)]
    assert kinds[0] == "answer" and kinds[-1] == "test"


FORMULA = ("=", "@", "**", "^", "np.", " * ", "/ N", "reshape(", "exp(")


def hidden_hints(day):
    """Every hint= text of the day's hidden tests (what `make check` and the feedback may print)."""
    import ast
    nb = nbparts.read(source_notebook(day))
    for gid, (_, section) in nbparts.tests(nb).items():
        for node in ast.walk(ast.parse(section)):
            for kw in getattr(node, "keywords", []):
                if kw.arg == "hint":
                    yield gid, " ".join(c.value for c in ast.walk(kw.value) if isinstance(c, ast.Constant))


@pytest.mark.parametrize("day", DAYS)
def test_hidden_hints_point_the_way_without_giving_the_formula(day):
    hints = list(hidden_hints(day))
    assert len(hints) >= 10
    given = [(gid, h) for gid, h in hints if any(f in h for f in FORMULA)]
    assert not given, f"{day}: hints that read like the answer's formula: {given}"
