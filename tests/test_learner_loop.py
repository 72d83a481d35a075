"""The learner's loop in a real kernel: write, run, read the verdict, fix.

Run All on a release notebook reaches its last cell; an unfinished exercise
says so in one line; a wrong answer or a crash inside the learner's function
shows one short block (no traceback through ``course``); an explorer follows a
function that was rewritten after it was built.  Each release notebook is
executed once and shared by the tests that read it.
"""
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import nbparts
from autograder.nbg import DAYS, ROOT, env, source_notebook

pytestmark = [pytest.mark.slow]

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def release_notebook(day):
    return next((ROOT / day).glob("*.ipynb"))


def execute(nb, folder):
    os.environ.update(env())
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return nb


def errors(cell):
    return [ANSI.sub("", "\n".join(o.traceback)) for o in cell.get("outputs", []) if o.output_type == "error"]


def printed(cell):
    return "".join(o.text for o in cell.get("outputs", []) if o.output_type == "stream")


@pytest.fixture(scope="module", params=DAYS)
def ran(request, tmp_path_factory):
    """(day, the release notebook after Run All): executed once per day for every test below."""
    day = request.param
    nb = nbformat.read(release_notebook(day), as_version=4)
    return day, execute(nb, tmp_path_factory.mktemp(day))


def test_run_all_on_a_release_notebook_reaches_the_last_cell(ran):
    day, nb = ran
    code = [c for c in nb.cells if c.cell_type == "code"]
    unrun = [i for i, c in enumerate(code) if not c.get("execution_count")]
    assert not unrun, f"{day}: Run All stopped; code cells {unrun} of {len(code)} never ran"


def test_an_unfinished_exercise_says_not_started_in_one_line(ran):
    day, nb = ran
    for c in nb.cells:
        for text in errors(c):
            gid = nbparts.meta(c).get("grade_id")
            assert nbparts.is_test(c), f"{day}: cell {gid or c.source[:60]!r} is not a check, yet it failed:\n{text}"
            assert text.count("\n") == 0 and text.startswith("○ not started: "), f"{day}/{gid}:\n{text}"
            assert "Traceback" not in text and "course/" not in text


def test_every_test_cell_of_a_release_lets_run_all_go_on(ran):
    day, nb = ran
    untagged = [nbparts.meta(c)["grade_id"] for c in nb.cells
                if nbparts.is_test(c) and "raises-exception" not in c.metadata.get("tags", [])]
    assert not untagged, f"{day}: test cells without the raises-exception tag: {untagged} (run `make release`)"


def test_figure_cells_skip_with_a_line_naming_what_to_write(ran):
    day, nb = ran
    skipped = [printed(c) for c in nb.cells if c.cell_type == "code" and "Skipped:" in printed(c)]
    assert len(skipped) >= 3, f"{day}: cells that use unfinished exercises should say 'Skipped: ...'"
    for text in skipped:
        line = next(l for l in text.splitlines() if l.startswith("Skipped:"))
        assert "not written yet" in line or "not trained yet" in line, line


# ------------------------------------------------------------------ a learner at work on Day 1

def cells_of(day, upto_grade_id=None):
    """The release notebook's code cells, up to (not including) the answer cell upto_grade_id."""
    nb = nbformat.read(release_notebook(day), as_version=4)
    out = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        if upto_grade_id and nbparts.meta(c).get("grade_id") == upto_grade_id:
            break
        out.append(c.source)
    return out


def solution(day, grade_id):
    """The reference answer cell (the solution's source, markers removed)."""
    nb = nbformat.read(source_notebook(day), as_version=4)
    src = next(c.source for c in nb.cells if nbparts.meta(c).get("grade_id") == grade_id)
    return "\n".join(l for l in src.splitlines() if "### BEGIN SOLUTION" not in l and "### END SOLUTION" not in l)


def check_cell(day, grade_id):
    nb = nbformat.read(release_notebook(day), as_version=4)
    return next(c.source for c in nb.cells if nbparts.meta(c).get("grade_id") == grade_id)


def session(sources, folder):
    """Run the cells one after another, as a learner does (each may fail); return the cells."""
    cells = [nbformat.v4.new_code_cell(s, metadata={"tags": ["raises-exception"]}) for s in sources]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return execute(nb, folder).cells


def one_block(cell):
    (text,) = errors(cell)
    assert "Traceback" not in text and "course/" not in text and len(text.splitlines()) <= 5, text
    return text


