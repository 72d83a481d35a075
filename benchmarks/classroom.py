"""The classroom's capacity on this machine: memory of an idle and of a working participant server,
the time from log-in to an open Day 1 notebook for one participant and for a class logging in at
once, and grading the class's submissions while they stay logged in (and, in the same run, after
their servers are stopped).

    .venv/bin/python -m benchmarks.classroom [--n 30]      # as root: it creates accounts

Writes benchmarks/classroom.md.  The class is made of throw-away accounts, removed at the end.
"""
import argparse
import json
import pwd
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import nbparts
from autograder.nbg import source_notebook
from classroom.hub import COURSE_ID
from classroom.trial import Trial, filled

DAY = "day1"
OUT = Path(__file__).with_name("classroom.md")
MB = 2**20


def pss(uid_of):
    """{user: proportional set size in MB} of every process of the given users (shared pages split fairly)."""
    uids = {pwd.getpwnam(u).pw_uid: u for u in uid_of}
    total = dict.fromkeys(uid_of, 0.0)
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            uid = int(next(line for line in (d / "status").read_text().splitlines() if line.startswith("Uid:")).split()[1])
            if uid in uids:
                rollup = (d / "smaps_rollup").read_text().splitlines()
                total[uids[uid]] += int(next(line for line in rollup if line.startswith("Pss:")).split()[1]) * 1024 / MB
        except (OSError, StopIteration):
            pass
    return total


def memory_used():
    info = dict(line.split(":") for line in Path("/proc/meminfo").read_text().splitlines())
    kb = lambda k: int(info[k].split()[0])  # noqa: E731
    return (kb("MemTotal") - kb("MemAvailable")) / 1024


def solution_cells():
    """The Day 1 solution's code cells without the checks: what a participant who did the day runs."""
    nb = nbparts.read(source_notebook(DAY))
    return [nbparts.source(c) for c in nb["cells"] if c["cell_type"] == "code" and not nbparts.is_test(c)]


