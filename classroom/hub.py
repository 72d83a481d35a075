"""Start and stop one classroom: its state folder, the hub process, and what it leaves running.

The state folder (default /srv/backprop-classroom) holds:

- ``hub/`` (root only): settings, the roster's copy, the hub's database and cookie secret, the
  classroom's own API token, the log, and the password sheet;
- ``exchange/`` (root, 1777): nbgrader's exchange; its course folder and ``inbound``, ``outbound``,
  ``feedback`` belong to root and the instructors' group, so any instructor can release and collect;
- ``course/`` (root and the instructors' group, 2770): the course root the instructors grade in, a
  copy of the repository with its solutions, made once (an instructor's ``~/course`` points to it).

Every process the hub starts carries BACKPROP_CLASSROOM_STATE in its environment; ``stop`` ends
the hub, then anything still carrying it.
"""
import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from classroom import accounts, roster
from classroom.environment import REPO, Environment

COURSE_ID = "backprop-workbook"
# the copy of the repository the instructors work in leaves out what is built, installed or graded here
NOT_COPIED = (".git", ".venv", "build", "site", ".progress", "__pycache__", "*.pyc", "artifacts", "submitted",
              "autograded", "feedback", "reports", "gradebook.db", "grades.csv", ".secret", ".pytest_cache")


