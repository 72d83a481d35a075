"""The corpus of bad submissions, graded as one class through the real command, with its surroundings.

The run happens beside what an attacker would aim at: a canary file and an
instructor's JupyterLab runtime file in the grader's home, a canary in the
grader's environment, a server on loopback that hands out an answer to
whoever has the token, and a PUB socket on loopback that broadcasts one.
Beyond each kind's score, the test checks that none of it reached a
report, that the classmate's hand-in and the gradebook are intact, that
feedback holds nothing but reports, and that nothing is left running.
"""
import csv
import hashlib
import http.server
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from autograder import nbparts, sandbox
from autograder.nbg import ROOT, env
from autograder.submissions import EXCHANGE_FILES
from tests.corpus import ALL, CORPUS, DAY, REJECTED, Dir, Kit, Link
from tests.corpus_redteam import ANSWER

BUDGET, CELL_TIMEOUT = 40, 10


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def expected_scores(kit, expected, tests):
    full = {g: p for g, (p, _) in tests.items()}
    if expected == ALL:
        return {g: 0.0 for g in tests}
    if expected == "only_first":
        first = next(iter(kit.where))
        return {g: (p if g == kit.test_of(first) else 0.0) for g, p in full.items()}
    zero = {kit.test_of(fn) for fn in expected}
    return {g: (0.0 if g in zero else p) for g, p in full.items()}


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class Surroundings:
    """What an attacker aims at, set up around the run and taken down after it."""

    def __init__(self):
        # the attack on the network alone is handed a token; the one in the home folder is secret
        self.token, self.home_token = secrets.token_hex(8), "CANARY-TOKEN-" + secrets.token_hex(8)
        self.canary = "CANARY-HOME-" + secrets.token_hex(8)
        self.env_canary = "CANARY-ENV-" + secrets.token_hex(8)
        self.home = Path.home()
        self.home_file = self.home / ".backprop-canary"
        self.runtime_file = self.home / ".local/share/jupyter/runtime" / f"jpserver-canary-{os.getpid()}.json"
        tokens = (self.token, self.home_token)

        class Answer(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                ok = any(t in self.path for t in tokens)
                self.send_response(200 if ok else 403)
                self.end_headers()
                self.wfile.write(ANSWER.encode() if ok else b"")

            def log_message(self, *a):
                pass

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        import zmq
        self.pub = zmq.Context.instance().socket(zmq.PUB)
        self.zmq_port = self.pub.bind_to_random_port("tcp://127.0.0.1")
        self.stop = threading.Event()
        threading.Thread(target=self._broadcast, daemon=True).start()
        self.home_file.write_text(self.canary)
        self.runtime_file.parent.mkdir(parents=True, exist_ok=True)
        self.runtime_file.write_text(json.dumps(
            {"url": f"http://127.0.0.1:{self.http.server_port}/", "token": self.home_token}))

    def _broadcast(self):
        while not self.stop.is_set():
            self.pub.send(ANSWER.encode())
            time.sleep(0.1)

    def secrets_in(self, text):
        return [s for s in (self.canary, self.env_canary, self.home_token) if s in text]

    def close(self):
        self.stop.set()
        self.http.shutdown()
        self.home_file.unlink(missing_ok=True)
        self.runtime_file.unlink(missing_ok=True)


def write_submission(folder, files):
    folder.mkdir(parents=True)
    for fname, data in files.items():
        if isinstance(data, Link):
            os.symlink(data, folder / fname)
        elif isinstance(data, Dir):
            (folder / fname).mkdir()
        else:
            (folder / fname).write_bytes(data)


RUN_ID = "corpus" + secrets.token_hex(4)


def run_grader(wd, around, *extra):
    cmd = [sys.executable, "-m", "autograder.grade", DAY, "--workdir", str(wd), "--timeout", str(CELL_TIMEOUT),
           "--budget", str(BUDGET), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=env(LMS_API_TOKEN=around.env_canary, BACKPROP_RUN_ID=RUN_ID),
                          capture_output=True, text=True, timeout=3600)


def read_scores(wd, tests):
    with open(wd / "reports" / DAY / "exercises.csv") as f:
        return {r["participant"]: ({g: float(r[g]) for g in tests}, r["notes"]) for r in csv.DictReader(f)}


def sandboxed_processes():
    """Processes of this run's sandboxes still running: a sandbox user id, in one of the run's cgroups."""
    left = []
    for d in Path("/proc").iterdir():
        try:
            uid = int((d / "status").read_text().split("Uid:")[1].split()[0])
            groups = (d / "cgroup").read_text()
        except (OSError, IndexError, ValueError):
            continue
        if uid in sandbox.UIDS and f"backprop-{RUN_ID}-" in groups:
            left.append(d.name)
    return left


@pytest.fixture
def around():
    s = Surroundings()
    yield s
    s.close()


@pytest.mark.slow
def test_the_corpus_gets_exactly_the_expected_scores(tmp_path, around, needs_sandbox):
    assert len(CORPUS) >= 60
    kit = Kit()
    tests = nbparts.tests(kit.solution)
    wd = tmp_path / "wd"
    kit.wd, kit.home, kit.token = str(wd), str(around.home), around.token
    kit.http_port, kit.zmq_port = around.http.server_port, around.zmq_port
    (wd / "submitted").mkdir(parents=True)
    (wd / ".secret").write_text(secrets.token_hex(32))
    course_secret = (wd / ".secret").read_text()
    for name, (build, _) in CORPUS.items():
        if build == "link to solution":
            continue
        write_submission(wd / "submitted" / slug(name) / DAY, build(kit))
    for name, (build, _) in CORPUS.items():
        if build == "link to solution":
            os.symlink(wd / "submitted" / "solution", wd / "submitted" / slug(name))
    (wd / "submitted" / "bad id!" / DAY).mkdir(parents=True)
    config_before = digest(ROOT / "nbgrader_config.py")
    classmate = wd / "submitted" / "solution" / DAY / kit.name
    classmate_before = digest(classmate)

    p = run_grader(wd, around)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]

    assert digest(ROOT / "nbgrader_config.py") == config_before
    assert digest(classmate) == classmate_before, "a classmate's hand-in was changed"
    got = read_scores(wd, tests)
    wrong = []
    for name, (_, expected) in CORPUS.items():
        if expected == REJECTED:
            if slug(name) in got:
                wrong.append(f"{name}: was graded, should have been rejected")
            continue
        scores, notes = got[slug(name)]
        want = expected_scores(kit, expected, tests)
        if scores != want:
            wrong.append(f"{name}: got {scores}, expected {want}; notes {notes}")
    assert not wrong, "\n".join(wrong)

    # the good notebook went through nbgrader cleanly: its kernel ran, its feedback is there
    assert got["solution"][1] == ""
    assert (wd / "feedback" / "solution" / DAY / kit.name.replace(".ipynb", ".html")).exists()

    # the gradebook holds every graded participant's verdict, and grades.csv agrees
    from nbgrader.api import Gradebook
    with Gradebook("sqlite:///" + str(wd / "gradebook.db")) as gb:
        for who, (scores, _) in got.items():
            assert gb.find_submission(DAY, who).score == pytest.approx(sum(scores.values())), who
    with open(wd / "grades.csv") as f:
        graded = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert graded == {who: pytest.approx(sum(s.values())) for who, (s, _) in got.items()}

    # every participant has a report; feedback holds nothing but reports (and, as regular files, the
    # exchange's timestamp and secret that nbgrader release_feedback reads)
    for name, (_, expected) in CORPUS.items():
        if expected != REJECTED:
            assert (wd / "feedback" / slug(name) / DAY / "grader_report.html").is_file(), name
    allowed = {"grader_report.html", kit.name.replace(".ipynb", ".html"), *EXCHANGE_FILES}
    for f in (wd / "feedback").rglob("*"):
        assert f.is_dir() and not f.is_symlink() or f.name in allowed and f.is_file(), f
    summary = (wd / "reports" / DAY / "summary.html").read_text()
    assert "bad id!" in summary and (wd / "reports" / DAY / "scores.png").stat().st_size > 1000
    assert "submission folder is a link" in summary
    assert max(p.stat().st_size for p in (wd / "feedback").rglob("*.html")) < 3_000_000

    # nothing the participant's code should not see reached anything the run wrote
    shadow = Path("/etc/shadow").read_text().splitlines()[0] if os.access("/etc/shadow", os.R_OK) else None
    for f in [*(wd / "feedback").rglob("*.html"), *(wd / "reports").rglob("*"), wd / "grades.csv"]:
        if f.is_file() and f.suffix != ".png":
            text = f.read_text(errors="replace")
            assert not around.secrets_in(text), f"{around.secrets_in(text)} in {f}"
            assert course_secret not in text and "PLANTED-FILE" not in text, f
            assert shadow is None or shadow not in text, f
    assert around.env_canary not in p.stdout + p.stderr

    # the rejected notebooks are said to be so, in words
    assert "not a readable notebook" in got["invalid-json"][1]
    assert "graded alice_forward.ipynb" in got["another-participant-s-file-name"][1]
    assert "symbolic link" in got["the-hand-in-is-a-link-to-the-course-secret"][1]
    assert "MB allowed" in got["a-25-mb-notebook"][1]

    # nothing left running or lying around
    assert sandboxed_processes() == []
    assert not list(Path("/sys/fs/cgroup").glob(f"*/backprop-{RUN_ID}-*"))

    # a second run gives the same grades
    again = run_grader(wd, around, "--student", "solution", "--student", "invalid-json",
                       "--student", "syntax-error", "--student", "huge-values-of-the-right-shape")
    assert again.returncode == 0, again.stderr[-2000:]
    for who, (scores, _) in read_scores(wd, tests).items():
        assert scores == got[who][0], who
