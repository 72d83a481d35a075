"""Grade a class: one command from submissions to grades, feedback and a summary.

    python -m autograder.grade day1                       # autograder/submitted/<who>/day1/
    python -m autograder.grade day1 --from path/to/folder # a flat folder of <who>.ipynb

For each participant: nbgrader autogrades the notebook in a sandboxed kernel
(bookkeeping, restored test cells, the executed notebook), then the verdict
of every test cell is reached outside that kernel (autograder/verdict.py) and
written into the gradebook, the executed notebook's test-cell outputs are
replaced by that verdict, and nbgrader writes the feedback.  Then:
autograder/grades.csv, autograder/reports/<day>/ (per-exercise CSV, a
summary page with a histogram, one report per participant) and
autograder/feedback/<who>/<day>/.

Participants are graded in small batches, two batches at a time (--jobs), so
nbgrader's start-up is paid once per batch; one that fails -- a killed
kernel, an endless loop, a broken file -- is graded again on its own,
reported, and the others go on.  A second run gives the same grades.
"""
import argparse
import csv
import html
import json
import math
import os
import re
import secrets
import shutil
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tqdm.auto import tqdm

from autograder import nbparts, sandbox
from autograder.nbg import ROOT, nbgrader, source_notebook
from autograder.verdict import Reference, judge

AG = ROOT / "autograder"


class Area:
    """Where one class's grading lives (default autograder/; the tests use their own)."""

    def __init__(self, wd=AG, cell_timeout=60):
        self.wd = Path(wd).resolve()
        self.cell_timeout = cell_timeout
        self.submitted, self.autograded = self.wd / "submitted", self.wd / "autograded"
        self.feedback, self.reports = self.wd / "feedback", self.wd / "reports"
        self.db_url = "sqlite:///" + str(self.wd / "gradebook.db")

    def args(self, submitted=None, autograded=None):
        """nbgrader options that point it at this area (or at a view of a few participants)."""
        return [f"--CourseDirectory.submitted_directory={submitted or self.submitted}",
                f"--CourseDirectory.autograded_directory={autograded or self.autograded}",
                f"--CourseDirectory.feedback_directory={self.feedback}",
                f"--CourseDirectory.db_url={self.db_url}"]
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
AUTOGRADE_SECONDS = 900
MAX_OUTPUT_CHARS = 20_000
GRADEBOOK = threading.Lock()  # our own writes to the gradebook, one at a time


def course_secret(area):
    """The seed of every hidden input: made once, kept out of the repository and the sandbox."""
    area.wd.mkdir(parents=True, exist_ok=True)
    f = area.wd / ".secret"
    if not f.exists():
        f.write_text(secrets.token_hex(32))
        f.chmod(0o600)
    return f.read_text().strip()


def import_flat(area, folder, day):
    """Copy <who>.ipynb files into submitted/<who>/<day>/; return the lines to report."""
    lines = []
    target_name = source_notebook(day).name
    for f in sorted(Path(folder).iterdir()):
        who = f.stem
        if f.suffix != ".ipynb":
            lines.append(f"{f.name}: skipped, not a .ipynb file")
        elif not ID.match(who):
            lines.append(f"{f.name}: rejected, '{who}' is not a valid participant id "
                         "(letters, digits, . _ -)")
        else:
            dest = area.submitted / who / day
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, dest / target_name)
    return lines


def participants(area, day):
    """Valid ids with a folder for this day, and report lines for the others."""
    ok, lines = [], []
    for d in sorted(area.submitted.glob(f"*/{day}")):
        who = d.parent.name
        if ID.match(who):
            ok.append(who)
        else:
            lines.append(f"{who}: rejected, not a valid participant id")
    return ok, lines


def find_submission(area, day, who):
    """The submitted notebook: the expected name, else the only notebook there."""
    folder = area.submitted / who / day
    expected = folder / source_notebook(day).name
    if expected.exists():
        return expected, None
    nbs = sorted(folder.glob("*.ipynb"))
    if len(nbs) == 1:
        shutil.move(nbs[0], expected)
        return expected, f"renamed {nbs[0].name} to {expected.name}"
    return None, f"no notebook named {expected.name} in the submission"


def _autograde_args(area, day, submitted=None):
    return ["autograde", day, "--force", "--Execute.kernel_name=backprop-sandbox",
            f"--Execute.timeout={area.cell_timeout}", *area.args(submitted)]


def autograde_batch(area, day, batch):
    """nbgrader autograde for a few participants in one process (its start-up is paid once).

    Returns those whose notebook nbgrader did not execute; autograde() grades
    them again one by one, which also tells what went wrong.
    """
    name = source_notebook(day).name
    for who in batch:
        shutil.rmtree(area.autograded / who / day, ignore_errors=True)
    with tempfile.TemporaryDirectory(dir=area.wd, prefix=".batch-") as view:
        for who in batch:
            os.symlink(area.submitted / who, Path(view) / who)
        try:
            nbgrader(*_autograde_args(area, day, view), timeout=AUTOGRADE_SECONDS * len(batch), check=False)
        except Exception:
            pass  # whoever was not done is graded alone below
    return [who for who in batch if not (area.autograded / who / day / name).exists()]


