"""Run participant code where it cannot see solutions, gradebook or other work.

bubblewrap gives a read-only file system, a fresh PID namespace (the code
cannot signal the grader) and an empty /tmp; the course root is replaced by
an empty folder into which only the helper package, the virtual environment
and one writable work folder are mounted back.  The network namespace is
shared because a Jupyter kernel talks to its client over loopback TCP.
"""
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def available():
    return shutil.which("bwrap") is not None and os.environ.get("COURSE_NO_SANDBOX") != "1"


def wrap(cmd, workdir, extra_ro=(), hide=()):
    """The command, wrapped by bwrap so that only `workdir` is writable."""
    if not available():
        return list(cmd)
    workdir = str(Path(workdir).resolve())
    argv = ["bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
            "--tmpfs", "/tmp", "--unshare-pid", "--unshare-ipc", "--die-with-parent"]
    # hidden folders first: a later tmpfs would cover the mounts made below it
    for p in hide:
        if not _under(p, "/tmp"):  # /tmp is empty already
            argv += ["--tmpfs", str(p)]
    argv += ["--tmpfs", str(ROOT)]
    for keep in ["course", "pyproject.toml", ".venv"]:
        p = ROOT / keep
        if p.exists():
            argv += ["--ro-bind", str(p), str(p)]
    for p in extra_ro:
        argv += ["--ro-bind", str(p), str(p)]
    # the venv may live outside the course root; sys.prefix is already read-only
    argv += ["--bind", workdir, workdir, "--chdir", workdir, "--"]
    return argv + list(cmd)


def _under(path, folder):
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents
