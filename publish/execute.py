"""Run each day's solution notebook once, as the site shows it, and keep the result.

The notebook runs in a fresh kernel with ``COURSE_STATIC=1`` (explorers draw
their static twin and say the live one is in the notebook) and without
``NBGRADER_EXECUTION``: training runs as long as in class, so the figures are
the ones a learner gets.  The result is cached under ``build/executed/``,
keyed on the notebook and the ``course`` package, so the site, the handouts
and the slides share one run.
"""
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from autograder.nbg import source_notebook
from publish import BUILD, ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def key(day):
    """What the executed notebook depends on: its source and every file of the course package."""
    h = hashlib.sha256(source_notebook(day).read_bytes())
    for f in sorted((ROOT / "course").rglob("*")):
        if f.is_file() and f.suffix in (".py", ".txt"):
            h.update(str(f.relative_to(ROOT)).encode() + f.read_bytes())
    return h.hexdigest()[:16]


def problems(nb, day):
    """Errors and live widgets left in an executed notebook (a page can show neither)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append(f"{day} cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and ("Skipped:" in out.text or "not finished yet" in out.text):
                found.append(f"{day} cell {i}: a figure skipped as if an exercise were unfinished")
            elif WIDGET_VIEW in out.get("data", {}):
                found.append(f"{day} cell {i}: a widget in static mode (it shows as text on a page)")
    return found


def _run(day, cache):
    from nbclient import NotebookClient

    from autograder.nbg import env
    nb = nbformat.read(source_notebook(day), as_version=4)
    saved = dict(os.environ)
    os.environ.clear()
    # env() says Agg for headless tests; a page needs the figures, so the kernel's inline backend
    os.environ.update(env(COURSE_STATIC="1", MPLBACKEND="module://matplotlib_inline.backend_inline"))
    os.environ.pop("NBGRADER_EXECUTION", None)
    try:
        work = cache / f"{day}-work"
        work.mkdir(parents=True, exist_ok=True)
        NotebookClient(nb, timeout=300, kernel_name="python3",
                       resources={"metadata": {"path": str(work)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    found = problems(nb, day)
    if found:
        raise RuntimeError("the site cannot show " + "; ".join(found[:5]))
    nb.metadata["publish"] = {"key": key(day)}
    nbformat.write(nb, cache / f"{day}.ipynb")
    return day


def executed(days, cache=None, jobs=2):
    """{day: the executed notebook}, running (in parallel) only the days whose cache is stale."""
    cache = Path(cache or BUILD / "executed")
    cache.mkdir(parents=True, exist_ok=True)

    def fresh(day):
        f = cache / f"{day}.ipynb"
        return f.exists() and json.loads(f.read_text())["metadata"].get("publish", {}).get("key") == key(day)

    stale = [d for d in days if not fresh(d)]
    if stale:
        print(f"executing {', '.join(stale)} (static mode; cached in {cache})", file=sys.stderr)
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(stale)))) as pool:
            list(pool.map(_run, stale, [cache] * len(stale)))
    return {d: nbformat.read(cache / f"{d}.ipynb", as_version=4) for d in days}