def autograde(area, day, who):
    """nbgrader autograde for one participant; returns a note when it did not succeed."""
    args = [*_autograde_args(area, day), "--student", who]
    for attempt in range(3):
        try:
            p = nbgrader(*args, timeout=AUTOGRADE_SECONDS, check=False)
        except Exception as e:  # a timeout of the whole run
            return f"nbgrader autograde did not finish: {type(e).__name__}"
        text = p.stdout + p.stderr
        if p.returncode == 0 and "ERROR" not in text:
            return None
        if "database is locked" not in text:
            errs = [ln for ln in text.splitlines() if "ERROR" in ln][:2]
            return "nbgrader autograde reported: " + " / ".join(e[-200:] for e in errs)
    return "nbgrader autograde: the gradebook stayed locked"


def ensure_assignment(area, day):
    """Put the day's cells into the gradebook (nbgrader needs them to autograde)."""
    with tempfile.TemporaryDirectory() as tmp:
        nbgrader("generate_assignment", day, "--force", f"--CourseDirectory.release_directory={tmp}",
                 *area.args())


def record(area, day, who, verdicts):
    """Write the verdicts as the test cells' scores in the gradebook; False if nbgrader has no submission."""
    from nbgrader.api import Gradebook, MissingEntry
    nb_name = source_notebook(day).stem
    with Gradebook(area.db_url) as gb:
        try:
            sub = gb.find_submission_notebook(nb_name, day, who)
        except MissingEntry:
            return False
        for g in sub.grades:
            v = verdicts.get(g.cell.name)
            if v is not None:
                g.auto_score = v.score
                g.needs_manual_grade = False
        gb.db.commit()
    return True


def rewrite_outputs(area, day, who, verdicts, notes):
    """Replace the kernel's test-cell outputs (untrusted) by the verdict; cap huge outputs."""
    path = area.autograded / who / day / source_notebook(day).name
    if not path.exists():
        return
    nb = json.loads(path.read_text())
    for c in nb["cells"]:
        gid = nbparts.meta(c).get("grade_id")
        if nbparts.is_test(c) and gid in verdicts:
            # the hidden cases stay the grader's: show the visible part only
            c["source"] = nbparts.source(c).split(nbparts.BEGIN)[0] + "# (hidden checks: run by the grader)\n"
            c["outputs"] = [{"output_type": "stream", "name": "stdout",
                             "text": "Grader's verdict (reached outside your notebook):\n"
                             + verdicts[gid].text() + "\n"}]
        elif c.get("cell_type") == "code":
            c["outputs"] = _capped(c.get("outputs", []))
    if notes:
        nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {},
                               "source": "**Grader's notes:**\n\n" + "\n".join(f"- {n}" for n in notes)})
    path.chmod(0o644)  # nbgrader leaves it read-only
    path.write_text(json.dumps(nb, indent=1))
    path.chmod(0o444)


def _capped(outputs):
    kept, used = [], 0
    for o in outputs:
        size = len(json.dumps(o))
        if used + size > MAX_OUTPUT_CHARS:
            kept.append({"output_type": "stream", "name": "stdout",
                         "text": f"[output cut by the grader: more than {MAX_OUTPUT_CHARS} characters]\n"})
            break
        kept.append(o)
        used += size
    return kept


def grade_batch(area, day, batch, reference, secret):
    """Everything for a few participants; returns their rows of the class table."""
    rows, found = [], []
    for who in batch:
        path, note = find_submission(area, day, who)
        rows.append({"participant": who, "notes": [note] if note else [], "path": path, "verdicts": None})
        if path is not None:
            found.append(who)
    failed = autograde_batch(area, day, found) if found else []
    for row in rows:
        if row["path"] is None:
            continue
        who = row["participant"]
        if who in failed:
            bad = autograde(area, day, who)
            if bad:
                row["notes"].append(bad)
        row["verdicts"], notes = judge(reference, row["path"], secret, who, day,
                                       case_seconds=min(20, area.cell_timeout))
        row["notes"] += notes
        with GRADEBOOK:
            if not record(area, day, who, row["verdicts"]):
                row["notes"].append("nbgrader could not autograde this file: scores are in the report only")
        rewrite_outputs(area, day, who, row["verdicts"], row["notes"])
    feedback(area, day, [r["participant"] for r in rows
                         if (area.autograded / r["participant"] / day).exists()])
    return rows


def feedback(area, day, batch):
    """nbgrader's HTML feedback for a few participants, in one process."""
    if not batch:
        return
    with tempfile.TemporaryDirectory(dir=area.wd, prefix=".feedback-") as view:
        for who in batch:
            os.symlink(area.autograded / who, Path(view) / who)
        nbgrader("generate_feedback", day, "--force", *area.args(autograded=view), check=False)


