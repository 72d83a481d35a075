"""The grading run's calls to nbgrader: autograde (in batches, or one participant alone), gradebook, feedback.

nbgrader runs with the sandboxed kernel (autograder/kernel.py): over Unix
sockets in a private runtime folder per nbgrader process, with this run's
scratch folder and the participant's time budget in its environment.  Its
exit status tells whether it finished; what it writes is then rewritten
from the verdict (``record``, ``rewrite_outputs``), and only the HTML
reports are left in the feedback folders.
"""
import json
import os
import random
import secrets
import shutil
import tempfile
import threading
import time
from pathlib import Path

from autograder import nbparts, outputs
from autograder.nbg import nbgrader, source_notebook
from autograder.submissions import EXCHANGE_FILES, read_regular, regular_file

GRADEBOOK = threading.Lock()  # our own writes to the gradebook, one at a time


def _nbgrader_env(area, runtime):
    """nbgrader's kernels: sockets in a private folder, scratch and notes in this run's folder, the budget."""
    return {"JUPYTER_RUNTIME_DIR": str(runtime), "BACKPROP_SCRATCH": str(area.run),
            "BACKPROP_BUDGET": str(area.budget)}


def _autograde(area, day, view, students=()):
    runtime = Path(tempfile.mkdtemp(prefix="rt-", dir=area.run))
    args = ["autograde", day, "--force", "--Execute.kernel_name=backprop-sandbox",
            f"--Execute.timeout={area.cell_timeout}",
            "--KernelManager.transport=ipc", f"--KernelManager.ip={runtime}/kernel",
            *area.args(view), *(f"--student={s}" for s in students)]
    # the kernels' budget bounds the participant's code; this bounds nbgrader itself
    seconds = (area.budget + 120) * max(1, len(students) or len(os.listdir(view)))
    try:
        return nbgrader(*args, timeout=seconds, check=False, extra_env=_nbgrader_env(area, runtime))
    except Exception:  # a timeout of the whole run: nobody in it counts as done
        return None


def autograde_batch(area, day, batch):
    """nbgrader autograde for a few participants in one process (its start-up is paid once).

    Returns those nbgrader did not finish: everyone when it was killed or
    timed out (its exit status says so), else those it named in an error or
    wrote no notebook for.  They are graded again one by one.
    """
    name = source_notebook(day).name
    for who in batch:
        shutil.rmtree(area.autograded / who / day, ignore_errors=True)
    p = _autograde(area, day, _view(area, batch))
    if p is None or p.returncode < 0 or p.returncode > 1:
        return list(batch)
    text = p.stdout + p.stderr
    errors = [ln for ln in text.splitlines() if "ERROR" in ln]
    return [who for who in batch if not (area.autograded / who / day / name).is_file()
            or any(f"/{who}/" in ln for ln in errors)]


def _view(area, batch):
    """A submitted/ folder holding only these participants' staged copies."""
    view = Path(tempfile.mkdtemp(prefix="view-", dir=area.run))
    for who in batch:
        os.symlink(area.run / "staged" / who, view / who)
    return view


def autograde_alone(area, day, who):
    """nbgrader autograde for one participant; returns a note when it did not succeed."""
    for _ in range(3):
        p = _autograde(area, day, _view(area, [who]), [who])
        if p is None:
            return "nbgrader did not finish running this notebook: the feedback has no executed notebook"
        text = p.stdout + p.stderr
        if p.returncode == 0 and "ERROR" not in text:
            return None
        if "database is locked" not in text:
            died = " (its kernel died)" if "Kernel died" in text else ""
            return (f"nbgrader could not run this notebook{died}, exit status {p.returncode}: "
                    "the feedback has no executed notebook")
    return "nbgrader autograde: the gradebook stayed locked"


def ensure_assignment(area, day, attempts=4):
    """Put the day's cells into the gradebook (nbgrader needs them to autograde).

    Shards that share a gradebook start together: when two write the same rows at once, one of
    them fails on the database's unique keys and tries again, by then finding the rows there.
    """
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory() as tmp:
            p = nbgrader("generate_assignment", day, "--force", f"--CourseDirectory.release_directory={tmp}",
                         *area.args(), check=attempt == attempts)
        if p.returncode == 0:
            return
        time.sleep(random.uniform(1, 3))


def record(area, day, who, verdicts):
    """Write the verdicts as the test cells' scores in the gradebook, creating the submission if nbgrader did not."""
    from nbgrader.api import Gradebook, MissingEntry
    nb_name = source_notebook(day).stem
    with GRADEBOOK, Gradebook(area.db_url) as gb:
        try:
            sub = gb.find_submission_notebook(nb_name, day, who)
        except MissingEntry:
            gb.update_or_create_student(who)
            gb.update_or_create_submission(day, who)
            sub = gb.find_submission_notebook(nb_name, day, who)
        for g in sub.grades:
            v = verdicts.get(g.cell.name)
            if v is not None:
                g.auto_score = v.score
                g.needs_manual_grade = False
        gb.db.commit()


def rewrite_outputs(area, day, who, verdicts, notes):
    """Replace the kernel's test-cell outputs (untrusted) by the verdict; keep the rest within caps."""
    path = area.autograded / who / day / source_notebook(day).name
    if regular_file(path, 512 * 2**20):
        return
    nb = json.loads(read_regular(path, 512 * 2**20))
    room = outputs.budget()
    for c in nb["cells"]:
        gid = nbparts.meta(c).get("grade_id")
        if nbparts.is_test(c) and gid in verdicts:
            # the hidden cases stay the grader's: show the visible part only
            c["source"] = nbparts.source(c).split(nbparts.BEGIN)[0] + "# (hidden checks: run by the grader)\n"
            c["outputs"] = [{"output_type": "stream", "name": "stdout",
                             "text": "Grader's verdict (reached outside your notebook):\n"
                             + verdicts[gid].text() + "\n"}]
        elif c.get("cell_type") == "code":
            c["outputs"] = outputs.capped(c.get("outputs", []), room)
    if notes:
        nb["cells"].insert(0, {"cell_type": "markdown", "metadata": {},
                               "source": "**Grader's notes:**\n\n" + "\n".join(f"- {n}" for n in notes)})
    # a new file renamed into place: nothing is written through whatever stood at that name
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    tmp.write_text(json.dumps(nb, indent=1))
    tmp.chmod(0o444)
    os.replace(tmp, path)


def feedback(area, day, batch):
    """nbgrader's HTML feedback for a few participants, in one process; only reports stay in it, and the
    exchange's files that ``nbgrader release_feedback`` needs beside them."""
    if not batch:
        return
    view = Path(tempfile.mkdtemp(prefix="feedback-", dir=area.run))
    for who in batch:
        os.symlink(area.autograded / who, view / who)
    nbgrader("generate_feedback", day, "--force", *area.args(autograded=view), check=False)
    for who in batch:
        fb = area.feedback / who / day
        for f in list(fb.iterdir()) if fb.is_dir() and not fb.is_symlink() else []:
            if f.is_symlink() or not f.is_file():
                f.unlink() if f.is_symlink() else shutil.rmtree(f)
            elif f.suffix != ".html":
                f.unlink()
        staged = area.run / "staged" / who / day      # the grader's own copies (see submissions.stage)
        for name in EXCHANGE_FILES:
            if (staged / name).is_file() and fb.is_dir() and not fb.is_symlink():
                shutil.copyfile(staged / name, fb / name)
