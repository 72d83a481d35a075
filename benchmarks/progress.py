"""The progress view's time: per day, checking a finished notebook, and the same view again (cached).

    python -m benchmarks.progress [day ...]

A learner's copy of each day with every exercise written (the solution's
answer cells in the released notebook) is checked cold, one notebook at a
time, as `make progress` does when one notebook changed; then the whole
view is shown again with nothing changed (every notebook from the cache).
The course asks for under 20 s per notebook on 2 cores.  Appends the
measurement to benchmarks/results.md.
"""
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from autograder import nbparts, progress
from autograder.nbg import DAYS, ROOT, source_notebook
from benchmarks.run import OUT


def finished_copy(root, day):
    released = next((ROOT / day).glob("*.ipynb"))
    nb = nbformat.read(released, as_version=4)
    solution = nbparts.answers(nbparts.read(source_notebook(day)))
    for c in nb.cells:
        if nbparts.is_answer(c):
            c.source = solution[nbparts.meta(c)["grade_id"]]
    (root / day).mkdir(parents=True)
    nbformat.write(nb, root / day / released.name)


def main(days):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        cold = {}
        for day in days:
            finished_copy(root, day)
            start = time.perf_counter()
            (report,) = progress.progress(root, [day])["days"]
            cold[day] = time.perf_counter() - start
            assert report["points"] == report["total"], f"{day}: the solution scores {report['points']}"
            print(f"{day}: {cold[day]:.1f} s", flush=True)
        start = time.perf_counter()
        again = progress.progress(root, days)
        cached = time.perf_counter() - start
        assert all(d["cached"] for d in again["days"])
    line = ("\nprogress view (make progress), each day's finished notebook checked cold: "
            + ", ".join(f"{d} {s:.1f} s" for d, s in cold.items())
            + f" (target < 20 s each); the view of all {len(days)} again, unchanged (cached): {cached:.2f} s\n")
    print(line)
    with open(OUT, "a") as f:
        f.write(line)


if __name__ == "__main__":
    main(sys.argv[1:] or DAYS)
