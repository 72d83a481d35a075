"""The classroom end to end: a hub on a free loopback port, an instructor and five participants from a
roster, a day's whole cycle through nbgrader's exchange (release, fetch, submit, late, collect, grade,
release and fetch feedback), every isolation rule tried for real from the members' own servers, and
nothing left running after stop.  Needs root (accounts, servers run as their users), as CI has."""
import csv
import io
import json
import os
import signal
import shutil
import subprocess
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from autograder.nbg import source_notebook
from autograder.progress import exercise_name
from classroom import accounts
from classroom.hub import COURSE_ID, answers
from classroom.trial import Trial, filled
from tests.corpus import CORPUS, Kit, L

DAY = "day1"
NOTEBOOK = f"/api/contents/{DAY}/{source_notebook(DAY).name}"     # Day 1's notebook in a member's server
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("classroom")]


def needs_root():
    missing = [t for t in ("useradd", "npm", "bwrap", "setfacl") if shutil.which(t) is None]
    if os.geteuid() != 0 or missing or not Path("/usr/bin/python3").exists():
        pytest.skip(f"the classroom needs root and {', '.join(missing) or 'the system Python'} (make install)")


CHECK_LIMIT = 3            # live checks a participant may run in 10 minutes (dave runs one too many)
ROLES = {"instr": "instructor", "lead": "instructor+servers", "alice": "participant", "bob": "participant",
         "carol": "participant", "dave": "participant", "erin": "participant"}


def cheating():
    """From the grading corpus: np.allclose patched to say True, with a wrong cross_entropy."""
    kit = Kit()
    files = CORPUS["patches np.allclose"][0](kit)
    return json.loads(files[kit.name])


def refused(c, who, code):
    """Run code as the member that must raise PermissionError; the error it raised."""
    out, err = c.hub.run(who, code)
    assert err and err.startswith("PermissionError"), (who, code, out, err)
    return err


def ok(c, r):
    """r, if it is a success; otherwise a failure that says what answered and what the hub logged
    (a CI failure has no classroom left to look at)."""
    where = f" -> {r.headers['Location']}" if "Location" in r.headers else ""
    assert r.ok, f"{r.status_code}{where}: {r.text[:300]!r}\nhub log:\n{c.room.log_tail()}"
    return r


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    needs_root()
    c = Trial(tmp_path_factory.mktemp("classroom"), ROLES)
    try:
        hub = c.start(check_limit=CHECK_LIMIT)
        pw, ids = c.passwords(), c.ids
        # everyone logs in through the form (PAM); the log-in starts their server
        for name, who in ids.items():
            if name != "erin":            # erin logs in through Chromium (test_a_participant_logs_in_...)
                assert hub.login(who, pw[who]).status_code == 200, who
        for name, who in ids.items():
            if name != "erin":
                hub.wait_ready(who)
        c.in_course(ids["instr"], f"nbgrader release_assignment {DAY}")
        released = None
        for name in ("alice", "bob", "carol", "dave"):
            who = ids[name]
            r = hub.server(who, "POST", "/assignments/fetch", params={"course_id": COURSE_ID, "assignment_id": DAY})
            assert r.status_code == 200 and r.json()["success"], r.text
            released = released or ok(c, hub.server(who, "GET", NOTEBOOK)).json()["content"]
            nb = {"alice": lambda: filled(released, DAY), "bob": lambda: released,
                  "carol": lambda: filled(released, DAY, 0.5), "dave": cheating}[name]()
            ok(c, hub.server(who, "PUT", NOTEBOOK, json={"type": "notebook", "content": nb}))
            if name == "dave":
                # the day is due before dave hands in: his submission is late
                time.sleep(0.5)
                due = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
                c.in_course(ids["instr"], f"nbgrader db assignment add {DAY} --duedate='{due} UTC'")
            r = hub.server(who, "POST", "/assignments/submit", params={"course_id": COURSE_ID, "assignment_id": DAY})
            assert r.status_code == 200 and r.json()["success"], r.text
        c.in_course(ids["instr"], f"nbgrader collect {DAY} && python -m autograder.grade {DAY} "
                                  f"&& nbgrader release_feedback {DAY}")
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


