"""Grade a class: one command from submissions to grades, feedback and a summary.

    python -m autograder.grade day1                       # autograder/submitted/<who>/day1/
    python -m autograder.grade day1 --from path/to/folder # a flat folder of <who>.ipynb

For each participant: the submission is copied into a staging folder
(autograder/submissions.py: a regular notebook file only, size-checked, never
through a link); nbgrader autogrades that copy in a sandboxed kernel
(autograder/nbgrading.py: bookkeeping, restored test cells, the executed
notebook for the feedback); the verdict of every test cell is reached
outside that kernel (autograder/verdict.py) and written into the gradebook;
the executed notebook's test-cell outputs are replaced by that verdict, and
nbgrader writes the feedback.  Then: autograder/grades.csv,
autograder/reports/<day>/ (autograder/reports.py) and
autograder/feedback/<who>/<day>/.

Participants are graded in batches of up to 16, two batches at a time
(--jobs), so nbgrader's start-up is paid once per batch; when nbgrader fails
on a batch, each participant it did not finish is graded again alone.  Whatever goes
wrong with one participant becomes a note in their report and the summary:
the run always finishes and writes every file, and a second run gives the
same grades.
"""
import argparse
import hashlib
import math
import os
import secrets
import shutil
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm.auto import tqdm

from autograder import nbparts, sandbox
from autograder.kernel import note_path
from autograder.nbg import ROOT, nbgrader, source_notebook
from autograder.nbgrading import autograde_alone, autograde_batch, ensure_assignment, feedback, record, \
    rewrite_outputs
from autograder.reports import write_reports
from autograder.submissions import import_flat, participants, stage
from autograder.verdict import Reference, judge, ungraded

AG = ROOT / "autograder"
BUDGET_SECONDS = 180          # participant code per submission and run (kernel, probe); --budget


class Area:
    """Where one class's grading lives (default autograder/; the tests use their own)."""

    def __init__(self, wd=AG, cell_timeout=60, budget=BUDGET_SECONDS, db_url=None):
        self.wd = Path(wd).resolve()
        self.cell_timeout, self.budget = cell_timeout, budget
        self.submitted, self.autograded = self.wd / "submitted", self.wd / "autograded"
        self.feedback, self.reports = self.wd / "feedback", self.wd / "reports"
        # any SQLAlchemy URL: a PostgreSQL gradebook is shared by the shards of one class (--shard)
        self.db_url = db_url or "sqlite:///" + str(self.wd / "gradebook.db")
        self.run = None  # this run's private scratch folder (kernels' sockets, notes, staged copies)

    def args(self, submitted=None, autograded=None):
        """nbgrader options that point it at this area (or at a view of a few participants)."""
        return [f"--CourseDirectory.submitted_directory={submitted or self.submitted}",
                f"--CourseDirectory.autograded_directory={autograded or self.autograded}",
                f"--CourseDirectory.feedback_directory={self.feedback}",
                f"--CourseDirectory.db_url={self.db_url}"]


def course_secret(area):
    """The seed of every hidden input: made once, kept out of the repository and the sandbox.

    BACKPROP_COURSE_SECRET gives it instead (the shards of a class on several machines share it,
    from a Kubernetes Secret, say): every shard then draws the same hidden inputs.
    """
    if os.environ.get("BACKPROP_COURSE_SECRET"):
        return os.environ["BACKPROP_COURSE_SECRET"]
    area.wd.mkdir(parents=True, exist_ok=True)
    f = area.wd / ".secret"
    if not f.exists():
        f.write_text(secrets.token_hex(32))
        f.chmod(0o600)
    return f.read_text().strip()


def _kernel_note(area, day, who):
    note = note_path(area.run, area.autograded / who / day)
    return note.read_text() if note.exists() else None


def grade_one(area, day, who, path, reference, secret, row):
    """Verdict, gradebook and feedback notebook for one participant; each failure becomes a note."""
    note = _kernel_note(area, day, who)
    if note:
        row["notes"].append(note)
    row["verdicts"], notes = judge(reference, path, secret, who, day,
                                   case_seconds=min(20, area.cell_timeout), budget=area.budget)
    row["notes"] += notes
    for step, what in ((record, "the gradebook"), (rewrite_outputs, "the feedback notebook")):
        try:
            args = (area, day, who, row["verdicts"]) + ((row["notes"],) if step is rewrite_outputs else ())
            step(*args)
        except Exception as e:
            row["notes"].append(f"could not write {what}: {type(e).__name__}: {str(e)[:160]}")


def grade_batch(area, day, batch, reference, secret):
    """Everything for a few participants; returns their rows of the class table."""
    rows, staged, runnable = [], {}, []
    for who in batch:
        row = {"participant": who, "notes": [], "verdicts": None}
        rows.append(row)
        try:
            path, note = stage(area, day, who)
        except Exception as e:
            path, note = None, f"the submission could not be read: {type(e).__name__}"
        if note:
            row["notes"].append(note)
        if path is not None:
            staged[who] = path
            try:
                nbparts.read(path)
                runnable.append(who)
            except ValueError:
                pass  # not a notebook: nbgrader would fail on it; the verdict says why
    failed = autograde_batch(area, day, runnable) if runnable else []
    for row in rows:
        who = row["participant"]
        if who not in staged:
            row["verdicts"] = ungraded(reference, "not graded: see the note above")
            try:
                record(area, day, who, row["verdicts"])
            except Exception as e:
                row["notes"].append(f"could not write the gradebook: {type(e).__name__}: {str(e)[:160]}")
            continue
        if who in failed and not _kernel_note(area, day, who):
            bad = autograde_alone(area, day, who)
            if bad:
                row["notes"].append(bad)
        try:
            grade_one(area, day, who, staged[who], reference, secret, row)
        except Exception as e:
            row["notes"].append(f"grading failed: {type(e).__name__}: {str(e)[:160]}")
    feedback(area, day, [r["participant"] for r in rows
                         if (area.autograded / r["participant"] / day).is_dir()])
    return rows


