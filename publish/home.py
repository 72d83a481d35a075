"""The course home, home.ipynb: the readiness check and the five days, their goals and times, your progress.

    python -m publish.home        (make release runs it; tests/test_home.py fails when home.ipynb is stale)

The run times come from the table of benchmarks/results.md (python -m
benchmarks.run measures them), so the home says what was measured, not a
guess; the times to work through are the notebooks' own time plans.
"""
import re

import nbformat

from autograder.nbg import DAYS
from publish import ROOT

HOME = ROOT / "home.ipynb"
RESULTS = ROOT / "benchmarks" / "results.md"

# day: (what you can do at the end, time to work through: the work in the notebook's time plan)
DAY_GOALS = {
    "day0": ("check that you have what the course assumes: Python classes, numpy indexing, broadcasting and "
             "shapes, a loop vectorised, the chain rule by hand, mean and variance, a train/test split",
             "20–25 minutes"),
    "day1": ("compute what a network does before it learns: activations and their derivatives, softmax, a "
             "dense layer, the forward pass of any depth, loss and accuracy, the perceptron, XOR by hand",
             "about 5½ hours"),
    "day2": ("make it learn: the chain rule on a graph, numerical gradients, layers and losses as "
             "forward/backward pairs, backpropagation for any depth, SGD, momentum, RMSProp and Adam",
             "about 6½ hours"),
    "day3": ("build and train deep networks: layers as objects, He/Xavier initialisation, the training loop, "
             "and overtraining fought with L2, dropout, early stopping and batch normalisation",
             "about 6½ hours"),
    "day4": ("write convolutional networks: the convolution and pooling forward and backward, im2col and the "
             "fast convolution, a CNN on the digits, its filters and feature maps",
             "about 6½ hours"),
    "day5": ("write recurrent networks: the RNN, LSTM and GRU cells forward and backward through time, "
             "vanishing gradients measured, the adding problem, a character-level language model",
             "about 6½ hours"),
}


def run_times(results=RESULTS):
    """{day: (seconds of Run All, seconds of its slowest cell)} from the table of benchmarks/results.md."""
    out = {}
    for line in results.read_text().splitlines() if results.exists() else []:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and re.fullmatch(r"day\d+", cells[0]):
            out[cells[0]] = (float(cells[1]), float(cells[2]))
    return out


def notebook_of(day):
    return next((ROOT / day).glob("*.ipynb")).relative_to(ROOT).as_posix()


def title_of(day):
    nb = nbformat.read(ROOT / notebook_of(day), as_version=4)
    first = nb.cells[0].source.splitlines()[0]
    return first.lstrip("# ").strip()


def _s(seconds):
    return "under 1 s" if seconds < 1 else f"{seconds:.0f} s"


def table(times):
    rows = ["| | notebook | at the end you can … | time to work through | run time (Run All) |",
            "| --- | --- | --- | --- | --- |"]
    for day in DAYS:
        goal, work = DAY_GOALS[day]
        run = f"{_s(times[day][0])} (slowest cell {_s(times[day][1])})" if day in times else "not measured yet"
        rows.append(f"| **{title_of(day)}** | [{notebook_of(day)}]({notebook_of(day)}) | {goal} | {work} | {run} |")
    return "\n".join(rows)


INTRO = """# The backpropagation workbook

Neural networks built from scratch in numpy, in five days: the forward pass, backpropagation, gradient
descent, multilayer networks, convolutional and recurrent networks. Every exercise is checked at once in
its notebook, against numerical gradients where there is a gradient, and again by the grader on inputs you
never see.

**How to work through it.** Start with the readiness check (Day 0): twenty minutes that tell you whether
the course's prerequisites are in place, and where to refresh them if not. Then take the days in order;
each builds on the one before. In a notebook, read, run the cells from the top, and fill in each
`YOUR CODE HERE`: the cell after it checks your answer and says what is wrong, in one short block.
The explorers (sliders, buttons) use your own functions. Your work stays in your copy of each notebook:
save it (Ctrl+S) as you go."""

TIMES = """## The notebooks

Click a notebook's name to open it. *Time to work through* is the work in the notebook's own time plan
(a classroom day has breaks on top). *Run time* is how long *Run All* takes on a two-core laptop once every
exercise is written, and how long its slowest cell takes (measured by `benchmarks/`).

{table}"""

PROGRESS = """## Your progress

Run the cell below to see, for every day and exercise, whether it passes, fails (with the check's hint) or
is not started, your points, and what to do next. It checks your **saved** notebooks the way the grader
does, in a separate process, with the hidden checks on inputs drawn fresh each time (a notebook's long
training cells are not run again), so it can take a few seconds per notebook; a notebook you have not
changed since its last check is not checked again. In a day's notebook, `course.progress.show("day1")`
shows that day alone; in a terminal, `make progress` prints the same report."""

WHERE = """## Where things are

- [docs/exercises.md](docs/exercises.md): the exercise contract — every graded function's name, signature,
  shapes and conventions.
- `make check NB=day1/forward.ipynb`: one notebook's score as the grader would give it, check by check.
- The README: setting up the course on a new machine, and everything instructors need."""


def notebook():
    cells = [nbformat.v4.new_markdown_cell(INTRO),
             nbformat.v4.new_markdown_cell(TIMES.format(table=table(run_times()))),
             nbformat.v4.new_markdown_cell(PROGRESS),
             nbformat.v4.new_code_cell("import course.progress\n\ncourse.progress.show()"),
             nbformat.v4.new_markdown_cell(WHERE)]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    for i, c in enumerate(nb.cells):
        c.id = f"home-{i}"   # fixed ids: a regenerated home is byte for byte the committed one
    return nb


def main():
    nbformat.write(notebook(), HOME)
    print(f"wrote {HOME.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