def test_wrong_answers_and_crashes_show_one_explained_block(tmp_path):
    day = "day1"
    head = cells_of(day, "activations")[:2]
    acts = solution(day, "activations")
    swapped = acts.replace("np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
                           "np.where(z >= 0, e / (1.0 + e), 1.0 / (1.0 + e))")
    assert swapped != acts
    grads = solution(day, "local_derivatives")
    inverted = grads.replace("(np.asarray(z) > 0).astype(np.float64)", "(np.asarray(z) < 0).astype(np.float64)")
    tanh_wrong = grads.replace("1.0 - np.tanh(z) ** 2", "1.0 - np.tanh(z)")
    assert inverted != grads and tanh_wrong != grads
    dense_t = "def dense_forward(X, W, b):\n    return X @ W.T + b\n"
    cells = session(head + [
        swapped, check_cell(day, "test_activations"),                # 2, 3
        acts, inverted, check_cell(day, "test_local_derivatives"),  # 4-6
        tanh_wrong, check_cell(day, "test_local_derivatives"),       # 7, 8
        dense_t, check_cell(day, "test_dense"),                      # 9, 10
    ], tmp_path)
    sig = one_block(cells[3])
    assert sig.startswith("✗ sigmoid(z) is off: relative error") and "likely cause:" in sig, sig
    relu = one_block(cells[6])
    assert relu.startswith("✗ relu_grad is wrong") and "mask or a comparison inverted" in relu, relu
    tanh = one_block(cells[8])
    assert tanh.startswith("✗ tanh_grad is wrong") and "Differentiate the function entry by entry" in tanh, tanh
    assert "chain rule, a transpose" not in tanh, "an elementwise derivative gets an elementwise hint"
    crash = one_block(cells[10])
    assert crash.startswith("✗ dense_forward crashed: ValueError: matmul"), crash
    assert "at: return X @ W.T + b" in crash and "arrays there: X (3, 2), W (2, 3), b (3,)" in crash, crash
    assert "the last axis of A must have the size of the first axis of B" in crash


def test_the_gradient_table_keeps_whole_names_in_line(tmp_path):
    day = "day1"
    cells = session(cells_of(day, "activations")[:2] + [solution(day, "activations"),
                                                       solution(day, "local_derivatives"),
                                                       check_cell(day, "test_local_derivatives")], tmp_path)
    assert not errors(cells[-1])
    rows = [l for l in printed(cells[-1]).splitlines() if l.endswith("   ok")]
    assert any(r.startswith("leaky_relu_grad(., 0.2) ") for r in rows), rows
    table = [r for r in rows if "(4, 5)" in r]
    assert len({r.index("(4, 5)") for r in table}) == 1, f"misaligned rows: {table}"


def _shown_texts_patch():
    return ("import matplotlib.pyplot as plt\nshown = []\n_show = plt.show\n"
            "def _spy(*a, **k):\n"
            "    shown.append(' '.join(t.get_text() for f in map(plt.figure, plt.get_fignums())"
            " for ax in f.axes for t in ax.texts))\n"
            "    _show(*a, **k)\n"
            "plt.show = _spy\n")


@pytest.mark.parametrize("day, answers, build, poke", [
    ("day1", ["activations", "local_derivatives"],
     "activations = {'tanh': (tanh, tanh_grad), 'relu': (relu, relu_grad)}\n"
     "ui = day1.activation_explorer(activations)",
     "ui.children[0].children[0].value = 'relu'"),
    ("day2", ["value"], "ui = day2.graph_explorer(Value)", "ui.children[0].children[0].value = 1.0"),
])
def test_an_explorer_follows_a_function_rewritten_after_it_was_built(day, answers, build, poke, tmp_path):
    first = next(gid for kind, gid in nbparts.steps(nbparts.read(release_notebook(day))) if kind == "answer")
    head = cells_of(day, first)   # the cells before the first exercise (and its check)
    stubs = [c for c in cells_of(day) if c.lstrip().startswith(("def ", "class ")) and "NotImplementedError" in c]
    assert stubs
    cells = session(head + stubs + [_shown_texts_patch(), build, "before = list(shown)",
                                    *[solution(day, a) for a in answers],   # the learner writes them now
                                    poke, "print(repr(before[-1]))\nprint(repr(shown[-1]))"], tmp_path)
    assert not any(errors(c) for c in cells), [errors(c) for c in cells if errors(c)]
    before, after = printed(cells[-1]).splitlines()
    assert "not finished" in before, "the stubs should have shown the 'not finished yet' figure"
    assert "not finished" not in after, f"after the rewrite the explorer still drew the stub's message: {after}"