def test_instructors_share_the_course_folder(cycle):
    ids = cycle.ids
    out, err = cycle.hub.run(ids["instr"], "import os; print(oct(os.umask(0)))")
    assert err is None and out.strip() == "0o7"
    # the gradebook and grades the first instructor wrote, the second may change
    out, err = cycle.hub.run(ids["lead"], "import os\nfor f in ('gradebook.db', 'grades.csv'):\n"
                             "    open(os.path.expanduser('~/course/autograder/' + f), 'r+b').close()\nprint('ok')")
    assert err is None and out.strip() == "ok", err


def test_only_the_roster_logs_in(cycle, tmp_path):
    outsider = f"{cycle.ids['alice'].split('-')[0]}-outsider"
    subprocess.run(["useradd", "--create-home", outsider], check=True)
    try:
        subprocess.run(["chpasswd"], input=f"{outsider}:Outsider-pass-1\n", text=True, check=True)
        assert cycle.hub.login(outsider, "Outsider-pass-1").status_code == 403
        assert cycle.hub.login(cycle.ids["bob"], "not-his-password").status_code == 403
    finally:
        accounts.remove([outsider])


def live_check(c, who, notebook=f"{DAY}/forward.ipynb"):
    """course.check() in a cell of the member's own kernel: (the result, or None, and what it printed)."""
    out, err = c.hub.run(who, f"import json, course\nr = course.check({notebook!r})\nprint(json.dumps(r))")
    assert err is None, err
    *printed, last = out.strip().splitlines()
    return json.loads(last), "\n".join(printed)


def cheated():
    """The exercise whose checks the cheating submission fails (its wrong cross_entropy)."""
    return exercise_name(Kit().test_of(L))


def states(result):
    return {e["name"]: e["state"] for e in result["exercises"]}


def test_live_checks_answer_each_participant_with_the_state_of_their_notebook(cycle):
    ids = cycle.ids
    alice, _ = live_check(cycle, ids["alice"])
    assert alice["points"] == alice["total"] > 0 and set(states(alice).values()) == {"passed"}
    bob, _ = live_check(cycle, ids["bob"])
    assert bob["points"] == 0 and set(states(bob).values()) == {"not started"}
    carol, _ = live_check(cycle, ids["carol"])
    assert {"passed", "not started"} == set(states(carol).values())
    dave, _ = live_check(cycle, ids["dave"])
    assert [n for n, s in states(dave).items() if s != "passed"] == [cheated()]
    hint = next(e["hint"] for e in dave["exercises"] if e["name"] == cheated())
    assert hint and "expected" not in hint.lower(), hint


def class_view(c, who, suffix="", day=DAY):
    return c.hub.as_member(who, "GET", f"/services/check/class{suffix}?day={day}")


def test_the_class_view_shows_the_grid_and_the_stuck_participant_to_instructors_only(cycle):
    c, ids = cycle, cycle.ids
    for _ in range(2):   # dave's cross_entropy fails twice more: three failed checks in a row
        live_check(c, ids["dave"])
    result, printed = live_check(c, ids["dave"])          # one more than the limit
    assert result is None and f"{CHECK_LIMIT} checks in 10 minutes is the limit" in printed, printed
    page = class_view(c, ids["instr"])
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert f'<tr class="participant stuck" data-who="{ids["dave"]}"' in html and f"stuck on {cheated()}" in html
    alice_row = html.split(f'data-who="{ids["alice"]}"')[1].split("</tr>")[0]
    assert "data-state=\"failing\"" not in alice_row and alice_row.count('data-state="passed"') > 5
    assert class_view(c, ids["lead"]).status_code == 200
    for who in (ids["alice"], ids["bob"]):
        assert class_view(c, who).status_code == 403 and class_view(c, who, ".csv").status_code == 403
    table = list(csv.DictReader(io.StringIO(class_view(c, ids["instr"], ".csv").text)))
    row = next(r for r in table if r["participant"] == ids["dave"] and r["exercise"] == cheated())
    assert row["state"] == "failing" and row["checks"] == "3" and row["stuck"] == "yes" and row["last_failure"]


