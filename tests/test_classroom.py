"""The classroom end to end: a hub on a free loopback port, an instructor and five participants from a
roster, a day's whole cycle through nbgrader's exchange (release, fetch, submit, late, collect, grade,
release and fetch feedback), every isolation rule tried for real from the members' own servers, and
nothing left running after stop.  Needs root (accounts, servers run as their users), as CI has."""
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest

from autograder import nbparts
from autograder.nbg import ROOT, source_notebook
from classroom import accounts
from classroom.hub import COURSE_ID, Classroom, answers, free_port
from tests.corpus import CORPUS, Kit, L
from classroom.client import Hub

DAY = "day1"
ENV = "/opt/backprop-classroom-test"      # built once per machine, kept while the project is unchanged
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("classroom")]


def needs_root():
    missing = [t for t in ("useradd", "npm", "bwrap", "setfacl") if shutil.which(t) is None]
    if os.geteuid() != 0 or missing or not Path("/usr/bin/python3").exists():
        pytest.skip(f"the classroom needs root and {', '.join(missing) or 'the system Python'} (make install)")


class Room:
    """One classroom for the module: its members (ids unique to this run), hub and helpers."""

    def __init__(self, tmp, roles):
        tag = secrets.token_hex(2)
        self.ids = {name: f"t{tag}-{name}" for name in roles}
        self.group = f"t{tag}-instructors"
        self.roster = tmp / "roster.csv"
        with self.roster.open("w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "name", "role"])
            w.writerows([self.ids[n], n.title(), role] for n, role in roles.items())
        self.room = Classroom(f"/srv/backprop-classroom-{tag}")
        self.hub = None

    def cli(self, *args):
        cmd = [sys.executable, "-m", "classroom", "--state", str(self.room.state), "--env", ENV,
               "--group", self.group, *args]
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-3000:]
        return p.stdout

    def start(self, **options):
        port = free_port()
        self.cli("start", "--roster", str(self.roster), "--port", str(port),
                 *[x for k, v in options.items() for x in (f"--{k.replace('_', '-')}", str(v))])
        self.hub = Hub(self.room.url(), self.room.token_file.read_text().strip())
        return self.hub

    def passwords(self):
        with self.room.passwords.open() as f:
            return {r["id"]: r["password"] for r in csv.DictReader(f)}

    def remove(self):
        if self.room.pid():
            self.room.stop(log=lambda *_: None)
        accounts.remove(self.ids.values())
        subprocess.run(["groupdel", self.group], capture_output=True)
        if not os.environ.get("KEEP_CLASSROOM"):
            shutil.rmtree(self.room.state, ignore_errors=True)


ROLES = {"instr": "instructor", "lead": "instructor+servers", "alice": "participant", "bob": "participant",
         "carol": "participant", "dave": "participant", "erin": "participant"}


def filled(released, share):
    """The released notebook with the first `share` of its answer cells written as the solution."""
    nb = json.loads(json.dumps(released))
    solution = nbparts.answers(nbparts.read(source_notebook(DAY)))
    cells = [c for c in nb["cells"] if nbparts.is_answer(c)]
    for c in cells[: round(len(cells) * share)]:
        c["source"] = solution[nbparts.meta(c)["grade_id"]]
    return nb


def cheating():
    """From the grading corpus: np.allclose patched to say True, with a wrong cross_entropy."""
    kit = Kit()
    files = CORPUS["patches np.allclose"][0](kit)
    return json.loads(files[kit.name])


def in_course(c, command):
    """A shell command run by the instructor, in their own server, in the course folder."""
    out, err = c.hub.run(c.ids["instr"], "import subprocess\n"
                         f"p = subprocess.run({command!r}, shell=True, cwd=__import__('os').path.expanduser('~/course'),"
                         " capture_output=True, text=True)\nprint(p.returncode)\nprint(p.stdout[-3000:], p.stderr[-3000:])")
    assert err is None and out.startswith("0\n"), out
    return out


