"""The progress view: right on finished, half-finished and untouched notebooks; its cache follows the answer cells."""
import json
import subprocess
import sys

import nbformat
import pytest

from autograder import nbparts, progress
from autograder.nbg import ROOT, env, source_notebook

pytestmark = [pytest.mark.slow]

WRONG_DENSE = "def dense_forward(x, W, b):\n    return x @ W\n"   # forgets the bias


def learner_copy(root, day, solved=(), edits=None):
    """The release of a day as a learner leaves it: the answer cells in ``solved`` written as in the
    solution ("all" for every one), those in ``edits`` replaced by the given source, the rest untouched."""
    released = next((ROOT / day).glob("*.ipynb"))
    nb = nbformat.read(released, as_version=4)
    solution = nbparts.answers(nbparts.read(source_notebook(day)))
    for c in nb.cells:
        gid = nbparts.meta(c).get("grade_id")
        if nbparts.is_answer(c) and (solved == "all" or gid in solved):
            c.source = solution[gid]
        if gid in (edits or {}):
            c.source = edits[gid]
    path = root / day / released.name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


DAY1_HALF = ("parameter_count", "activations", "softmax", "local_derivatives")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Day 0 finished, Day 1 half done with one wrong answer, Day 2 untouched."""
    root = tmp_path_factory.mktemp("learner")
    learner_copy(root, "day0", "all")
    learner_copy(root, "day1", DAY1_HALF, {"dense": WRONG_DENSE})
    learner_copy(root, "day2")
    return root


def by_name(day_report):
    return {e["name"]: e for e in day_report["exercises"]}


def test_progress_is_right_on_finished_half_finished_and_untouched_notebooks(course, needs_sandbox):
    report = progress.progress(course)
    assert report["mode"] == "hidden" and [d["day"] for d in report["days"]] == ["day0", "day1", "day2"]
    day0, day1, day2 = report["days"]
    assert (day0["points"], day0["total"]) == (16, 16)
    assert {e["state"] for e in day0["exercises"]} == {progress.PASSED}
    ex = by_name(day1)
    assert [n for n, e in ex.items() if e["state"] == progress.PASSED] == list(DAY1_HALF)
    assert day1["points"] == sum(ex[n]["points"] for n in DAY1_HALF) == 13 and day1["total"] == 28
    assert ex["dense"]["state"] == progress.FAILING and ex["dense"]["score"] == 0
    assert "Hint" in ex["dense"]["hint"] or "off" in ex["dense"]["hint"], ex["dense"]
    assert {ex[n]["state"] for n in ("mlp_forward", "loss_metric", "perceptron", "xor")} == {progress.TODO}
    assert all(e["hint"] is None for e in ex.values() if e["state"] != progress.FAILING)
    assert (day2["points"], day2["total"]) == (0, 44)
    assert {e["state"] for e in day2["exercises"]} == {progress.TODO}
    assert report["next"].startswith("fix dense in day1/forward.ipynb: ")
    shown = progress.text(report)
    assert "13/28 points  4 passed, 1 failing, 4 not started" in shown, shown
    assert "day2/backprop.ipynb" in shown and "mlp_forward" in shown


def test_an_unchanged_notebook_is_not_checked_again_and_a_changed_answer_cell_is(tmp_path, needs_sandbox):
    course = tmp_path
    learner_copy(course, "day0", "all")
    learner_copy(course, "day1", DAY1_HALF, {"dense": WRONG_DENSE})
    learner_copy(course, "day2")
    progress.progress(course)
    again = progress.progress(course)
    assert all(d["cached"] for d in again["days"]), [(d["day"], d["cached"]) for d in again["days"]]
    # the learner fixes the dense layer: only Day 1 is checked again, and the fix shows
    path = course / "day1" / "forward.ipynb"
    learner_copy(course, "day1", (*DAY1_HALF, "dense"))
    after = progress.progress(course)
    cached = {d["day"]: d["cached"] for d in after["days"]}
    assert cached == {"day0": True, "day1": False, "day2": True}
    assert by_name(after["days"][1])["dense"]["state"] == progress.PASSED
    assert after["days"][1]["points"] == 15
    assert after["next"] == "write mlp_forward in day1/forward.ipynb"
    # a cell other than an answer (a note of the learner's) does not invalidate the cache
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("my notes"))
    nbformat.write(nb, path)
    assert progress.progress(course)["days"][1]["cached"]


def test_without_solutions_the_visible_checks_are_run_and_the_report_says_so(course, needs_sandbox):
    report = progress.progress(course, visible=True, use_cache=False)
    assert report["mode"] == "visible" and "hidden checks need the grader" in report["note"]
    day0, day1, day2 = report["days"]
    assert {e["state"] for e in day0["exercises"]} == {progress.PASSED}
    ex = by_name(day1)
    assert [n for n, e in ex.items() if e["state"] == progress.PASSED] == list(DAY1_HALF)
    assert ex["dense"]["state"] == progress.FAILING and ex["dense"]["hint"].startswith("dense_forward(X, W, b) is off")
    assert ex["mlp_forward"]["state"] == progress.TODO and day2["points"] == 0


def test_make_progress_and_the_json_the_notebook_call_reads(course, needs_sandbox):
    p = subprocess.run([sys.executable, "-m", "autograder.progress", "--root", str(course), "--json", "day0"],
                       cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    assert [d["day"] for d in report["days"]] == ["day0"] and report["days"][0]["points"] == 16
    assert report["next"].startswith("every exercise passes")
    p = subprocess.run(["make", "-s", "progress", f"ROOT_DIR={course}"], cwd=ROOT, env=env(),
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Your progress" in p.stdout and "Next: fix dense in day1/forward.ipynb" in p.stdout, p.stdout


def test_a_copy_of_the_course_without_solutions_says_the_hidden_checks_need_the_grader(
        tmp_path, monkeypatch, needs_sandbox):
    monkeypatch.setattr(progress, "ROOT", tmp_path)          # where the course's solutions/ would be
    assert not progress.hidden_available()
    learner_copy(tmp_path, "day1", DAY1_HALF, {"dense": WRONG_DENSE})
    shown = progress.text(progress.progress(tmp_path))
    assert "visible checks only: the hidden checks need the grader" in shown, shown
    assert "13/28 points  4 passed, 1 failing, 4 not started" in shown, shown
    assert "dense_forward(X, W, b) is off" in shown, shown