class Classroom:
    def __init__(self, state="/srv/backprop-classroom"):
        self.state = Path(state).resolve()
        self.hub = self.state / "hub"
        self.exchange = self.state / "exchange"
        self.course = self.state / "course"
        self.settings_file = self.hub / "settings.json"
        self.pid_file = self.hub / "hub.pid"
        self.log_file = self.hub / "hub.log"
        self.token_file = self.hub / "admin-token"
        self.passwords = self.hub / "passwords.csv"

    # -- settings ---------------------------------------------------------------------------------
    def settings(self):
        return json.loads(self.settings_file.read_text())

    def url(self):
        s = self.settings()
        host = "127.0.0.1" if s["ip"] in ("", "0.0.0.0") else s["ip"]
        return f"{'https' if s.get('ssl_cert') else 'http'}://{host}:{s['port']}"

    def layout(self, group):
        """The folders, with owners and modes; kept as they are when they exist (a restart keeps the class's work)."""
        gid = grp.getgrnam(group).gr_gid
        self.state.mkdir(parents=True, exist_ok=True)
        self.state.chmod(0o711)           # passed through, never listed
        self.hub.mkdir(exist_ok=True)
        self.hub.chmod(0o700)
        self.exchange.mkdir(exist_ok=True)
        self.exchange.chmod(0o1777)        # 0777 would let a participant rename the course's folder
        course_x = self.exchange / COURSE_ID
        for folder, mode in ((course_x, 0o2775), (course_x / "outbound", 0o2775), (course_x / "inbound", 0o2773),
                             (course_x / "feedback", 0o2771)):
            folder.mkdir(exist_ok=True)
            os.chown(folder, 0, gid)
            folder.chmod(mode)
        if not self.course.exists():
            shutil.copytree(REPO, self.course, symlinks=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
            (self.course / "autograder").mkdir(exist_ok=True)
            # the seed of the hidden inputs, made here so that the check service (root) and the instructors'
            # grading draw the same ones
            (self.course / "autograder" / ".secret").write_text(secrets.token_hex(32))
            # SQLite makes a new database 0644 whatever the umask, and keeps an existing file's mode: an empty
            # file (an empty database to SQLite) made here stays writable by every instructor
            (self.course / "autograder" / "gradebook.db").touch()
            for path in [self.course, *self.course.rglob("*")]:
                if path.is_symlink():
                    continue
                os.chown(path, 0, gid)
                path.chmod(0o2770 if path.is_dir() else 0o660)

    def link_course(self, members, group):
        """~/course of every instructor points to the course folder."""
        for m in members:
            if m.instructor:
                home = Path(pwd.getpwnam(m.id).pw_dir)
                link = home / "course"
                if not link.is_symlink():
                    link.symlink_to(self.course)
                    os.lchown(link, pwd.getpwnam(m.id).pw_uid, grp.getgrnam(group).gr_gid)

    # -- running ----------------------------------------------------------------------------------
    def pid(self):
        try:
            pid = int(self.pid_file.read_text())
            os.kill(pid, 0)
            return pid
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None

    def start(self, roster_file, env_dir="/opt/backprop-classroom", group="backprop-instructors", ip="127.0.0.1",
              port=8000, cull_after=3600, ssl_cert=None, ssl_key=None, check_limit=20, log=print):
        if self.pid():
            raise SystemExit(f"the classroom in {self.state} is running already (pid {self.pid()})")
        members = roster.read(roster_file)
        missing = [m.id for m in members if not accounts.exists(m.id)]
        if missing:
            raise SystemExit(f"no account yet for {', '.join(missing)}: run `python -m classroom accounts "
                             f"{roster_file}` first")
        env = Environment(env_dir)
        env.build(log)
        self.layout(group)
        self.link_course(members, group)
        shutil.copyfile(roster_file, self.hub / "roster.csv")
        if not self.token_file.exists():
            fd = os.open(self.token_file, os.O_WRONLY | os.O_CREAT, 0o600)
            os.write(fd, secrets.token_hex(32).encode())
            os.close(fd)
        # SQLite keeps the mode of a file that exists: the hub's database is root's alone, as its folder is
        os.close(os.open(self.hub / "jupyterhub.sqlite", os.O_WRONLY | os.O_CREAT, 0o600))
        settings = dict(state=str(self.state), env=str(env.folder), group=group, ip=ip, port=port,
                        hub_port=free_port(), proxy_api_port=free_port(), check_port=free_port(),
                        check_limit=check_limit, check_window=600, cull_after=cull_after,
                        cull_every=max(5, min(300, cull_after // 4)), ssl_cert=ssl_cert, ssl_key=ssl_key)
        self.settings_file.write_text(json.dumps(settings, indent=1))
        config = env.package_dir() / "jupyterhub_config.py"
        with open(self.log_file, "ab") as out:
            p = subprocess.Popen([str(env.bin / "jupyterhub"), "-f", str(config)], cwd=self.hub, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
                                 env=hub_environment(env, self.state))
        self.pid_file.write_text(str(p.pid))
        deadline = time.time() + 120
        while time.time() < deadline:
            if p.poll() is not None:
                raise SystemExit(f"the hub stopped at start (exit {p.returncode}):\n{self.log_tail()}")
            if answers(self.url() + "/hub/api/"):
                log(f"classroom: {len(members)} members, open {self.url()}/hub/login")
                return self.url()
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"the hub did not answer within 120 s:\n{self.log_tail()}")

    def stop(self, log=print, wait=60):
        """End the hub (it stops the servers, the proxy and its services), then whatever is left."""
        pid = self.pid()
        if pid:
            os.kill(pid, signal.SIGTERM)
            deadline = time.time() + wait
            while time.time() < deadline and alive(pid):
                time.sleep(0.25)
            if alive(pid):
                os.killpg(pid, signal.SIGKILL)
        left = self.leftovers()
        for p in left:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.pid_file.unlink(missing_ok=True)
        log(f"classroom: stopped{f' ({len(left)} processes the hub left were killed)' if left else ''}")

    def leftovers(self):
        """The processes that carry this classroom's mark (servers, kernels, proxy, services)."""
        mark = f"BACKPROP_CLASSROOM_STATE={self.state}".encode()
        found = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit() and int(d.name) != os.getpid():
                try:
                    if mark in (d / "environ").read_bytes().split(b"\0"):
                        found.append(int(d.name))
                except OSError:
                    pass
        return found

    def log_tail(self, n=3000):
        return self.log_file.read_text(errors="replace")[-n:] if self.log_file.exists() else ""


def hub_environment(env, state):
    keep = {k: os.environ[k] for k in ("LANG", "LC_ALL", "TZ", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
            if k in os.environ}
    return {**keep, "PATH": f"{env.bin}:/usr/local/bin:/usr/bin:/bin", "BACKPROP_CLASSROOM_STATE": str(state)}


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie (our own child, not yet reaped) is gone for our purpose
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False
