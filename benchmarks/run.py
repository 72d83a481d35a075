"""Per day: wall time of the solution notebook (normal and grading mode) and of autograding it.

    python -m benchmarks.run [day ...]        (or: make bench)

Prints a table and writes benchmarks/results.md.  Numbers are wall-clock
seconds on this machine; run on an idle machine, compare ratios rather than
absolute times across machines.
"""
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from autograder.grade import grade
from autograder.nbg import DAYS, env, source_notebook

OUT = Path(__file__).with_name("results.md")
# the figures each day reaches (names of the notebook's own variables)
FIGURES = {"day1": ["acc_moons", "acc_circ"], "day2": ["acc"], "day3": ["test_acc", "train_seconds"],
           "day4": ["cnn_val", "cnn_seconds"], "day5": ["lm_ppl", "adder_seconds"]}


def run_notebook(path, grading, figures=()):
    """(seconds in all, seconds of the slowest cell, {figure: value})."""
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json\nprint(json.dumps({k: float(globals()[k]) for k in %r if k in globals()}))" % list(figures)))
    saved = dict(os.environ)
    os.environ.update(env())
    if grading:
        os.environ["NBGRADER_EXECUTION"] = "autograde"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            NotebookClient(nb, timeout=300, kernel_name="python3",
                           resources={"metadata": {"path": tmp}}).execute()
            total = time.perf_counter() - start
    finally:
        os.environ.clear()
        os.environ.update(saved)
    reached = json.loads(nb.cells[-1].outputs[0]["text"])
    nb.cells.pop()
    slowest = max((c.metadata.get("execution", {}) for c in nb.cells if c.cell_type == "code"),
                  key=lambda e: _span(e), default={})
    return total, _span(slowest), reached


def _span(e):
    from datetime import datetime
    try:
        a = datetime.fromisoformat(e["iopub.execute_input"].replace("Z", "+00:00"))
        b = datetime.fromisoformat(e["shell.execute_reply"].replace("Z", "+00:00"))
        return (b - a).total_seconds()
    except (KeyError, ValueError):
        return 0.0


def autograde_once(day):
    with tempfile.TemporaryDirectory() as wd, tempfile.TemporaryDirectory() as flat:
        shutil.copyfile(source_notebook(day), Path(flat) / "bench.ipynb")
        start = time.perf_counter()
        rows = grade(day, flat=flat, quiet=True, workdir=wd, allow_unsandboxed=True)
        seconds = time.perf_counter() - start
    score = sum(v.score for v in rows[0]["verdicts"].values())
    return seconds, score


def main(days):
    lines = [f"# Benchmarks ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()})",
             "", "| day | solution run (s) | slowest cell (s) | grading-mode run (s) | autograde one (s) "
             "| score | figures reached |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for day in days:
        run, slow, reached = run_notebook(source_notebook(day), False, FIGURES.get(day, ()))
        grun, _, _ = run_notebook(source_notebook(day), True)
        ag, score = autograde_once(day)
        figs = ", ".join(f"{k} = {v:.3f}" for k, v in reached.items())
        lines.append(f"| {day} | {run:.1f} | {slow:.1f} | {grun:.1f} | {ag:.1f} | {score:g} | {figs} |")
        print(lines[-1], flush=True)
    # the rows of the days run are replaced, those of other days kept; what follows the table
    # (class grading runs, dated notes) is kept
    old = OUT.read_text().split("\n\n", 2) if OUT.exists() else []
    rest = old[2] if len(old) == 3 else ""
    kept = [r for r in (old[1].splitlines()[2:] if len(old) > 1 else [])
            if r.startswith("| day") and r.split("|")[1].strip() not in days]
    lines[4:] = sorted(kept + lines[4:])
    OUT.write_text("\n".join(lines) + "\n" + ("\n" + rest if rest else ""))
    print(f"written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:] or DAYS)