class Bench:
    def __init__(self, trial):
        self.t, self.hub, self.pw = trial, trial.hub, trial.passwords()
        self.kernels = {}

    def open_day1(self, who):
        """Seconds from the log-in form to a Day 1 notebook with a kernel that answers."""
        start = time.perf_counter()
        assert self.hub.login(who, self.pw[who]).status_code == 200, who
        self.hub.wait_ready(who, timeout=600)
        r = self.hub.server(who, "POST", "/assignments/fetch", params={"course_id": COURSE_ID, "assignment_id": DAY})
        assert r.json()["success"], r.text
        path = f"{DAY}/{source_notebook(DAY).name}"
        assert self.hub.server(who, "GET", f"/api/contents/{path}").status_code == 200
        r = self.hub.server(who, "POST", "/api/sessions",
                            json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
        self.kernels[who] = r.json()["kernel"]["id"]
        out, err = self.hub.execute(who, self.kernels[who], "print(6 * 7)", timeout=600)
        assert out.strip() == "42" and err is None, (out, err)
        return time.perf_counter() - start

    def work(self, who):
        """Run the Day 1 solution in the member's open notebook kernel (what a working participant holds)."""
        for code in solution_cells():
            self.hub.execute(who, self.kernels[who], code, timeout=600)

    def check(self, who):
        """Seconds for course.check() in the member's open notebook kernel, from the call to the answer."""
        start = time.perf_counter()
        out, err = self.hub.execute(who, self.kernels[who], "import json, os, course\n"   # the kernel runs in ~/day1
                                    f"print(json.dumps(course.check(os.path.expanduser('~/{DAY}/{source_notebook(DAY).name}'))))")
        seconds = time.perf_counter() - start
        assert err is None and out.strip(), (out, err)
        result = json.loads(out.strip().splitlines()[-1])
        assert result and result["points"] == result["total"], out
        return seconds

    def responsive(self, instructor, stop):
        """The slowest answer of the class view (CSV) while the checks run: [seconds]."""
        times = []
        while not stop.is_set():
            start = time.perf_counter()
            r = self.hub.as_member(instructor, "GET", f"/services/check/class.csv?day={DAY}")
            assert r.status_code == 200, r.text[:300]
            times.append(time.perf_counter() - start)
            time.sleep(0.5)
        return times

    def submit(self, who):
        path = f"/api/contents/{DAY}/{source_notebook(DAY).name}"
        released = self.hub.server(who, "GET", path).json()["content"]
        self.hub.server(who, "PUT", path, json={"type": "notebook", "content": filled(released, DAY)})
        r = self.hub.server(who, "POST", "/assignments/submit", params={"course_id": COURSE_ID, "assignment_id": DAY})
        assert r.json()["success"], r.text


def main(n):
    roles = {"instr": "instructor", "solo": "participant", **{f"p{i:02d}": "participant" for i in range(n)}}
    with tempfile.TemporaryDirectory() as tmp:
        t = Trial(Path(tmp), roles)
        try:
            t.start(cull_after=7200)
            b = Bench(t)
            ids = t.ids
            instr, solo, cls = ids["instr"], ids["solo"], [ids[f"p{i:02d}"] for i in range(n)]
            assert t.hub.login(instr, b.pw[instr]).status_code == 200
            t.hub.wait_ready(instr)
            t.in_course(instr, f"nbgrader release_assignment {DAY}")
            base = memory_used()
            # one participant alone: log-in to an open notebook; memory idle (server and an idle kernel), working
            one = b.open_day1(solo)
            time.sleep(3)
            idle = pss([solo])[solo]
            start = time.perf_counter()
            b.work(solo)
            work_seconds = time.perf_counter() - start
            working = pss([solo])[solo]
            # the class at once: every log-in started in the same second
            with ThreadPoolExecutor(max_workers=n) as pool:
                times = list(pool.map(b.open_day1, cls))
            time.sleep(3)
            class_pss = pss(cls)
            class_used = memory_used() - base
            for who in cls:
                b.submit(who)
            t.in_course(instr, f"nbgrader collect {DAY}")
            start = time.perf_counter()
            t.in_course(instr, f"python -m autograder.grade {DAY}")
            grade_in = time.perf_counter() - start
            # live checks: one alone (nobody else checking), then the whole class in the same second
            b.submit(solo)
            check_one = b.check(solo)
            stop = threading.Event()
            with ThreadPoolExecutor(max_workers=n + 1) as pool:
                watch = pool.submit(b.responsive, instr, stop)
                check_times = list(pool.map(b.check, cls))
                stop.set()
                view_times = watch.result()
            for who in [solo, *cls]:
                t.hub.api("DELETE", f"/users/{who}/server")
            time.sleep(5)
            start = time.perf_counter()
            t.in_course(instr, f"python -m autograder.grade {DAY}")
            grade_out = time.perf_counter() - start
        finally:
            t.remove()
    report(n, one, idle, working, work_seconds, times, class_pss, class_used, grade_in, grade_out, check_one,
           check_times, view_times)


def report(n, one, idle, working, work_seconds, times, class_pss, class_used, grade_in, grade_out, check_one,
           check_times, view_times):
    per = statistics.mean(class_pss.values())
    usable = 24 * 1024 - 2 * 1024      # MB: what is left with the system, hub and proxy and a grading run
    text = f"""# The classroom on this machine (2 cores, 24 GiB), measured by `python -m benchmarks.classroom`

{time.strftime('%Y-%m-%d')}, {n} participants and an instructor, JupyterHub 6.1.1, PAM log-in, Day 1.

| what | measured |
| --- | --- |
| log-in to an open Day 1 notebook (kernel answering), one participant alone | {one:.1f} s |
| the same, {n} participants logging in in the same second: median / slowest | {statistics.median(times):.1f} s / {max(times):.1f} s |
| memory of an idle participant (server and the notebook's idle kernel, PSS) | {idle:.0f} MB |
| memory of a working participant (after running Day 1's solution, {work_seconds:.0f} s of work) | {working:.0f} MB |
| memory of the {n} logged-in participants with open notebooks: per participant (PSS) / machine total | {per:.0f} MB / {class_used / 1024:.1f} GiB |
| grading the {n} submissions while they stay logged in | {grade_in:.0f} s |
| the same grading, their servers stopped (same run) | {grade_out:.0f} s |
| a live check of Day 1 (`course.check()` to its answer in the cell), nobody else checking | {check_one:.1f} s |
| {n} participants calling `course.check()` in the same second: median / slowest answer | {statistics.median(check_times):.0f} s / {max(check_times):.0f} s |
| the class view (CSV) meanwhile: median / slowest of {len(view_times)} requests | {statistics.median(view_times):.2f} s / {max(view_times):.2f} s |

How many one machine serves. Memory allows about {int(usable / working)} working participants
({usable / 1024:.0f} GiB left for servers, {working:.0f} MB each). The two cores are the limit first:
reading and typing cost nothing, but running Day 1's solution is {work_seconds:.0f} s of one core's work,
so when k participants run all their cells at the same moment the last waits about k x {work_seconds:.0f} / 2 s:
{n} at once about {n * work_seconds / 2:.0f} s, while {int(2 * 60 / work_seconds)} at once stay within a minute.
Grading the class while everyone stays logged in took {grade_in / grade_out:.2f} times as long as with
their servers stopped.
"""
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=30)
    main(ap.parse_args().n)
