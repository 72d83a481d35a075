"""The course environment of the classroom: one virtual environment for the hub and every server.

Each participant's server runs as that participant, so the Python it runs must be readable by every
account: the environment is built from the system's Python (the one on root's PATH may live under
/root, mode 700) in a world-readable folder, with the course installed as a copy (``pip install .``,
not editable: the repository, with its solutions, stays unreadable to participants).  The proxy
comes from npm into the same folder.  A build is kept until the project's files or the pins change.
"""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PINS = ["jupyterhub==6.1.1", "jupyterhub-idle-culler==2.0.0"]
PROXY = "configurable-http-proxy@5.3.0"
SYSTEM_PYTHON = "/usr/bin/python3"
# what the installed copy is made of: a change to any of them needs a new build
SOURCES = ("pyproject.toml", "course", "autograder", "classroom", "publish")


class Environment:
    def __init__(self, folder="/opt/backprop-classroom"):
        self.folder = Path(folder)
        self.bin = self.folder / "env" / "bin"
        self.python = self.bin / "python"
        self.proxy = self.folder / "node_modules" / ".bin" / "configurable-http-proxy"
        self.stamp = self.folder / ".built"

    def package_dir(self):
        out = subprocess.run([str(self.python), "-c", "import classroom, os; print(os.path.dirname(classroom.__file__))"],
                             capture_output=True, text=True, check=True)
        return Path(out.stdout.strip())

    def ready(self):
        return self.stamp.exists() and self.stamp.read_text() == fingerprint()

    def build(self, log=print):
        """Build (or bring up to date) the environment and the proxy; nothing is done when it is current."""
        if self.ready():
            return
        for tool in ("npm",):
            if shutil.which(tool) is None:
                raise SystemExit(f"{tool} is not installed: the hub's proxy comes from npm (apt install nodejs npm)")
        old = os.umask(0o022)   # world-readable, whatever the caller's umask
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.folder.chmod(0o755)
            if not self.python.exists():
                log(f"classroom: building the course environment in {self.folder / 'env'}")
                subprocess.run([SYSTEM_PYTHON, "-m", "venv", str(self.folder / "env")], check=True)
            pip = [str(self.python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
            subprocess.run([*pip, *PINS, str(REPO)], check=True)
            # pip keeps an unchanged version's files: the course's own package must be the repository's now
            subprocess.run([*pip, "--no-deps", "--force-reinstall", str(REPO)], check=True)
            if not self.proxy.exists():
                log(f"classroom: installing {PROXY} from npm")
                subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                                str(self.folder), PROXY], check=True)
            self.lab_overrides()
            self.stamp.write_text(fingerprint())
        finally:
            os.umask(old)


    def lab_overrides(self):
        """JupyterLab's defaults for every member: no news or update checks (the room may have no internet,
        and a toast over a participant's notebook helps nobody)."""
        folder = self.folder / "env" / "share" / "jupyter" / "lab" / "settings"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=1))


LAB_OVERRIDES = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def fingerprint():
    """A hash of the pins and of every file the installed copy is made of."""
    h = hashlib.sha256("\n".join([*PINS, PROXY, SYSTEM_PYTHON]).encode())
    for name in SOURCES:
        base = REPO / name
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()
                                                      and "__pycache__" not in p.parts)
        for p in files:
            h.update(str(p.relative_to(REPO)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()