def refused(c, who, code):
    """Run code as the member that must raise PermissionError; the error it raised."""
    out, err = c.hub.run(who, code)
    assert err and err.startswith("PermissionError"), (who, code, out, err)
    return err


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    needs_root()
    c = Room(tmp_path_factory.mktemp("classroom"), ROLES)
    try:
        c.cli("accounts", str(c.roster))
        hub = c.start()
        pw, ids = c.passwords(), c.ids
        # everyone logs in through the form (PAM); the log-in starts their server
        for name, who in ids.items():
            if name != "erin":            # erin logs in through a real browser (test_browser_...)
                assert hub.login(who, pw[who]).status_code == 200, who
        for name, who in ids.items():
            if name != "erin":
                hub.wait_ready(who)
        in_course(c, f"nbgrader release_assignment {DAY}")
        released = None
        for name in ("alice", "bob", "carol", "dave"):
            who = ids[name]
            r = hub.server(who, "POST", "/assignments/fetch", params={"course_id": COURSE_ID, "assignment_id": DAY})
            assert r.status_code == 200 and r.json()["success"], r.text
            path = f"/api/contents/{DAY}/{source_notebook(DAY).name}"
            released = released or hub.server(who, "GET", path).json()["content"]
            nb = {"alice": lambda: filled(released, 1.0), "bob": lambda: released,
                  "carol": lambda: filled(released, 0.5), "dave": cheating}[name]()
            assert hub.server(who, "PUT", path, json={"type": "notebook", "content": nb}).status_code == 200
            if name == "dave":
                # the day is due before dave hands in: his submission is late
                time.sleep(0.5)
                due = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
                in_course(c, f"nbgrader db assignment add {DAY} --duedate='{due} UTC'")
            r = hub.server(who, "POST", "/assignments/submit", params={"course_id": COURSE_ID, "assignment_id": DAY})
            assert r.status_code == 200 and r.json()["success"], r.text
        in_course(c, f"nbgrader collect {DAY} && python -m autograder.grade {DAY} && nbgrader release_feedback {DAY}")
        for name in ("alice", "bob", "carol", "dave"):
            r = hub.server(ids[name], "POST", "/assignments/fetch_feedback",
                           params={"course_id": COURSE_ID, "assignment_id": DAY})
            assert r.status_code == 200 and r.json()["success"], r.text
        yield c
    finally:
        c.remove()


def gradebook(c):
    from nbgrader.api import Gradebook
    with Gradebook("sqlite:///" + str(c.room.course / "autograder" / "gradebook.db")) as gb:
        subs = {s.student.id: s for s in gb.assignment_submissions(DAY)}
        return ({who: s.score for who, s in subs.items()}, {who: s.total_seconds_late for who, s in subs.items()},
                {g.name: g.max_score for nb in next(iter(subs.values())).notebooks for g in nb.grades})


def test_each_submission_gets_its_score_and_only_the_late_one_is_late(cycle):
    scores, late, points = gradebook(cycle)
    ids, full = cycle.ids, sum(points.values())
    assert set(scores) == {ids[n] for n in ("alice", "bob", "carol", "dave")}
    assert scores[ids["alice"]] == full and scores[ids["bob"]] == 0
    assert 0 < scores[ids["carol"]] < full
    assert scores[ids["dave"]] == full - points[Kit().test_of(L)], "the cheat must cost cross_entropy's points"
    assert late[ids["dave"]] > 0 and all(late[ids[n]] == 0 for n in ("alice", "bob", "carol")), late


def test_each_participant_fetched_their_own_feedback(cycle):
    for name in ("alice", "bob", "carol", "dave"):
        who = cycle.ids[name]
        out, err = cycle.hub.run(who, "import glob, os\n"
                                 f"print(glob.glob(os.path.expanduser('~/{DAY}/feedback/*/*.html')))")
        assert err is None and f"{source_notebook(DAY).stem}.html" in out, (name, out)


def test_the_hub_secrets_and_the_hand_out_sheet_are_root_only(cycle):
    hub = cycle.room.hub
    for f in (hub, hub / "jupyterhub_cookie_secret", hub / "jupyterhub.sqlite", cycle.room.passwords):
        st = f.stat()
        assert st.st_uid == 0 and st.st_mode & 0o077 == 0, f
    refused(cycle, cycle.ids["alice"], f"open({str(hub / 'jupyterhub_cookie_secret')!r}).read()")


def test_a_participant_cannot_reach_another_participants_work(cycle):
    c, ids = cycle, cycle.ids
    alice, bob = ids["alice"], ids["bob"]
    inbound = c.room.exchange / COURSE_ID / "inbound"
    bobs = next(p for p in inbound.iterdir() if p.name.startswith(bob + "+"))
    feedback = [p for p in (c.room.exchange / COURSE_ID / "feedback").iterdir()]
    # two files a participant: the feedback notebook and the grader's report
    assert len(feedback) == 8
    refused(c, alice, f"import os; os.listdir(os.path.expanduser('~{bob}'))")
    refused(c, alice, f"import os; os.listdir({str(inbound)!r})")
    refused(c, alice, f"import os; os.listdir({str(bobs)!r})")
    refused(c, alice, f"open({str(bobs / 'submission_secret.txt')!r}).read()")
    # each feedback file names one reader, its participant; the others' files are refused, names known
    readers = {p: [line.split(":")[1] for line in acl(p).splitlines() if line.startswith("user:") and line.split(":")[1]]
               for p in feedback}
    assert all(len(rs) == 1 for rs in readers.values()), readers
    assert {rs[0] for rs in readers.values()} == {ids[n] for n in ("alice", "bob", "carol", "dave")}
    for p, rs in readers.items():
        if rs != [alice]:
            refused(c, alice, f"open({str(p)!r}).read()")
    refused(c, alice, f"open({str(c.room.exchange / COURSE_ID / 'outbound' / DAY / 'x.ipynb')!r}, 'w')")
    refused(c, alice, f"import os; os.listdir({str(c.room.course)!r})")
    # bob's server with alice's token: sent to log in, never served
    for path in (f"/user/{bob}/api/contents", f"/user/{bob}/lab"):
        assert c.hub.as_member(alice, "GET", path).status_code in (302, 403, 404), path
    # her kernels talk over Unix sockets in her home, not loopback TCP others could subscribe to
    out, _ = c.hub.run(alice, "import json; from ipykernel import get_connection_info\n"
                       "print(json.loads(get_connection_info())['transport'])")
    assert out.strip() == "ipc"


