"""The probe: runs a participant's answer cells on the grader's inputs.

    python -m course.probe WORKDIR

WORKDIR/job.pkl (written by the grader) holds the trusted setup cell, the
participant's answer cells and the test cells in notebook order, each test
cell's hidden section and the inputs of every case.  The probe writes each
case's result, or the error it raised, to WORKDIR/out/<grade_id>.<i>.json/.npz,
one file per case so that a crash or a timeout loses only the cases after it.  A step
("visible", (grade_id, source)) runs a test cell's visible checks instead and
writes out/visible.<grade_id> (the progress view without solutions/).  It
reaches no verdict: everything here may have been tampered with by the
participant's code, so the grader treats what it writes as plain data.
"""
import os
import pickle
import signal
import sys
import traceback

from course import hidden as H
from course import wire

CASE_SECONDS = 20


class CaseTimeout(BaseException):
    pass


def _alarm(signum, frame):
    raise CaseTimeout()


def collect(setup, section):
    """Exec a hidden section in a fresh namespace; return its cases in order and its parts (or None)."""
    hns = {"__name__": "__hidden__"}
    exec(compile(setup, "<setup>", "exec"), hns)
    cases, split = [], {}

    def hidden(*cs, parts=None):
        cases.extend(cs)
        split.update(parts or {})
    hns["hidden"] = hidden
    exec(compile(section, "<hidden tests>", "exec"), hns)
    return cases, (split or None)


def _error_text(e):
    tb = traceback.extract_tb(e.__traceback__)
    where = next((f" (line {f.lineno} of {f.filename})" for f in reversed(tb)
                  if f.filename.startswith("<answer")), "")
    return f"{type(e).__name__}: {str(e)[:300]}{where}"


def _failure(e):
    if isinstance(e, CaseTimeout):
        return "did not finish in time (an endless loop, or far too slow?)"
    if isinstance(e, NotImplementedError):
        return "not written yet (it raises NotImplementedError)"
    return _error_text(e)


def _run_cases(gid, gid_cases, job, ns, out, seconds):
    for i, c in enumerate(gid_cases):
        args, kwargs = job["inputs"][gid][i]
        signal.alarm(seconds)
        try:
            result = {"value": H.run_case(c, ns, args, kwargs)}
        except H.BackwardFailed as e:  # the forward's output still scores its part
            result = {"forward": e.out, "error": _failure(e.__cause__)}
        except BaseException as e:
            result = {"error": _failure(e)}
        finally:
            signal.alarm(0)
        try:
            wire.save(os.path.join(out, f"{gid}.{i}"), result)
        except Exception as e:
            wire.save(os.path.join(out, f"{gid}.{i}"), {"error": f"result not saveable: {e}"})


def _run_visible(gid, source, ns, out, seconds):
    signal.alarm(seconds)
    try:
        exec(compile(source, f"<check {gid}>", "exec"), ns)
        result = {"value": "passed"}
    except BaseException as e:
        result = {"error": _failure(e)}
    finally:
        signal.alarm(0)
    wire.save(os.path.join(out, f"visible.{gid}"), result)


def main(workdir):
    with open(os.path.join(workdir, "job.pkl"), "rb") as f:
        job = pickle.load(f)
    out = os.path.join(workdir, "out")
    os.makedirs(out, exist_ok=True)
    # the cases are read before any participant code runs, so it cannot redefine them
    cases = {gid: collect(job["setup"], section)[0] for gid, section in job["sections"].items()}
    ns = {"__name__": "__main__"}
    exec(compile(job["setup"], "<setup>", "exec"), ns)
    signal.signal(signal.SIGALRM, _alarm)
    seconds = job.get("case_seconds", CASE_SECONDS)
    # in notebook order, as nbgrader runs them: a test's cases see the answers above it,
    # and a submission stopped by its time budget keeps what it had finished
    k = 0
    for kind, item in job["steps"]:
        if kind == "test":
            _run_cases(item, cases[item], job, ns, out, seconds)
            continue
        if kind == "visible":  # a test cell's visible checks, as the notebook runs them (the progress view)
            _run_visible(*item, ns, out, seconds)
            continue
        signal.alarm(seconds)
        try:
            exec(compile(item, f"<answer cell {k + 1}>", "exec"), ns)
        except CaseTimeout:
            wire.save(os.path.join(out, f"answer.{k}"), {"error": "it did not finish in time"})
        except BaseException as e:  # a broken cell must not hide the others
            wire.save(os.path.join(out, f"answer.{k}"), {"error": _error_text(e)})
        finally:
            signal.alarm(0)
        k += 1


if __name__ == "__main__":
    sys.setrecursionlimit(10000)
    main(sys.argv[1])
