"""Start an IPython kernel for autograding inside the sandbox.

    python -m autograder.kernel CONNECTION_FILE [kernel args...]

nbgrader starts this (kernelspec ``backprop-sandbox``) with the notebook's
folder, ``autograded/<participant>/<day>/``, as working directory.  The
kernel never sees that folder: it runs in a scratch folder of its own, so
nothing it writes (a symlink in place of its notebook, say) reaches the
files that nbgrader and the grader later write as root.

The kernel has no network (a PUB socket on loopback can be read by anyone
who reaches it).  autograde runs with ``--KernelManager.transport=ipc``: the
connection file names Unix sockets ``<ip>-<port>``.  The kernel makes them in
a socket folder of its own, mounted inside the sandbox where the connection
file says (``--KernelManager.ip``, a private folder per nbgrader process);
outside, links at those names point nbgrader to them.

BACKPROP_BUDGET (seconds) bounds the kernel's whole life: past it, or when
its folders hold too much (sandbox.wait), the sandbox is killed, the
notebook's remaining cells are not run, and a note is left in
BACKPROP_SCRATCH/notes/ for the grader.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from autograder import sandbox

# the backend of the graded kernel: it draws each figure as a PNG for the feedback (inline);
# BACKPROP_FEEDBACK_FIGURES=0 draws none (Agg). A class of 30 of Day 1 takes 1.38 times 15 plain
# runs with the figures and 1.16 without (benchmarks/class_grading.py; the course allows 1.5)
FIGURES = os.environ.get("BACKPROP_FEEDBACK_FIGURES", "1") != "0"
FIGURES_BACKEND = "module://matplotlib_inline.backend_inline" if FIGURES else "Agg"


def note_path(scratch_base, workdir):
    """Where the kernel started in ``workdir`` leaves its note for the grader."""
    key = hashlib.sha256(os.path.realpath(workdir).encode()).hexdigest()[:24]
    return Path(scratch_base) / "notes" / key


def main(argv):
    conn = os.path.abspath(argv[0])
    with open(conn) as f:
        info = json.load(f)
    if info.get("transport") != "ipc" or not os.path.isabs(info.get("ip", "")):
        sys.exit("the grading kernel has no network: run nbgrader with --KernelManager.transport=ipc "
                 "and --KernelManager.ip=/private/folder/kernel (python -m autograder.grade does)")
    # the verdict does not look at figures; the feedback shows them as PNGs, drawn cheaply: 60 dpi,
    # no tight bounding box (it draws every figure twice); benchmarks/class_grading.py measures the cost
    figures = (["--InlineBackend.figure_formats=set()"] if FIGURES_BACKEND == "Agg" else
               ["--InlineBackend.figure_formats={'png'}", "--InlineBackend.rc={'figure.dpi': 60}",
                "--InlineBackend.print_figure_kwargs={'bbox_inches': None}"])
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", conn, *figures, *argv[1:]]
    if not sandbox.available():  # grade --allow-unsandboxed: the kernel as nbgrader would run it
        os.execv(cmd[0], cmd)
    base = os.environ.get("BACKPROP_SCRATCH") or None
    budget = float(os.environ.get("BACKPROP_BUDGET") or 0) or None
    uid = sandbox.user()
    work, sockets = sandbox.scratch(base, uid), sandbox.scratch(base, uid)
    runtime, stem = os.path.split(info["ip"])
    own = work / "connection.json"  # a copy the kernel's user may read
    shutil.copyfile(conn, own)
    sandbox.give(own, uid)
    links = []
    for key in ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"):
        link = f"{info['ip']}-{info[key]}"
        os.symlink(sockets / f"{stem}-{info[key]}", link)
        links.append(link)
    cgroup = sandbox.Cgroup()
    # same process group as this launcher, so that nbgrader's SIGINT (an interrupt
    # on a cell timeout) reaches the kernel; bubblewrap ignores it instead of dying
    wrapped = cgroup.prefix(sandbox.wrap(cmd, work, uid, binds=[(sockets, runtime)], ro=[(own, conn)],
                                          new_session=False))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # nbgrader's word that the notebook is being graded (training cells shorten) is the one
    # variable of its environment the kernel gets
    mode = {k: os.environ[k] for k in ("NBGRADER_EXECUTION",) if k in os.environ}
    # the learner's figures as PNGs, for the feedback (autograder/outputs.py keeps them within caps)
    mode["MPLBACKEND"] = FIGURES_BACKEND
    child = subprocess.Popen(wrapped, env=sandbox.environment(work, **mode), cwd=work)

    def cleanup(*_):
        child.kill()
        cgroup.close()
        for p in links:
            if os.path.islink(p):
                os.unlink(p)
        for d in (work, sockets):
            shutil.rmtree(d, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *a: (cleanup(), sys.exit(143)))
    code, why = sandbox.wait(child, budget, [work, sockets])
    if why and base:
        note = note_path(base, os.getcwd())
        note.parent.mkdir(exist_ok=True)
        note.write_text(f"nbgrader's run of the notebook was stopped: {why} "
                        "(the feedback has no executed notebook)")
    cleanup()
    sys.exit(137 if code is None else code)


if __name__ == "__main__":
    main(sys.argv[1:])
