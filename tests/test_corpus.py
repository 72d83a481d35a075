"""The corpus of bad submissions, graded as one class through the real nbgrader autograde."""
import csv
import hashlib
import re

import pytest

from autograder import nbparts
from autograder.grade import grade
from autograder.nbg import ROOT
from tests.corpus import ALL, CORPUS, DAY, Kit


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def expected_scores(kit, expected, tests):
    full = {g: p for g, (p, _) in tests.items()}
    if expected == ALL:
        return {g: 0.0 for g in tests}
    if expected == "only_first":
        first = next(iter(kit.where))
        return {g: (p if g == kit.test_of(first) else 0.0) for g, p in full.items()}
    zero = {kit.test_of(fn) for fn in expected}
    return {g: (0.0 if g in zero else p) for g, p in full.items()}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_the_corpus_gets_exactly_the_expected_scores(tmp_path):
    assert len(CORPUS) >= 25
    kit = Kit()
    tests = nbparts.tests(kit.solution)
    wd = tmp_path / "wd"
    for name, (build, _) in CORPUS.items():
        folder = wd / "submitted" / slug(name) / DAY
        folder.mkdir(parents=True)
        for fname, data in build(kit).items():
            (folder / fname).write_bytes(data)
    (wd / "submitted" / "bad id!" / DAY).mkdir(parents=True)
    config_before = digest(ROOT / "nbgrader_config.py")

    rows = {r["participant"]: r for r in grade(DAY, quiet=True, workdir=wd, cell_timeout=10)}

    assert digest(ROOT / "nbgrader_config.py") == config_before
    wrong = []
    for name, (_, expected) in CORPUS.items():
        row = rows[slug(name)]
        got = {g: v.score for g, v in row["verdicts"].items()}
        want = expected_scores(kit, expected, tests)
        if got != want:
            wrong.append(f"{name}: got {got}, expected {want}; notes {row['notes']}")
    assert not wrong, "\n".join(wrong)

    # the good notebook went through nbgrader cleanly: its kernel ran, its feedback is there
    assert rows["solution"]["notes"] == []
    assert (wd / "feedback" / "solution" / DAY / kit.name.replace(".ipynb", ".html")).exists()

    # every participant has a report beside nbgrader's feedback, and a line in the grades
    for name in CORPUS:
        assert (wd / "feedback" / slug(name) / DAY / "grader_report.html").exists(), name
    with open(wd / "grades.csv") as f:
        graded = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert graded["solution"] == sum(p for p, _ in tests.values())
    summary = (wd / "reports" / DAY / "summary.html").read_text()
    assert "bad id!" in summary and (wd / "reports" / DAY / "scores.png").stat().st_size > 1000
    assert max(p.stat().st_size for p in (wd / "feedback").rglob("*.html")) < 3_000_000

    # the rejected notebooks are said to be so, in words
    assert any("not a readable notebook" in n for n in rows["invalid-json"]["notes"])
    assert any("renamed" in n for n in rows["another-participant-s-file-name"]["notes"])

    # a second run gives the same grades
    again = {r["participant"]: r for r in grade(DAY, quiet=True, workdir=wd, cell_timeout=10,
                                                only=["solution", "invalid-json", "syntax-error"])}
    for who, r in again.items():
        assert {g: v.score for g, v in r["verdicts"].items()} == \
               {g: v.score for g, v in rows[who]["verdicts"].items()}
