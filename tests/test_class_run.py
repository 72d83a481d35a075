"""A class run holds together: budgets stop a slow submission, one participant's failure stays theirs."""
import json
import subprocess
import time

import pytest

from autograder import grade as G
from autograder import nbgrading, nbparts
from autograder.nbg import source_notebook
from tests.corpus_kit import Kit

DAY = "day1"


def slow_notebook(kit, seconds):
    """The solution with a sleep at the top of every answer cell but the first."""
    nb = kit.nb()
    answers = [c for c in nb["cells"] if nbparts.is_answer(c)]
    for c in answers[1:]:
        c["source"] = f"import time\ntime.sleep({seconds})\n" + nbparts.source(c)
    return nb


@pytest.mark.slow
def test_a_slow_submission_is_cut_at_its_budget_and_a_failure_stays_one_participants(tmp_path, monkeypatch,
                                                                                     needs_sandbox):
    kit = Kit()
    flat = tmp_path / "in"
    flat.mkdir()
    (flat / "solution.ipynb").write_text(json.dumps(kit.solution))
    (flat / "unlucky.ipynb").write_text(json.dumps(kit.solution))
    # under a cell timeout of 20 s every cell is fine; all of them take 8 x 16 s in each run, and the
    # budget of 15 s (the solution needs about 5 s, twice that on a loaded machine) stops it in the second
    (flat / "slow.ipynb").write_text(json.dumps(slow_notebook(kit, 16)))
    record = G.record

    def flaky_record(area, day, who, verdicts):
        if who == "unlucky":
            raise OSError("disk full")
        return record(area, day, who, verdicts)

    monkeypatch.setattr(G, "record", flaky_record)
    start = time.monotonic()
    rows = {r["participant"]: r for r in G.grade(DAY, flat=flat, quiet=True, workdir=tmp_path / "wd",
                                                 cell_timeout=20, budget=15)}
    elapsed = time.monotonic() - start

    tests = nbparts.tests(kit.solution)
    full = sum(p for p, _ in tests.values())
    score = {w: sum(v.score for v in r["verdicts"].values()) for w, r in rows.items()}
    assert score["solution"] == full and rows["solution"]["notes"] == []
    # nbgrader's kernel ran in grading mode: explorers drew once and opened no widgets
    executed = (tmp_path / "wd" / "autograded" / "solution" / DAY / kit.name).read_text()
    assert "application/vnd.jupyter.widget-view+json" not in executed
    # what finished within the budget counts: the first exercise, which has no sleep
    first = kit.test_of(next(iter(kit.where)))
    assert {g: v.score for g, v in rows["slow"]["verdicts"].items()} == \
        {g: (p if g == first else 0.0) for g, (p, _) in tests.items()}
    notes = " | ".join(rows["slow"]["notes"])
    assert "nbgrader's run of the notebook was stopped" in notes and "the checks were stopped" in notes
    assert "time budget of 15 s" in notes
    # without the budget the slow one alone would take 2 x 128 s of sleep, plus nbgrader's own time
    assert elapsed < 160, f"the class took {elapsed:.0f} s"
    # the unlucky participant's gradebook write failed: a note, and everyone else is graded
    assert score["unlucky"] == full
    assert any("could not write the gradebook: OSError: disk full" in n for n in rows["unlucky"]["notes"])
    summary = (tmp_path / "wd" / "reports" / DAY / "summary.html").read_text()
    assert "disk full" in summary and (tmp_path / "wd" / "feedback" / "unlucky" / DAY / "grader_report.html").exists()


def _area(tmp_path, batch):
    area = G.Area(tmp_path / "wd")
    area.run = tmp_path / "run"
    for who in batch:
        (area.run / "staged" / who / DAY).mkdir(parents=True)
    return area


@pytest.mark.parametrize("returncode,stderr,expected", [
    (-9, "", ["ann", "bob", "cy"]),           # nbgrader killed: nobody counts as done
    (1, "[AutogradeApp | ERROR] There was an error processing assignment: /x/view/bob/day1", ["bob"]),
    (0, "", []),
])
def test_a_batch_nbgrader_did_not_finish_is_graded_again(tmp_path, monkeypatch, returncode, stderr, expected):
    batch = ["ann", "bob", "cy"]
    area = _area(tmp_path, batch)
    name = source_notebook(DAY).name

    def fake_autograde(area_, day, view, students=()):
        for who in batch:  # nbgrader wrote every notebook before it stopped
            (area.autograded / who / day).mkdir(parents=True, exist_ok=True)
            (area.autograded / who / day / name).write_text("{}")
        return subprocess.CompletedProcess([], returncode, "", stderr)

    monkeypatch.setattr(nbgrading, "_autograde", fake_autograde)
    assert nbgrading.autograde_batch(area, DAY, batch) == expected


def test_a_batch_that_timed_out_is_graded_again_whole(tmp_path, monkeypatch):
    area = _area(tmp_path, ["ann", "bob"])
    monkeypatch.setattr(nbgrading, "_autograde", lambda *a, **k: None)
    assert nbgrading.autograde_batch(area, DAY, ["ann", "bob"]) == ["ann", "bob"]