def write_reports(area, day, rows, reference, extra_lines):
    out = area.reports / day
    out.mkdir(parents=True, exist_ok=True)
    cells = list(reference.tests)
    total = sum(p for p, _ in reference.tests.values())
    with open(out / "exercises.csv", "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["participant", "score", "max_score", *cells, "notes"])
        for r in rows:
            v = r["verdicts"] or {}
            scores = [v[c].score if c in v else 0.0 for c in cells]
            wr.writerow([r["participant"], sum(scores), total, *scores, " | ".join(r["notes"])])
    for r in rows:
        page = participant_page(day, r, total)
        (out / f"{r['participant']}.html").write_text(page)
        # beside nbgrader's feedback, so that every participant gets one, graded or not
        fb = area.feedback / r["participant"] / day
        fb.mkdir(parents=True, exist_ok=True)
        (fb / "grader_report.html").write_text(page)
    summary_page(day, rows, reference, out, extra_lines)


def participant_page(day, row, total):
    v = row["verdicts"] or {}
    score = sum(x.score for x in v.values())
    body = [f"<h1>{html.escape(day)}: {html.escape(row['participant'])}</h1>",
            f"<p><b>{score:g} / {total:g} points</b></p>"]
    body += [f"<p>Note: {html.escape(n)}</p>" for n in row["notes"]]
    if not v:
        body.append("<p>This submission could not be graded; see the note above.</p>")
    for x in v.values():
        body.append(f"<h3>{html.escape(x.grade_id)}: {x.score:g} / {x.points:g}</h3>"
                    f"<pre>{html.escape(x.text())}</pre>")
    return "<!doctype html><meta charset=utf-8><title>feedback</title>" + "\n".join(body)


def summary_page(day, rows, reference, out, extra_lines):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    total = sum(p for p, _ in reference.tests.values())
    scores = [sum(x.score for x in (r["verdicts"] or {}).values()) for r in rows]
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.hist(scores, bins=min(20, max(5, int(total))), range=(0, total), color="tab:blue")
    ax.set_xlabel(f"score (of {total:g})")
    ax.set_ylabel("participants")
    ax.set_title(f"{day}: score distribution ({len(rows)} graded)")
    fig.tight_layout()
    fig.savefig(out / "scores.png", dpi=100)
    plt.close(fig)
    lines = [f"<h1>{html.escape(day)}: class summary</h1>", '<img src="scores.png">',
             "<table border=1 cellpadding=4><tr><th>exercise</th><th>points</th><th>pass rate</th></tr>"]
    for gid, (pts, _) in reference.tests.items():
        graded = [r["verdicts"][gid] for r in rows if r["verdicts"]]
        rate = sum(v.score == v.points for v in graded) / len(rows) if rows else 0.0
        lines.append(f"<tr><td>{html.escape(gid)}</td><td>{pts:g}</td><td>{rate:.0%}</td></tr>")
    lines.append("</table><h2>Notes</h2><ul>")
    lines += [f"<li>{html.escape(r['participant'])}: {html.escape(n)}</li>" for r in rows for n in r["notes"]]
    lines += [f"<li>{html.escape(s)}</li>" for s in extra_lines]
    lines.append("</ul>")
    (out / "summary.html").write_text("<!doctype html><meta charset=utf-8><title>summary</title>\n"
                                      + "\n".join(lines))


def grade(day, flat=None, only=None, jobs=2, allow_unsandboxed=False, quiet=False, workdir=AG,
          cell_timeout=60):
    area = Area(workdir, cell_timeout)
    if not sandbox.available() and not allow_unsandboxed:
        raise SystemExit("bubblewrap (bwrap) is not installed: submissions would run unconfined. "
                         "Install it (apt install bubblewrap) or pass --allow-unsandboxed.")
    extra = import_flat(area, flat, day) if flat else []
    who, bad_ids = participants(area, day)
    extra += bad_ids
    if only:
        who = [w for w in who if w in only]
    ensure_assignment(area, day)
    reference = Reference(source_notebook(day))
    secret = course_secret(area)
    rows = []
    size = max(1, min(8, math.ceil(len(who) / (3 * jobs))))
    batches = [who[i:i + size] for i in range(0, len(who), size)]
    with ThreadPoolExecutor(max_workers=jobs) as pool, \
            tqdm(total=len(who), desc=f"grading {day}", disable=quiet) as bar:
        futures = [pool.submit(grade_batch, area, day, b, reference, secret) for b in batches]
        for fut in futures:
            rows += fut.result()
            bar.update(len(rows) - bar.n)
    nbgrader("export", f"--to={area.wd / 'grades.csv'}", *area.args())
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
    ap.add_argument("--timeout", type=int, default=60, help="seconds allowed per notebook cell")
    a = ap.parse_args(argv)
    grade(a.day, a.flat, a.student, a.jobs, a.allow_unsandboxed, workdir=a.workdir, cell_timeout=a.timeout)


if __name__ == "__main__":
    sys.exit(main())
