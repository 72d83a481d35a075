"""Run nbgrader commands with what they need on PATH (nbgrader calls `alembic` by name)."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAYS = sorted(p.name for p in (ROOT / "solutions").glob("day*") if any(p.glob("*.ipynb")))


def env(**extra):
    e = dict(os.environ)
    e["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), e.get("PATH", "")])
    e["JUPYTER_PATH"] = os.pathsep.join([str(ROOT / "autograder" / "jupyter"), e.get("JUPYTER_PATH", "")])
    e.setdefault("MPLBACKEND", "Agg")
    e.update(extra)
    return e


def nbgrader(*args, timeout=None, check=True, root=ROOT, extra_env=None):
    """nbgrader <args> in the course root; returns the CompletedProcess."""
    cmd = [sys.executable, "-m", "nbgrader", *map(str, args)]
    p = subprocess.run(cmd, cwd=root, env=env(**(extra_env or {})), timeout=timeout, stdin=subprocess.DEVNULL,
                       capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(map(str, args))} failed:\n{p.stdout[-2000:]}\n{p.stderr[-4000:]}")
    return p


def source_notebook(day):
    nbs = sorted((ROOT / "solutions" / day).glob("*.ipynb"))
    if len(nbs) != 1:
        raise ValueError(f"solutions/{day} must hold exactly one notebook, found {len(nbs)}")
    return nbs[0]