def test_a_check_is_always_in_the_name_of_the_token_that_sent_it(cycle):
    c, ids = cycle, cycle.ids
    url = f"http://127.0.0.1:{c.room.settings()['check_port']}/services/check/api/check"
    finished = ok(c, c.hub.server(ids["alice"], "GET", NOTEBOOK)).json()["content"]
    token = c.hub.token(ids["carol"])
    # carol sends alice's finished notebook and says it is alice's
    r = requests.post(url, json={"day": DAY, "notebook": finished, "who": ids["alice"]},
                      headers={"Authorization": f"token {token}"}, timeout=30)
    assert r.status_code == 202, r.text
    job = r.json()["id"]
    assert requests.get(f"{url}/{job}", headers={"Authorization": f"token {c.hub.token(ids['bob'])}"},
                        timeout=30).status_code == 404, "another participant read carol's check"
    while requests.get(f"{url}/{job}", headers={"Authorization": f"token {token}"}, timeout=30).json()["state"] in (
            "queued", "running"):
        time.sleep(0.5)
    table = list(csv.DictReader(io.StringIO(class_view(c, ids["instr"], ".csv").text)))
    checks = {r["participant"]: int(r["checks"]) for r in table if r["exercise"] == table[0]["exercise"]}
    assert checks[ids["alice"]] == 1 and checks[ids["carol"]] == 2
    assert requests.post(url, json={"day": DAY, "notebook": finished}, timeout=30).status_code in (302, 403)


def test_the_record_of_checks_survives_a_restart_of_the_service(cycle):
    c, ids = cycle, cycle.ids
    before = class_view(c, ids["instr"], ".csv").text
    pids = [p for p in c.room.leftovers() if b"classroom.check_service" in Path(f"/proc/{p}/cmdline").read_bytes()]
    assert len(pids) == 1
    os.kill(pids[0], signal.SIGKILL)
    deadline = time.time() + 120
    while time.time() < deadline:
        r = class_view(c, ids["instr"], ".csv")
        if r.status_code == 200:
            break
        time.sleep(1)
    assert r.status_code == 200 and kept(r.text) == kept(before)


def kept(csv_text):
    """The class table without the minutes since the first try, which go on counting."""
    return [{k: v for k, v in row.items() if k != "minutes_since_first_try"}
            for row in csv.DictReader(io.StringIO(csv_text))]


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


def test_the_instructor_sees_the_class_view_update_after_a_check(cycle):
    from tests.browser_kit import ARTIFACTS, chromium
    c, ids = cycle, cycle.ids
    erin = ids["erin"]
    released = ok(c, c.hub.server(erin, "GET", NOTEBOOK)).json()["content"]      # fetched in the Assignments panel
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 900})
        page.goto(f"{c.hub.url}/hub/login?next=/services/check/class%3Fday%3D{DAY}")
        page.fill("#username_input", ids["instr"])
        page.fill("#password_input", c.passwords()[ids["instr"]])
        page.click("#login_submit")
        row = page.locator(f'tr[data-who="{erin}"]')
        row.wait_for(timeout=120_000)
        assert row.locator('td[data-state="passed"]').count() == 0
        ok(c, c.hub.server(erin, "PUT", NOTEBOOK, json={"type": "notebook", "content": filled(released, DAY)}))
        result, _ = live_check(c, erin)
        assert result["points"] == result["total"]
        # the page reloads itself: erin's cells turn passed without anyone touching it
        page.wait_for_function(f"document.querySelectorAll('tr[data-who=\"{erin}\"] td[data-state=\"passed\"]')"
                               f".length == {len(result['exercises'])}", timeout=60_000)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "classroom-class-view.png"), full_page=True)


def test_stop_leaves_nothing_running(cycle):
    url, ids = cycle.room.url(), cycle.ids
    cycle.cli("stop")
    assert not cycle.room.leftovers() and not cycle.room.pid()
    for who in ids.values():
        assert subprocess.run(["pgrep", "-u", who], capture_output=True).returncode == 1, who
    assert not answers(url + "/hub/api/")


def test_an_idle_server_is_culled_after_the_time_set(tmp_path):
    needs_root()
    c = Trial(tmp_path, {"instr": "instructor", "idle": "participant"})
    try:
        hub = c.start(cull_after=10)
        hub.wait_ready(c.ids["idle"])
        t0 = time.time()
        while hub.api("GET", f"/users/{c.ids['idle']}").json()["servers"] and time.time() - t0 < 120:
            time.sleep(2)
        assert not hub.api("GET", f"/users/{c.ids['idle']}").json()["servers"], "not culled within 120 s"
    finally:
        c.remove()