def acl(path):
    return subprocess.run(["getfacl", "-p", str(path)], capture_output=True, text=True).stdout


def test_only_instructors_get_the_formgrader_and_the_class_tools(cycle):
    c, ids = cycle, cycle.ids
    for name in ("instr", "lead"):
        r = c.hub.server(ids[name], "GET", "/formgrader", allow_redirects=True)
        assert r.status_code == 200 and "formgrader" in r.url, name
        assert c.hub.as_member(ids[name], "GET", "/hub/api/users").status_code == 200
    alice = ids["alice"]
    for path in ("/formgrader", "/formgraders", "/formgrader/api/assignments"):
        assert c.hub.server(alice, "GET", path).status_code == 404, path
    lab = c.hub.server(alice, "GET", "/lab", allow_redirects=True).text
    assert '"@jupyter/nbgrader:formgrader": true' in lab.replace("\\", "") or "nbgrader:formgrader" in lab
    assert "nbgrader:formgrader" not in c.hub.server(ids["instr"], "GET", "/lab", allow_redirects=True).text
    assert c.hub.as_member(alice, "GET", "/hub/api/users").status_code == 403
    assert c.hub.as_member(alice, "GET", "/hub/admin").status_code in (302, 403)


def test_instructors_enter_participants_servers_only_when_the_roster_says_so(cycle):
    c, ids = cycle, cycle.ids
    assert c.hub.as_member(ids["instr"], "GET", f"/user/{ids['alice']}/api/status").status_code in (302, 403, 404)
    assert c.hub.as_member(ids["lead"], "GET", f"/user/{ids['alice']}/api/status").status_code == 200


def test_only_the_roster_logs_in(cycle, tmp_path):
    outsider = f"{cycle.ids['alice'].split('-')[0]}-outsider"
    subprocess.run(["useradd", "--create-home", outsider], check=True)
    try:
        subprocess.run(["chpasswd"], input=f"{outsider}:Outsider-pass-1\n", text=True, check=True)
        assert cycle.hub.login(outsider, "Outsider-pass-1").status_code == 403
        assert cycle.hub.login(cycle.ids["bob"], "not-his-password").status_code == 403
    finally:
        accounts.remove([outsider])


def test_a_participant_logs_in_fetches_day1_in_the_assignments_panel_and_it_opens(cycle):
    from tests.browser_kit import ARTIFACTS, chromium
    who = cycle.ids["erin"]
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{cycle.hub.url}/hub/login")
        page.fill("#username_input", who)
        page.fill("#password_input", cycle.passwords()[who])
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{who}/lab**", timeout=240_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click(timeout=120_000)
        page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
        released = page.locator("#released_assignments_list .list_item", has_text=DAY)
        released.locator("button", has_text="Fetch").click(timeout=60_000)
        fetched = page.locator("#fetched_assignments_list .list_item", has_text=DAY)
        fetched.locator(".assignment-notebooks-link").click(timeout=60_000)
        fetched.locator("a", has_text=source_notebook(DAY).stem).click()
        tab = page.locator(".lm-TabBar-tabLabel", has_text=source_notebook(DAY).name)
        tab.wait_for(timeout=60_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(timeout=60_000)
        # its kernel started, as erin, and answers (the status bar says so)
        page.locator(".jp-StatusBar-Widget", has_text="Idle").first.wait_for(timeout=120_000)
        assert page.get_by_text("official Jupyter news").count() == 0, "the news toast is on"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "classroom-day1-fetched.png"))
    out, _ = cycle.hub.run(who, f"import os; print(os.listdir(os.path.expanduser('~/{DAY}')))")
    assert source_notebook(DAY).name in out


def test_stop_leaves_nothing_running(cycle):
    url, ids = cycle.room.url(), cycle.ids
    cycle.cli("stop")
    assert not cycle.room.leftovers() and not cycle.room.pid()
    for who in ids.values():
        assert subprocess.run(["pgrep", "-u", who], capture_output=True).returncode == 1, who
    assert not answers(url + "/hub/api/")


def test_an_idle_server_is_culled_after_the_time_set(tmp_path):
    needs_root()
    c = Room(tmp_path, {"instr": "instructor", "idle": "participant"})
    try:
        c.cli("accounts", str(c.roster))
        hub = c.start(cull_after=10)
        hub.wait_ready(c.ids["idle"])
        t0 = time.time()
        while hub.api("GET", f"/users/{c.ids['idle']}").json()["servers"] and time.time() - t0 < 120:
            time.sleep(2)
        assert not hub.api("GET", f"/users/{c.ids['idle']}").json()["servers"], "not culled within 120 s"
    finally:
        c.remove()
