"""Your progress through the course: every exercise of every day, passed, failing or not started.

    python -m autograder.progress [day ...] [--root FOLDER] [--json]     (or: make progress)

Reads your own copies of the notebooks (day0/ ... day5/ of the course
folder, as you last saved them) and checks each one the way the class grader
does (autograder.selfcheck): your answer cells run in a fresh sandboxed
process, in grading mode (long training cells are not run again), on hidden
inputs drawn fresh.  Prints per day and exercise: passed, failing (with the
check's hint) or not started; the points; and the next thing to do.

A notebook whose answer cells are unchanged since its last check is not
checked again: results are kept in .progress/ of the course folder, keyed on
the answer cells and on the day's checks.

On a copy of the course without solutions/ the hidden checks need the
grader: each notebook's visible checks are run instead (also with
--visible), and the report says so.
"""
import argparse
import hashlib
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from autograder import nbparts
from autograder.nbg import ROOT
from autograder.verdict import run_probe

VERSION = 1                      # of the cached reports: a new one re-checks everything
PASSED, FAILING, TODO = "passed", "failing", "not started"
HIDDEN_NOTE = ("hidden checks, run as the grader runs them on inputs drawn fresh each time: "
               "these are the points the grader would give")
VISIBLE_NOTE = ("visible checks only: the hidden checks need the grader (or the solutions/ folder, "
                "which this copy of the course does not have); passing here does not promise the points")


def hidden_available():
    return any((ROOT / "solutions").glob("day*/*.ipynb"))


def notebooks(root, days=None):
    """[(day, path of the learner's copy)]: the released notebook of each day, in day order."""
    out = []
    for folder in sorted(Path(root).glob("day*")):
        if folder.is_dir() and folder.name[3:].isdigit() and (not days or folder.name in days):
            out += [(folder.name, nb) for nb in sorted(folder.glob("*.ipynb"))[:1]]
    return out


def exercise_name(grade_id):
    return grade_id[5:] if grade_id.startswith("test_") else grade_id


