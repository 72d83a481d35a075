"""Self-check: score your own notebook the way the class grader does.

    python -m autograder.selfcheck day1/forward.ipynb      (or: make check NB=...)

Runs the hidden checks of that day on your answer cells in a separate
process, with inputs drawn fresh each time, and prints your score and what
failed, with hints for the exercises you have started (an exercise not
started yet is named, nothing more).  It never shows its inputs or expected
values.  It needs the solutions/ folder of this repository (the reference),
which self-paced learners have.

Exit status: 0 when the notebook could be graded, whatever the score (the
score is the result, not an error); 2 when it could not be.
"""
import argparse
import os
import sys
from pathlib import Path

from autograder import nbparts
from autograder.nbg import ROOT, source_notebook
from autograder.verdict import Reference, graded, judge


def day_of(path):
    """The day of a notebook: from a dayN/ folder on its path, else from its file name (a copy elsewhere)."""
    for part in reversed(Path(path).resolve().parts):
        if part.startswith("day") and (ROOT / "solutions" / part).is_dir():
            return part
    named = [p.parent.name for p in (ROOT / "solutions").glob(f"day*/{Path(path).name}")]
    if len(named) == 1:
        return named[0]
    raise SystemExit(f"cannot tell the day of {path}: keep it inside a dayN/ folder or pass --day")


def check(path, day=None, secret=None, out=sys.stdout, student="self"):
    """Print the score and hints; (score, total, verdicts, graded).  Without a secret, fresh inputs each time;
    with the course's secret and a participant's id, the very inputs the class grader draws for them."""
    day = day or day_of(path)
    ref = Reference(source_notebook(day))
    verdicts, notes = judge(ref, path, secret or os.urandom(16).hex(), student, day)
    try:  # an exercise whose answer cells are as released is not started, whatever its checks say
        written = nbparts.touched(nbparts.read(path))
    except ValueError:
        written = {}
    total = sum(v.points for v in verdicts.values())
    score = sum(v.score for v in verdicts.values())
    print(f"{Path(path).name} ({day}): {score:g} / {total:g} points", file=out)
    for n in notes:
        print(f"  note: {n}", file=out)
    for v in verdicts.values():
        started = v.started and written.get(v.grade_id, True)
        _line("  ", v, v.grade_id, out, started)
        if not started:
            continue
        for p in v.parts.values():
            indent = "         "
            if v.split:
                _line(indent, p, p.name, out)
                if not p.started:
                    continue
                indent += "     "
            for m in p.messages()[:3]:
                print(f"{indent}{m}", file=out)
    return score, total, verdicts, graded(notes)


def _line(indent, v, name, out, started=None):
    started = v.started if started is None else started
    checks = f"{v.passed}/{v.total} checks" if started else "not started yet"
    print(f"{indent}{_mark(v, started)} {name:<28} {checks:<16} {v.score:g}/{v.points:g}", file=out)


def _mark(v, started):
    if v.score == v.points:
        return "ok  "
    return "FAIL" if started else "todo"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook")
    ap.add_argument("--day")
    a = ap.parse_args(argv)
    if not Path(a.notebook).is_file():
        raise SystemExit(f"no notebook at {a.notebook}: pass NB=dayN/<notebook>.ipynb")
    *_, could = check(a.notebook, a.day)
    sys.exit(0 if could else 2)


if __name__ == "__main__":
    main()
