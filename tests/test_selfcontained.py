"""Every check runs without the figure cells: a learner who skipped one gets no NameError.

Only the cells nbgrader knows (the setup cell, the answer cells and the test
cells) are run, in one fresh namespace, in notebook order, on the solution
notebook: a name a test cell uses must come from the setup cell or from an
answer (or test) cell above it, never from a figure or explorer cell.
A second, stricter run gives each test cell the setup cell and the answer
cells above it alone: a learner who runs one exercise's check, and skipped
the checks before it, gets no NameError either.
"""
import contextlib
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from autograder import nbparts  # noqa: E402
from autograder.nbg import DAYS, source_notebook  # noqa: E402


def code(cell_or_source):
    """A cell's source without IPython's `%` magics (there should be none in graded cells)."""
    src = cell_or_source if isinstance(cell_or_source, str) else nbparts.source(cell_or_source)
    return "\n".join(l for l in src.splitlines() if not l.lstrip().startswith("%"))


def graded_cells(day):
    """(setup source, [(kind, grade_id, source)] of the answer and test cells in notebook order)."""
    nb = nbparts.read(source_notebook(day))
    cells = []
    for c in nb["cells"]:
        if nbparts.is_answer(c):
            cells.append(("answer", nbparts.meta(c)["grade_id"], code(c)))
        elif nbparts.is_test(c):
            cells.append(("test", nbparts.meta(c)["grade_id"], code(c)))
    return code(nbparts.setup_cell(nb)), cells


def run(ns, src, where):
    """Exec src in ns, quietly; the exception it raised (or None)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(src, f"<{where}>", "exec"), ns)
    except Exception as e:  # noqa: BLE001 -- reported below, with the cell's grade_id
        return e
    finally:
        plt.close("all")
    return None


def fresh(setup):
    ns = {"__name__": "__main__"}
    err = run(ns, setup, "setup")
    assert err is None, f"the setup cell raised {type(err).__name__}: {err}"
    return ns


def describe(failures):
    return "\n".join(f"  {gid}: {type(e).__name__}: {str(e)[:200]}" for gid, e in failures)


def failures_in_order(setup, cells):
    """[(grade_id, exception)] of the cells that raise when the graded cells run in order, alone."""
    ns = fresh(setup)
    failures = []
    for kind, gid, src in cells:
        err = run(ns, src, gid)
        if err is not None:
            failures.append((gid, err))
    return failures


def failures_alone(setup, cells):
    """[(grade_id, exception)] of the test cells that raise after the setup and the answers above them."""
    failures = []
    for i, (kind, gid, src) in enumerate(cells):
        if kind != "test":
            continue
        ns = fresh(setup)
        for _, aid, answer in (c for c in cells[:i] if c[0] == "answer"):
            err = run(ns, answer, aid)
            assert err is None, f"the answer cell {aid} raised {type(err).__name__}: {err}"
        err = run(ns, src, gid)
        if err is not None:
            failures.append((gid, err))
    return failures


@pytest.mark.parametrize("day", DAYS)
def test_the_graded_cells_alone_run_in_order(day):
    setup, cells = graded_cells(day)
    assert any(kind == "test" for kind, _, _ in cells), f"{day} has no test cell"
    failures = failures_in_order(setup, cells)
    missing = [(g, e) for g, e in failures if isinstance(e, NameError)]
    assert not missing, (f"{day}: cells that use names from a cell nbgrader does not run "
                         f"(a figure or explorer cell):\n{describe(missing)}")
    assert not failures, f"{day}: graded cells of the solution failed without the other cells:\n{describe(failures)}"


@pytest.mark.parametrize("day", DAYS)
def test_each_check_runs_after_the_setup_and_the_answers_above_it(day):
    setup, cells = graded_cells(day)
    failures = failures_alone(setup, cells)
    missing = [(g, e) for g, e in failures if isinstance(e, NameError)]
    assert not missing, (f"{day}: checks that use names from another cell than the setup and answer "
                         f"cells (a figure cell or an earlier check):\n{describe(missing)}")
    assert not failures, f"{day}: checks of the solution failed with only the setup and answer cells:\n" \
        f"{describe(failures)}"


def test_the_runs_see_a_name_from_a_figure_cell_and_from_an_earlier_check():
    setup = "import numpy as np\nSEED = 1"
    cells = [("answer", "f", "def f(x):\n    return 2 * x"),
             ("test", "test_f", "data = np.arange(3)\nassert (f(data) == [0, 2, 4]).all()"),
             ("test", "test_again", "assert f(data)[1] == 2"),        # data from the check above
             ("test", "test_figure", "assert f(X_fig).shape == (2,)"),  # X_fig from a figure cell
             ("test", "test_magic", "%matplotlib inline\nassert f(SEED) == 2")]
    assert [(g, type(e)) for g, e in failures_in_order(setup, [(k, g, code(s)) for k, g, s in cells])] == \
        [("test_figure", NameError)]
    assert [(g, type(e)) for g, e in failures_alone(setup, [(k, g, code(s)) for k, g, s in cells])] == \
        [("test_again", NameError), ("test_figure", NameError)]
