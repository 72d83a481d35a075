"""A throw-away classroom for tests and benchmarks: members whose ids are unique to the run (Unix
accounts are the machine's), its own state folder and group, all removed afterwards."""
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys

from autograder import nbparts
from autograder.nbg import source_notebook
from classroom import accounts
from classroom.client import Hub
from classroom.environment import REPO
from classroom.hub import Classroom, free_port

ENV = "/opt/backprop-classroom-test"      # built once per machine, kept while the project is unchanged


class Trial:
    def __init__(self, folder, roles, env=ENV):
        """roles: {short name: role}; the roster is written into folder."""
        tag = secrets.token_hex(2)
        self.ids = {name: f"t{tag}-{name}" for name in roles}
        self.group, self.env = f"t{tag}-instructors", env
        self.roster = folder / "roster.csv"
        with self.roster.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "role"])
            w.writerows([self.ids[n], n.title(), role] for n, role in roles.items())
        self.room = Classroom(f"/srv/backprop-classroom-{tag}")
        self.hub = None

    def cli(self, *args):
        """`python -m classroom ...` for this classroom, as an instructor types it; its output."""
        cmd = [sys.executable, "-m", "classroom", "--state", str(self.room.state), "--env", self.env,
               "--group", self.group, *args]
        p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=900)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{p.stdout[-2000:]}{p.stderr[-3000:]}")
        return p.stdout

    def start(self, **options):
        """Accounts (when missing) and the hub on a free loopback port; the Hub to drive it."""
        if not self.room.passwords.exists():
            self.cli("accounts", str(self.roster))
        self.cli("start", "--roster", str(self.roster), "--port", str(free_port()),
                 *[x for k, v in options.items() for x in (f"--{k.replace('_', '-')}", str(v))])
        self.hub = Hub(self.room.url(), self.room.token_file.read_text().strip())
        return self.hub

    def passwords(self):
        with self.room.passwords.open() as f:
            return {r["id"]: r["password"] for r in csv.DictReader(f)}

    def in_course(self, instructor, command, timeout=1800):
        """A shell command run by an instructor, in their own server, in ~/course; its output."""
        out, err = self.hub.run(instructor, "import os, subprocess\n"
                                f"p = subprocess.run({command!r}, shell=True, cwd=os.path.expanduser('~/course'), "
                                "capture_output=True, text=True)\nprint(p.returncode)\n"
                                "print(p.stdout[-3000:], p.stderr[-3000:])", timeout=timeout)
        if err is not None or not out.startswith("0\n"):
            raise RuntimeError(f"{command} failed: {err}\n{out}")
        return out

    def remove(self):
        if self.room.pid():
            self.room.stop(log=lambda *_: None)
        accounts.remove(self.ids.values())
        subprocess.run(["groupdel", self.group], capture_output=True)
        if not os.environ.get("KEEP_CLASSROOM"):      # to look at a failed run's hub log and exchange
            shutil.rmtree(self.room.state, ignore_errors=True)


def filled(released, day, share=1.0):
    """A member's work: the released notebook of the day with the first ``share`` of its answer cells
    written as the solution."""
    nb = json.loads(json.dumps(released))
    solution = nbparts.answers(nbparts.read(source_notebook(day)))
    cells = [c for c in nb["cells"] if nbparts.is_answer(c)]
    for c in cells[: round(len(cells) * share)]:
        c["source"] = solution[nbparts.meta(c)["grade_id"]]
    return nb