def in_shard(who, shard):
    """Whether participant ``who`` belongs to shard (i, n), 1 <= i <= n: by a hash of the id, so the
    shards agree whatever else each one's folder holds, and a rerun of a shard grades the same people."""
    i, n = shard
    return int(hashlib.sha256(who.encode()).hexdigest(), 16) % n == i - 1


def parse_shard(text):
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--shard takes i/n (for example 2/4), not {text!r}") from None
    if not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"--shard {text}: i must be between 1 and n")
    return i, n


def grade(day, flat=None, only=None, jobs=2, allow_unsandboxed=False, quiet=False, workdir=AG,
          cell_timeout=60, budget=BUDGET_SECONDS, shard=None, db_url=None):
    area = Area(workdir, cell_timeout, budget, db_url)
    if not sandbox.available() and not allow_unsandboxed:
        raise SystemExit("bubblewrap (bwrap) is not installed or cannot make namespaces here: submissions "
                         "would run unconfined. Install it (apt install bubblewrap) or pass --allow-unsandboxed.")
    extra = import_flat(area, flat, day) if flat else []
    who, bad_ids = participants(area, day)
    extra += bad_ids
    if only:
        who = [w for w in who if w in only]
    if shard:
        who = [w for w in who if in_shard(w, shard)]
    ensure_assignment(area, day)
    reference = Reference(source_notebook(day))
    secret = course_secret(area)
    area.run = Path(tempfile.mkdtemp(prefix="grading-"))
    # names this run's cgroups, in this process (the checks) and nbgrader's kernels alike
    given = os.environ.get("BACKPROP_RUN_ID")
    run_id = os.environ["BACKPROP_RUN_ID"] = given or area.run.name
    rows = []
    try:
        # nbgrader's start-up (~10 s for autograde and again for feedback) is paid per batch:
        # one batch per worker, at most 16 participants each
        size = max(1, min(16, math.ceil(len(who) / jobs)))
        batches = [who[i:i + size] for i in range(0, len(who), size)]
        with ThreadPoolExecutor(max_workers=jobs) as pool, \
                tqdm(total=len(who), desc=f"grading {day}", disable=quiet) as bar:
            futures = [pool.submit(grade_batch, area, day, b, reference, secret) for b in batches]
            for fut in futures:
                rows += fut.result()
                bar.update(len(rows) - bar.n)
    finally:
        sandbox.Cgroup.sweep(run_id)
        shutil.rmtree(area.run, ignore_errors=True)
        if given is None:
            os.environ.pop("BACKPROP_RUN_ID", None)
    p = nbgrader("export", f"--to={area.wd / 'grades.csv'}", *area.args(), check=False)
    if p.returncode != 0:
        extra.append(f"nbgrader export failed (exit status {p.returncode}): grades.csv may be out of date")
    write_reports(area, day, rows, reference, extra)
    total = sum(p for p, _ in reference.tests.values())
    for r in rows:
        s = sum(x.score for x in (r["verdicts"] or {}).values())
        flag = "" if not r["notes"] else "  (" + "; ".join(r["notes"])[:160] + ")"
        print(f"{r['participant']:<20} {s:>6g} / {total:g}{flag}")
    for line in extra:
        print(line)
    print(f"grades: {area.wd / 'grades.csv'}   summary: {area.reports / day / 'summary.html'}")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("day")
    ap.add_argument("--from", dest="flat", help="a folder of <participant>.ipynb files for this day")
    ap.add_argument("--student", action="append", help="grade only these participants")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--allow-unsandboxed", action="store_true")
    ap.add_argument("--workdir", default=str(AG), help="where submissions, gradebook and reports live")
    ap.add_argument("--shard", type=parse_shard, help="i/n: grade only the i-th of n shards of the class "
                    "(n machines grade one class together into one --db-url)")
    # from the environment too, so a password need not show in the process list (a Kubernetes Secret)
    ap.add_argument("--db-url", default=os.environ.get("BACKPROP_GRADEBOOK_URL"),
                    help="the gradebook as an SQLAlchemy URL (default: $BACKPROP_GRADEBOOK_URL, else sqlite in "
                    "--workdir); postgresql://... for a gradebook the shards share")
    ap.add_argument("--timeout", type=int, default=60, help="seconds allowed per notebook cell")
    ap.add_argument("--budget", type=int, default=BUDGET_SECONDS,
                    help="seconds of participant code per submission, in nbgrader's kernel and in the checks each")
    a = ap.parse_args(argv)
    grade(a.day, a.flat, a.student, a.jobs, a.allow_unsandboxed, workdir=a.workdir, cell_timeout=a.timeout,
          budget=a.budget, shard=a.shard, db_url=a.db_url)


if __name__ == "__main__":
    sys.exit(main())
