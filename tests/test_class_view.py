"""The class view's table from a record of checks: states, attempts, stuck participants, pass rates and
the most common failure; its page and CSV; and course.check() away from a hub."""
import csv
import io

from classroom import class_view
from classroom.check_record import FAILING, PASSED, STUCK_SECONDS, TODO, Record, class_table

EX = ["sigmoid", "softmax", "cross_entropy"]


def rows(**states):
    """One check's rows: {exercise: state or (state, hint)}; the others not started."""
    out = []
    for ex in EX:
        s = states.get(ex, TODO)
        state, hint = s if isinstance(s, tuple) else (s, "off by 2x: did you average twice?" if s == FAILING else None)
        out.append({"name": ex, "points": 2.0, "score": 2.0 if state == PASSED else 0.0, "state": state,
                    "checks": "", "hint": hint})
    return out


def test_three_failed_checks_in_a_row_or_fifteen_minutes_make_a_participant_stuck(tmp_path):
    rec = Record(tmp_path / "checks.sqlite")
    t0 = 1_000_000.0
    for k in range(3):   # ann fails cross_entropy three times in a row
        rec.add("ann", "day1", rows(sigmoid=PASSED, cross_entropy=FAILING), at=t0 + 60 * k)
    rec.add("ben", "day1", rows(softmax=FAILING), at=t0)                 # ben: once, long ago
    rec.add("cat", "day1", rows(softmax=FAILING), at=t0)                 # cat: failed twice, then passed
    rec.add("cat", "day1", rows(softmax=FAILING), at=t0 + 30)
    rec.add("cat", "day1", rows(softmax=PASSED), at=t0 + 60)
    rec.add("zed", "day1", rows(sigmoid=PASSED), at=t0)                  # not on the roster: left out
    table = class_table(rec.checks("day1"), ["ann", "ben", "cat", "dan"], EX, now=t0 + 200)
    by = {r["who"]: r for r in table["rows"]}
    assert [r["who"] for r in table["rows"]] == ["ann", "ben", "cat", "dan"]
    assert by["ann"]["stuck"] == ["cross_entropy"] and by["ann"]["cells"]["cross_entropy"]["attempts"] == 3
    assert by["ann"]["cells"]["sigmoid"]["state"] == PASSED and by["ann"]["cells"]["softmax"]["state"] == TODO
    assert by["ben"]["stuck"] == [] and by["cat"]["stuck"] == [] and by["dan"]["last_check"] is None
    assert by["cat"]["cells"]["softmax"] == {"state": PASSED, "attempts": 3, "since_first": 200, "stuck": False,
                                             "hint": None}
    later = class_table(rec.checks("day1"), ["ann", "ben", "cat", "dan"], EX, now=t0 + STUCK_SECONDS)
    assert {r["who"]: r["stuck"] for r in later["rows"]}["ben"] == ["softmax"]
    s = table["summary"]
    assert s["softmax"]["passed"] == 1 and s["softmax"]["failing"] == 1 and s["softmax"]["pass_rate"] == 0.25
    assert s["cross_entropy"]["common_failure"] == "off by 2x: did you average twice?" and s["cross_entropy"]["count"] == 1
    assert rec.times_since("ann", t0 + 30) == [t0 + 60, t0 + 120]


def test_the_most_common_failure_is_the_one_most_participants_fail_with(tmp_path):
    rec = Record(tmp_path / "checks.sqlite")
    for who, hint in (("a", "shape (3,) expected (3, 1)"), ("b", "shape (3,) expected (3, 1)"), ("c", "NaN")):
        rec.add(who, "day1", rows(softmax=(FAILING, hint)), at=1.0)
    s = class_table(rec.checks("day1"), ["a", "b", "c"], EX, now=2.0)["summary"]["softmax"]
    assert (s["common_failure"], s["count"]) == ("shape (3,) expected (3, 1)", 2)


def test_the_page_puts_stuck_participants_first_and_refreshes_itself_and_the_csv_has_every_cell(tmp_path):
    rec = Record(tmp_path / "checks.sqlite")
    for k in range(3):
        rec.add("zoe", "day1", rows(softmax=FAILING), at=10.0 + k)
    rec.add("amy", "day1", rows(sigmoid=PASSED), at=10.0)
    table = class_table(rec.checks("day1"), ["amy", "zoe"], EX, now=20.0)
    page = class_view.page(table, "day1", ["day0", "day1"], "12:00:00")
    assert page.index('data-who="zoe"') < page.index('data-who="amy"'), "the stuck participant comes first"
    assert "stuck on softmax" in page and 'http-equiv="refresh"' in page and "class.csv?day=day1" in page
    assert page.count('data-state="passed"') == 1 and page.count('data-state="failing"') == 1
    assert "off by 2x" in page   # the most common failure, for the room
    lines = list(csv.DictReader(io.StringIO(class_view.csv_text(table, "day1"))))
    assert len(lines) == 2 * len(EX)
    zoe = next(r for r in lines if r["participant"] == "zoe" and r["exercise"] == "softmax")
    assert zoe["state"] == FAILING and zoe["checks"] == "3" and zoe["stuck"] == "yes"


def test_course_check_away_from_the_hub_says_where_the_checks_are(monkeypatch, capsys):
    import course
    monkeypatch.delenv("BACKPROP_CHECK_URL", raising=False)
    assert course.check() is None
    assert "course.progress.show" in capsys.readouterr().out


def test_the_queue_runs_checks_in_order_shows_each_its_place_and_refuses_with_a_reason(tmp_path):
    import json
    import threading
    import time

    from autograder.nbg import ROOT, source_notebook
    from classroom.check_queue import Checks

    gate, seen = threading.Event(), []

    def judge(nb, path, day, hidden, secret, student):
        seen.append((student, secret, hidden))
        gate.wait(30)
        return rows(sigmoid=PASSED)

    q = Checks(Record(tmp_path / "checks.sqlite"), "the course secret", limit=2, window=600, workers=1, judge=judge)
    released = (ROOT / "day1" / source_notebook("day1").name).read_bytes()
    jobs = [q.submit(who, "day1", released) for who in ("ann", "ben", "cat")]
    time.sleep(0.3)
    assert [q.position(j["id"]) for j in jobs] == [0, 1, 2] and jobs[0]["state"] == "running"
    assert "not finished" in q.refuse("ben")
    assert q.refuse("dan") is None
    gate.set()
    deadline = time.time() + 30
    while any(j["state"] != "done" for j in jobs) and time.time() < deadline:
        time.sleep(0.05)
    assert [s for s, _, _ in seen] == ["ann", "ben", "cat"] and {x[1:] for x in seen} == {("the course secret", True)}
    assert jobs[0]["result"]["points"] == 2.0 and json.dumps(jobs[0]["result"])
    q.submit("ann", "day1", released)
    while q.refuse("ann") and "not finished" in q.refuse("ann"):
        time.sleep(0.05)
    why = q.refuse("ann")
    assert "2 checks in 10 minutes is the limit: the next one in" in why, why
    wait = int(why.split("the next one in ")[1].split(" s")[0])
    assert 590 <= wait <= 601