def _digest(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def cache_key(nb, day, hidden):
    """What a check's result depends on: the answer cells, and the day's checks."""
    if hidden:
        from autograder.nbg import source_notebook
        checks = hashlib.sha256(source_notebook(day).read_bytes()).hexdigest()
    else:
        checks = _digest([nbparts.source(c) for c in nb["cells"] if nbparts.is_test(c)])
    return _digest(VERSION, day, hidden, list(nbparts.answers(nb).items()), checks)


def _untouched(nb):
    return [{"name": exercise_name(nbparts.meta(c)["grade_id"]), "points": float(nbparts.meta(c).get("points", 0)),
             "score": 0.0, "state": TODO, "checks": "", "hint": None} for c in nb["cells"] if nbparts.is_test(c)]


def _short(text, n=320):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def hidden_exercises(path, day, secret=None, student="self"):
    """One row per exercise from the hidden checks: name, points, score, state, checks, hint (the first
    failure's message, shortened).  The check service of the classroom calls it with the course's secret."""
    from autograder.selfcheck import check
    with open("/dev/null", "w") as quiet:
        _, _, verdicts, _ = check(path, day, secret=secret, out=quiet, student=student)
    rows = []
    for v in verdicts.values():
        state = PASSED if v.score == v.points else (FAILING if v.started else TODO)
        hint = None
        if state == FAILING:
            msgs = [(f"{p.name}: " if v.split else "") + m for p in v.parts.values()
                    if p.score < p.points and p.started for m in p.messages()]
            hint = _short(msgs[0]) if msgs else None
        rows.append({"name": exercise_name(v.grade_id), "points": v.points, "score": v.score,
                     "state": state, "checks": f"{v.passed}/{v.total}", "hint": hint})
    return rows


def _visible_exercises(nb):
    tests = [c for c in nb["cells"] if nbparts.is_test(c)]
    steps = []
    for c in nb["cells"]:
        if nbparts.is_answer(c):
            steps.append(("answer", nbparts.source(c)))
        elif nbparts.is_test(c):
            steps.append(("visible", (nbparts.meta(c)["grade_id"], nbparts.source(c))))
    job = {"setup": nbparts.setup_cell(nb), "steps": steps, "sections": {}, "inputs": {},
           "case_seconds": 60}
    names = [f"visible.{nbparts.meta(c)['grade_id']}" for c in tests]
    results, note = run_probe(job, names)
    rows = []
    for c in tests:
        m = nbparts.meta(c)
        r = results.get(f"visible.{m['grade_id']}") or {"error": note or "the checks stopped before this one"}
        err = r.get("error") if isinstance(r, dict) else "result unreadable"
        state = PASSED if err is None else (TODO if str(err).startswith("not written yet") else FAILING)
        for teaching in ("CheckFailed: ", "AssertionError: "):  # a check's own words: the type adds nothing
            err = err[len(teaching):] if isinstance(err, str) and err.startswith(teaching) else err
        points = float(m.get("points", 0))
        rows.append({"name": exercise_name(m["grade_id"]), "points": points,
                     "score": points if state == PASSED else 0.0, "state": state, "checks": "visible",
                     "hint": _short(err) if state == FAILING else None})
    return rows


def exercises(nb, path, day, hidden, secret=None, student="self"):
    """The rows of one notebook (nb, read from path): hidden or visible checks; an exercise whose answer
    cells are as released is not started, whatever its checks say."""
    started = nbparts.touched(nb)
    if not any(started.values()):  # as released: nothing to run
        return _untouched(nb)
    rows = hidden_exercises(path, day, secret, student) if hidden else _visible_exercises(nb)
    for r in rows:
        if not started.get(f"test_{r['name']}", started.get(r["name"], True)):
            r.update(state=TODO, hint=None, score=0.0)
    return rows


def check_day(day, path, root, hidden, use_cache=True):
    """The report of one notebook, from the cache when its answer cells are unchanged."""
    rel = str(Path(path).relative_to(root)) if Path(path).is_relative_to(root) else str(path)
    saved = datetime.fromtimestamp(Path(path).stat().st_mtime).isoformat(timespec="seconds")
    base = {"day": day, "notebook": rel, "saved": saved}
    try:
        nb = nbparts.read(path)
        key = cache_key(nb, day, hidden)
    except ValueError as e:
        return {**base, "error": f"cannot read {rel}: {e}", "exercises": [], "points": 0, "total": 0}
    cache = Path(root) / ".progress" / f"{day}.json"
    if use_cache and cache.is_file():
        try:
            kept = json.loads(cache.read_text())
            if kept.get("key") == key:
                return {**kept["report"], **base, "cached": True}
        except (ValueError, KeyError, TypeError):
            pass
    start = time.perf_counter()
    rows = exercises(nb, path, day, hidden)
    report = {**base, "exercises": rows, "points": sum(r["score"] for r in rows),
              "total": sum(r["points"] for r in rows), "seconds": round(time.perf_counter() - start, 1),
              "cached": False}
    cache.parent.mkdir(exist_ok=True)
    part = cache.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    part.write_text(json.dumps({"key": key, "report": report}))
    part.replace(cache)   # whole or not at all: two views at once (the home and a day) share the cache
    return report


def next_step(days):
    """The next thing to do: the first day not finished, its first failing exercise, else its first not started."""
    for d in days:
        for state, verb in ((FAILING, "fix"), (TODO, "write")):
            todo = [e for e in d["exercises"] if e["state"] == state]
            if todo:
                e = todo[0]
                tail = f": {e['hint']}" if e.get("hint") else ""
                return f"{verb} {e['name']} in {d['notebook']}{tail}"
    return "every exercise passes: well done. The grader's verdict on your submission is the one that counts."


def progress(root=ROOT, days=None, visible=False, use_cache=True, jobs=2):
    """The whole report: {"mode", "note", "days": [per notebook], "next"}."""
    root = Path(root).resolve()
    hidden = hidden_available() and not visible
    found = notebooks(root, days)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        reports = list(pool.map(lambda dp: check_day(*dp, root, hidden, use_cache), found))
    return {"mode": "hidden" if hidden else "visible", "note": HIDDEN_NOTE if hidden else VISIBLE_NOTE,
            "root": str(root), "days": reports, "next": next_step(reports)}


MARK = {PASSED: "ok  ", FAILING: "FAIL", TODO: "todo"}


def text(report):
    """The report for a terminal: one block per day, untouched days in one line."""
    lines = [f"Your progress ({report['note']})", ""]
    for d in report["days"]:
        states = [e["state"] for e in d["exercises"]]
        count = ", ".join(f"{states.count(s)} {s}" for s in (PASSED, FAILING, TODO) if states.count(s))
        lines.append(f"{d['day']}  {d['notebook']:<28} {d['points']:g}/{d['total']:g} points  {count}"
                     f"  (saved {d['saved'].replace('T', ' ')})")
        if d.get("error"):
            lines.append(f"      {d['error']}")
        if not states or set(states) == {TODO}:
            continue
        for e in d["exercises"]:
            lines.append(f"      {MARK[e['state']]} {e['name']:<26} {e['score']:g}/{e['points']:g}")
            if e.get("hint"):
                lines.append(f"           {e['hint']}")
    lines += ["", f"Next: {report['next']}"]
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("days", nargs="*", help="day0 ... day5 (default: every day)")
    ap.add_argument("--root", default=str(ROOT), help="the course folder with your day folders")
    ap.add_argument("--json", action="store_true", help="the report as JSON (course.progress.show reads it)")
    ap.add_argument("--visible", action="store_true", help="run the visible checks only")
    ap.add_argument("--no-cache", action="store_true", help="check every notebook again")
    a = ap.parse_args(argv)
    report = progress(a.root, a.days or None, a.visible, not a.no_cache)
    print(json.dumps(report) if a.json else text(report))


if __name__ == "__main__":
    sys.exit(main())
