"""Reach the verdict on one submission, in a process that never runs its code.

1. From the *source* notebook (trusted): the setup cell, the reference answer
   cells and each test cell's hidden section.
2. Draw every case's inputs with a seed derived from a secret that the
   participant never sees (so answers cannot be prepared for them) and run
   the reference on them, here.
3. Hand the participant's answer cells and the inputs (never the expected
   values) to the probe, ``python -m course.probe``, in a sandbox.
4. Read the probe's results back as plain data and compare.

The participant can do anything inside the probe -- patch numpy, replace the
helpers, rewrite cells -- but all that reaches this process are arrays, and
producing the right arrays for unseen inputs is solving the exercise.
"""
import hashlib
import inspect
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from autograder import nbparts, sandbox
from autograder.scores import NOT_STARTED, CellVerdict  # noqa: F401  (CellVerdict: the verdict's type)
from course import diagnose, wire
from course.gradcheck import rel_error
from course.hidden import check_parts, materialize, run_case
from course.probe import collect

PROBE_SECONDS = 180


def case_seed(secret, *parts):
    digest = hashlib.sha256("\x1f".join([secret, *map(str, parts)]).encode()).digest()
    return int.from_bytes(digest[:8], "little")


class Reference:
    """The source notebook, executed once: reference names and hidden cases."""

    def __init__(self, source_path):
        nb = nbparts.read(source_path)
        self.setup = nbparts.setup_cell(nb)
        self.answer_ids = list(nbparts.answers(nb))
        self.steps = nbparts.steps(nb)
        self.tests = nbparts.tests(nb)
        missing = [g for g, (_, sec) in self.tests.items() if sec is None]
        if missing:
            raise ValueError(f"test cells without a hidden section in {source_path}: {missing}")
        self.ns = {"__name__": "__reference__"}
        exec(compile(self.setup, "<setup>", "exec"), self.ns)
        for src in nbparts.answers(nb).values():
            exec(compile(src, "<reference>", "exec"), self.ns)
        self.cases, self.parts = {}, {}
        for g, (points, sec) in self.tests.items():
            self.cases[g], self.parts[g] = collect(self.setup, sec)
            check_parts(self.cases[g], self.parts[g], points)

    def verdicts(self):
        """A fresh, empty verdict per test cell."""
        return {g: CellVerdict.new(g, pts, self.parts[g]) for g, (pts, _) in self.tests.items()}

    def inputs(self, secret, student, assignment):
        """The inputs of every case for one participant: {grade_id: [(args, kwargs), ...]}."""
        inputs = {}
        for gid, cases in self.cases.items():
            inputs[gid] = []
            for i, c in enumerate(cases):
                rng = np.random.default_rng(case_seed(secret, assignment, student, gid, i))
                inputs[gid].append(materialize(c, rng))
        return inputs

    def expected(self, inputs):
        """The reference's results on those inputs, as they will look after the wire."""
        return {gid: [_plain(run_case(c, self.ns, *inputs[gid][i])) for i, c in enumerate(cases)]
                for gid, cases in self.cases.items()}

    def draw(self, secret, student, assignment):
        """Inputs and expected results of every case for one participant."""
        inputs = self.inputs(secret, student, assignment)
        return inputs, self.expected(inputs)


def _plain(value):
    """The reference result as the probe's results will look after the wire."""
    arrays = []
    tree = wire.encode(value, arrays)
    return wire.decode(tree, {f"a{i}": a for i, a in enumerate(arrays)})


def _output_names(c, ref_ns):
    if c.kind != "layer":
        return None
    params = list(inspect.signature(ref_ns[c.target + "_forward"]).parameters)
    return ["forward output"] + [f"d{p}" for p in params[: len(c.args)]]


