"""Grading a class of 30 against executing 15 solution notebooks one after another.

    python -m benchmarks.class_grading [day] [--n 30]

The grader should use both cores: 30 submissions (copies of the solution)
should take less than 1.5 times as long as 15 plain executions.  Appends the
measurement to benchmarks/results.md.
"""
import argparse
import shutil
import tempfile
import time
from pathlib import Path

from autograder.grade import grade
from autograder.nbg import source_notebook
from benchmarks.run import OUT, run_notebook


def main(day, n):
    start = time.perf_counter()
    for _ in range(n // 2):
        run_notebook(source_notebook(day), grading=False)
    plain = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as wd, tempfile.TemporaryDirectory() as flat:
        for i in range(n):
            shutil.copyfile(source_notebook(day), Path(flat) / f"p{i:02d}.ipynb")
        start = time.perf_counter()
        rows = grade(day, flat=flat, quiet=True, workdir=wd, allow_unsandboxed=True)
        graded = time.perf_counter() - start
    assert all(sum(v.score for v in r["verdicts"].values()) > 0 for r in rows)
    line = (f"\n{day}: grading {n} submissions took {graded:.0f} s; executing {n // 2} solution "
            f"notebooks one after another took {plain:.0f} s; ratio {graded / plain:.2f} (target < 1.5)\n")
    print(line)
    with open(OUT, "a") as f:
        f.write(line)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("day", nargs="?", default="day1")
    ap.add_argument("--n", type=int, default=30)
    a = ap.parse_args()
    main(a.day, a.n)
