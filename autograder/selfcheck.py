"""Self-check: score your own notebook the way the class grader does.

    python -m autograder.selfcheck day1/forward.ipynb      (or: make check NB=...)

Runs the hidden checks of that day on your answer cells in a separate
process, with inputs drawn fresh each time, and prints your score and what
failed, with hints.  It needs the solutions/ folder of this repository (the
reference), which self-paced learners have; it never shows its inputs or
expected values.
"""
import argparse
import os
import sys
from pathlib import Path

from autograder.nbg import ROOT, source_notebook
from autograder.verdict import Reference, judge


def day_of(path):
    for part in reversed(Path(path).resolve().parts):
        if part.startswith("day") and (ROOT / "solutions" / part).is_dir():
            return part
    raise SystemExit(f"cannot tell the day of {path}: keep it inside a dayN/ folder or pass --day")


def check(path, day=None, secret=None, out=sys.stdout):
    day = day or day_of(path)
    ref = Reference(source_notebook(day))
    verdicts, notes = judge(ref, path, secret or os.urandom(16).hex(), "self", day)
    total = sum(v.points for v in verdicts.values())
    score = sum(v.score for v in verdicts.values())
    print(f"{Path(path).name} ({day}): {score:g} / {total:g} points", file=out)
    for n in notes:
        print(f"  note: {n}", file=out)
    for v in verdicts.values():
        mark = "ok  " if v.score == v.points else "FAIL"
        print(f"  {mark} {v.grade_id:<28} {v.passed}/{v.total} checks  {v.score:g}/{v.points:g}", file=out)
        for m in v.messages[:5]:
            print(f"         {m}", file=out)
    return score, total, verdicts


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("notebook")
    ap.add_argument("--day")
    a = ap.parse_args(argv)
    score, total, _ = check(a.notebook, a.day)
    sys.exit(0 if score == total else 1)


if __name__ == "__main__":
    main()
