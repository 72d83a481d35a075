"""What the grader takes from a submission folder: copies of regular files, never the files themselves.

Everything in a submission folder is hostile: a notebook may be a link (to
a classmate's hand-in, the course secret, /etc/shadow), a folder, or huge.
Only a regular notebook file of at most MAX_NOTEBOOK_BYTES, read without
following links, and its timestamp.txt are copied into the run's staging
folder; nbgrader and the verdict work on that copy.
"""
import os
import re
import stat
from pathlib import Path

from autograder.nbg import source_notebook
from course.wire import open_regular

ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_NOTEBOOK_BYTES = 20_000_000
# what nbgrader's exchange puts beside a submission and its release_feedback reads beside the feedback:
# when it was handed in, and the secret that names the participant's feedback file
EXCHANGE_FILES = ("timestamp.txt", "submission_secret.txt")


def regular_file(path, limit):
    """None if path is a regular file (not a link) of at most limit bytes, else why not."""
    try:
        st = os.lstat(path)
    except OSError:
        return "it is missing"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return "it is not a regular file"
    if st.st_size > limit:
        return f"it is {st.st_size / 1e6:.1f} MB, more than the {limit / 1e6:.0f} MB allowed"
    return None


def read_regular(path, limit):
    """The bytes of a regular file, opened without following a link (see course.wire.open_regular)."""
    with open_regular(path, limit) as f:
        data = f.read(limit + 1)
    if len(data) > limit:  # it grew after it was opened
        raise ValueError(f"larger than {limit / 1e6:.0f} MB")
    return data


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
        elif problem := regular_file(f, MAX_NOTEBOOK_BYTES):
            lines.append(f"{f.name}: rejected, {problem}")
        else:
            dest = area.submitted / who / day
            dest.mkdir(parents=True, exist_ok=True)
            (dest / target_name).write_bytes(read_regular(f, MAX_NOTEBOOK_BYTES))
    return lines


def participants(area, day):
    """Valid ids with a real folder (not a link) for this day, and report lines for the others."""
    ok, lines = [], []
    for d in sorted(area.submitted.glob(f"*/{day}")):
        who = d.parent.name
        if not ID.match(who):
            lines.append(f"{who}: rejected, not a valid participant id")
        elif d.parent.is_symlink() or d.is_symlink() or not d.is_dir():
            lines.append(f"{who}: rejected, the submission folder is a link or not a folder")
        else:
            ok.append(who)
    return ok, lines


def stage(area, day, who):
    """Copy one submission into this run's staging folder; (the copy or None, a note or None).

    Only the notebook (the expected name, else the only notebook there) and
    EXCHANGE_FILES travel, as regular files read without following links:
    nothing nbgrader or the grader later reads is the participant's own file.
    """
    folder, name = area.submitted / who / day, source_notebook(day).name
    dest = area.run / "staged" / who / day
    dest.mkdir(parents=True)
    note = None
    src = folder / name
    if not os.path.lexists(src):
        nbs = sorted(p for p in folder.glob("*.ipynb"))
        if len(nbs) != 1:
            return None, f"no notebook named {name} in the submission"
        src, note = nbs[0], f"graded {nbs[0].name} as {name}"
    problem = regular_file(src, MAX_NOTEBOOK_BYTES)
    if problem:
        return None, f"the submitted {src.name} was not graded: {problem}"
    (dest / name).write_bytes(read_regular(src, MAX_NOTEBOOK_BYTES))
    for extra in EXCHANGE_FILES:
        if regular_file(folder / extra, 300) is None:
            (dest / extra).write_bytes(read_regular(folder / extra, 300))
    return dest / name, note
