"""Grading a class of 30 against executing 15 solution notebooks one after another.

    python -m benchmarks.class_grading [day] [--n 30]

The grader should use both cores: 30 submissions (copies of the solution)
should take less than 1.5 times as long as 15 plain executions, with the
learner's figures drawn as PNGs for the feedback (measured without them
too, in the same run).  Appends the measurement to benchmarks/results.md.
"""
import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from autograder.grade import grade
from autograder.nbg import source_notebook
from benchmarks.run import OUT, run_notebook


def grade_class(day, n, figures):
    """Seconds to grade n copies of the solution; figures=False: the kernel draws no PNG (Agg)."""
    os.environ["BACKPROP_FEEDBACK_FIGURES"] = "1" if figures else "0"
    try:
        with tempfile.TemporaryDirectory() as wd, tempfile.TemporaryDirectory() as flat:
            for i in range(n):
                shutil.copyfile(source_notebook(day), Path(flat) / f"p{i:02d}.ipynb")
            start = time.perf_counter()
            rows = grade(day, flat=flat, quiet=True, workdir=wd, allow_unsandboxed=True)
            seconds = time.perf_counter() - start
            sample = (Path(wd) / "feedback" / rows[0]["participant"] / day / f"{source_notebook(day).stem}.html")
            pngs = sample.read_text().count("data:image/png;base64,")
    finally:
        os.environ.pop("BACKPROP_FEEDBACK_FIGURES", None)
    assert all(sum(v.score for v in r["verdicts"].values()) > 0 for r in rows)
    return seconds, pngs


def main(day, n):
    start = time.perf_counter()
    for _ in range(n // 2):
        run_notebook(source_notebook(day), grading=False)
    plain = time.perf_counter() - start
    # the two ways side by side in one run: the feedback with the learner's figures, and without
    graded, pngs = grade_class(day, n, figures=True)
    bare, _ = grade_class(day, n, figures=False)
    line = (f"\n{day}: grading {n} submissions took {graded:.0f} s with the learner's figures in the feedback "
            f"({pngs} PNGs each) and {bare:.0f} s without; executing {n // 2} solution notebooks one after "
            f"another took {plain:.0f} s; ratio {graded / plain:.2f} (target < 1.5), {bare / plain:.2f} without "
            f"figures\n")
    print(line)
    with open(OUT, "a") as f:
        f.write(line)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("day", nargs="?", default="day1")
    ap.add_argument("--n", type=int, default=30)
    a = ap.parse_args()
    main(a.day, a.n)
