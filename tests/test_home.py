"""The course home is fresh and right, and a new learner's path through it works: home, readiness check,
part of Day 1, their progress."""
import os
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.nbg import DAYS, ROOT, env
from publish import home
from tests.test_progress import DAY1_HALF, learner_copy


def test_home_is_what_publish_home_writes():
    committed = nbformat.read(home.HOME, as_version=4)
    assert nbformat.writes(committed) == nbformat.writes(home.notebook()), \
        "home.ipynb is stale (a day's title, benchmarks/results.md or publish/home.py changed): run `make release`"


def test_home_lists_every_day_with_a_link_a_time_plan_and_a_measured_run_time():
    text = "\n".join(c.source for c in nbformat.read(home.HOME, as_version=4).cells)
    links = re.findall(r"\]\(([^)]+)\)", text)
    assert all((ROOT / link).exists() for link in links), links
    times = home.run_times()
    for day in DAYS:
        nb = home.notebook_of(day)
        assert f"[{nb}]({nb})" in text, f"the home has no link to {nb}"
        row = next(line for line in text.splitlines() if f"[{nb}]" in line)
        assert home.DAY_GOALS[day][1] in row
        assert f"{home._s(times[day][0])} (slowest cell {home._s(times[day][1])})" in row, \
            f"{day}: no run time measured in benchmarks/results.md (python -m benchmarks.run {day})"
    assert "course.progress.show()" in text
    assert re.search(r"^OPEN \?= home\.ipynb$", (ROOT / "Makefile").read_text(), re.M), "make lab opens the home"


def run_all(path, learner_root):
    """Run All on a notebook as JupyterLab would, in a fresh kernel in its folder; the notebook is saved."""
    nb = nbformat.read(path, as_version=4)
    saved = dict(os.environ)
    os.environ.update(env(BACKPROP_COURSE_ROOT=str(learner_root)))
    try:
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    nbformat.write(nb, path)
    return nb


def outputs(nb, mime):
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code" for o in c.outputs
            if mime in o.get("data", {})]


def test_a_new_learner_opens_the_home_takes_the_readiness_check_works_on_day1_and_sees_their_progress(
        tmp_path, needs_sandbox):
    # their copy of the course (the grader's reference, solutions/, stays where the course is installed)
    shutil.copyfile(home.HOME, tmp_path / "home.ipynb")
    for day in DAYS:
        shutil.copytree(ROOT / day, tmp_path / day)
    # 1. the home: nothing done yet, the readiness check comes first
    nb = run_all(tmp_path / "home.ipynb", tmp_path)
    (shown,) = outputs(nb, "text/html")
    assert "Your progress" in shown and "0 / 16" in shown and "0 / 28" in shown
    assert "<b>Next:</b> write line in day0/readiness.ipynb" in shown
    assert len(outputs(nb, "image/png")) == 1, "the home draws the progress chart"
    # 2. the readiness check, written and run top to bottom: every visible check passes
    learner_copy(tmp_path, "day0", "all")
    day0 = run_all(tmp_path / "day0" / "readiness.ipynb", tmp_path)
    assert not [o for c in day0.cells for o in c.get("outputs", []) if o.output_type == "error"]
    # 3. part of Day 1: four exercises written, run all (the rest say "not started" and Run All goes on)
    learner_copy(tmp_path, "day1", DAY1_HALF)
    run_all(tmp_path / "day1" / "forward.ipynb", tmp_path)
    before = (tmp_path / "day1" / "forward.ipynb").read_bytes()
    # 4. back on the home: their progress, right
    nb = run_all(tmp_path / "home.ipynb", tmp_path)
    (shown,) = outputs(nb, "text/html")
    assert "<b>16 / 16</b>" in shown and "<b>13 / 28</b>" in shown and "<b>0 / 44</b>" in shown, shown
    assert "7 passed" in shown and "4 passed, 5 not started" in shown
    assert "<b>Next:</b> write dense in day1/forward.ipynb" in shown
    # the view reads the learner's notebooks and writes nothing into them
    assert (tmp_path / "day1" / "forward.ipynb").read_bytes() == before