def compare(got, expected, tol, where="output"):
    """None if got matches expected, else a sentence saying what differs.

    Fails closed: a number passes only when its error is a finite number
    within tolerance; any other type, shape or value than expected fails.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, tuple):
            return f"{where} should be a tuple of {len(expected)} values, got {_kind(got)}"
        if len(got) != len(expected):
            return f"{where} should have {len(expected)} values, got {len(got)}"
        for i, (g, e) in enumerate(zip(got, expected)):
            msg = compare(g, e, tol, f"{where} {i + 1}")
            if msg:
                return msg
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"{where} should be a dict with keys {sorted(expected)}, got {_kind(got)}"
        if set(got) != set(expected):
            return f"{where} should have keys {sorted(expected)}, got {sorted(got)[:20]}"
        for k in expected:
            msg = compare(got[k], expected[k], tol, f"{where}[{k!r}]")
            if msg:
                return msg
        return None
    if isinstance(expected, (float, np.ndarray)):
        if not isinstance(got, (float, np.ndarray)):
            return f"{where} should be a number or an array, got {_kind(got)}"
        return _numbers(got, expected, tol, where)
    if expected is None:
        return None if got is None else f"{where} should be None, got {_kind(got)}"
    if isinstance(expected, str):
        return None if isinstance(got, str) and got == expected else f"{where} is not the expected text"
    return f"{where} cannot be compared ({_kind(expected)})"


def _numbers(got, expected, tol, where):
    g, e = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape and not (g.size == 1 and e.size == 1):
        return f"{where} has shape {g.shape}, expected shape {e.shape}"
    g = g.reshape(e.shape)
    finite = np.isfinite(e)
    same_specials = np.array_equal(np.isfinite(g), finite) and \
        np.array_equal(g[~finite], e[~finite], equal_nan=True)
    if not same_specials:
        return f"{where} contains NaN or inf" if finite.all() else \
            f"{where} has NaN or inf in other places than expected"
    err = rel_error(g[finite], e[finite])
    if not err <= tol:
        note = " (it is float32: work in float64)" if getattr(got, "dtype", None) == np.float32 else ""
        found = diagnose.pattern(g[finite], e[finite])
        return f"{where} is off: relative error {err:.1e} (allowed {tol:.0e}){note}" + \
            (f"; {found}" if found else "")
    return None


def _kind(v):
    return type(v).__name__ if not isinstance(v, wire.Unreadable) else f"an object ({v.what})"


def run_probe(job, names, budget=PROBE_SECONDS):
    """Run the probe in a sandbox; return {name: result} for the expected names and a note on how it ended.

    Only the files named by the grader are read (``names``), each through
    ``wire.load``: no links, sizes checked before reading.
    """
    uid = sandbox.user()
    work = sandbox.scratch(uid=uid)
    cgroup = sandbox.Cgroup()
    try:
        with open(work / "job.pkl", "wb") as f:
            pickle.dump(job, f)
        sandbox.give(work / "job.pkl", uid)
        env = sandbox.environment(work, PYTHONHASHSEED="0", NBGRADER_EXECUTION="autograde")
        cmd = cgroup.prefix(sandbox.wrap([sys.executable, "-m", "course.probe", work], work, uid))
        note = None
        # stderr goes to a file the grader owns, read from its end: a flood costs nothing
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=err)
            code, why = sandbox.wait(p, budget, [work])
            if why:
                note = f"the checks were stopped: {why}; what had not finished by then scores zero"
            elif code != 0:
                note = f"your code stopped the checker (exit code {code}) {_last_line(err)[:200]}".strip()
        results = {}
        for name in names:
            stem = work / "out" / name
            if not os.path.lexists(str(stem) + ".json"):
                continue
            try:
                results[name] = wire.load(stem)
            except Exception as e:
                results[name] = {"error": f"result unreadable ({type(e).__name__}: {str(e)[:100]})"}
        return results, note
    finally:
        cgroup.close()
        shutil.rmtree(work, ignore_errors=True)


def _last_line(f):
    f.seek(max(0, f.seek(0, os.SEEK_END) - 2000))
    lines = f.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


REJECTED, FAILED = "submission rejected", "grading failed"


def graded(notes):
    """False when judge could not grade the submission at all (its notes say why)."""
    return not any(n.startswith((REJECTED, FAILED)) for n in notes)


def judge(reference, submission_path, secret, student, assignment, case_seconds=20, budget=PROBE_SECONDS):
    """Verdict per test cell: {grade_id: CellVerdict}, plus a list of general notes.

    Never raises: whatever goes wrong with one submission becomes a note,
    and what could not be checked scores zero.
    """
    try:
        nb = nbparts.read(submission_path)
        submitted = nbparts.answers(nb)
    except ValueError as e:
        return ungraded(reference, "the notebook could not be read"), [f"{REJECTED}: {e}"]
    try:
        return _judge(reference, submitted, secret, student, assignment, case_seconds, budget)
    except Exception as e:  # a fault of ours must not stop the class: say so, score what we can't check zero
        return ungraded(reference, "not graded: the grader failed"), [
            f"{FAILED} ({type(e).__name__}: {str(e)[:200]}): ask the instructor to re-grade"]


def ungraded(reference, message):
    """Zero for every test cell, each with the same message."""
    verdicts = reference.verdicts()
    for gid, v in verdicts.items():
        for c in reference.cases[gid]:
            for part, _ in c.parts(reference.parts[gid]):
                v.parts[part or gid].total += 1
        for part in v.parts.values():
            part.total = max(1, part.total)
            part.failures.append((message, None, False))
    return verdicts


def _judge(reference, submitted, secret, student, assignment, case_seconds, budget):
    verdicts = reference.verdicts()
    notes = []
    missing = [g for g in reference.answer_ids if g not in submitted]
    if missing:
        notes.append(f"answer cells missing from the submission: {', '.join(missing)}")
    inputs = reference.inputs(secret, student, assignment)
    steps = [(kind, submitted[g] if kind == "answer" else g) for kind, g in reference.steps
             if kind == "test" or g in submitted]
    job = {"setup": reference.setup, "steps": steps,
           "sections": {g: sec for g, (_, sec) in reference.tests.items()},
           "inputs": inputs, "case_seconds": case_seconds}
    n_answers = sum(kind == "answer" for kind, _ in steps)
    names = [f"answer.{k}" for k in range(n_answers)] + \
        [f"{g}.{i}" for g, cases in reference.cases.items() for i in range(len(cases))]
    # the reference's results are computed here while the probe runs the participant's code (in
    # a process of its own): on two cores a check of Day 4 or 5 takes the longer of the two, not both
    with ThreadPoolExecutor(max_workers=1) as pool:
        probe = pool.submit(run_probe, job, names, budget)
        expected = reference.expected(inputs)
        results, note = probe.result()
    if note:
        notes.append(note)
    for k in range(n_answers):
        err = results.get(f"answer.{k}")
        if isinstance(err, dict):
            notes.append(f"answer cell {k + 1} raised {str(err.get('error'))[:300]}")
    for gid, cases in reference.cases.items():
        v = verdicts[gid]
        for i, c in enumerate(cases):
            for part, which in c.parts(reference.parts[gid]):
                p = v.parts[part or gid]
                p.total += 1
                msg = _case_message(c, results.get(f"{gid}.{i}"), expected[gid][i],
                                    inputs[gid][i], reference.ns, which)
                if msg is None:
                    p.passed += 1
                else:
                    end = "" if msg.endswith((".", "?", "!")) else "."
                    p.failures.append((f"check {i + 1} ({c.describe()}): {msg}{end}", c.hint,
                                       msg.startswith(NOT_STARTED)))
    return verdicts, notes


def _case_message(c, result, expected, inputs, ref_ns, which="all"):
    """None if the case passed (in the outputs ``which`` selects), else what went wrong."""
    if not isinstance(result, dict) or not ({"value", "error"} & set(result)):
        return "no result (the checker stopped before this check)"
    if which == "forward" and "forward" in result:
        result = {"value": (result["forward"],)}
    if "error" in result:
        err = str(result["error"])[:400]
        return err if err.startswith((NOT_STARTED, "did not", "result unreadable")) else f"raised {err}"
    got = result["value"]
    if c.judge is not None:
        try:
            return c.judge(got, expected, inputs, ref_ns)
        except Exception as e:
            return f"the result could not be judged ({type(e).__name__}: {e})"
    names = _output_names(c, ref_ns)
    if which != "all":
        if not isinstance(got, tuple) or not got:
            return f"the output should be a tuple (out, gradients...), got {_kind(got)}"
        keep = slice(0, 1) if which == "forward" else slice(1, None)
        got, expected, names = got[keep], expected[keep], names[keep]
    msg = compare(got, expected, c.tol)
    if msg and names:
        for i, n in enumerate(names):
            msg = msg.replace(f"output {i + 1} ", f"{n} ").replace(f"output {i + 1}", n)
    return msg
