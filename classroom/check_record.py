"""The record of live checks, and the class table read from it.

Every check a participant runs is kept (who, day, when, one row per exercise) in an SQLite file of
the check service's own, apart from nbgrader's gradebook: nothing here is a grade, and the record
survives a restart of the service.  ``class_table`` turns the record of a day into what the
instructor's class view shows: participants x exercises, who is stuck, and per exercise the pass
rate and the most common failure.
"""
import json
import sqlite3
import threading
import time
from collections import Counter

PASSED, FAILING, TODO = "passed", "failing", "not started"
STUCK_FAILS = 3            # failed checks of one exercise in a row ...
STUCK_SECONDS = 15 * 60    # ... or this long since the first try, without passing


class Record:
    def __init__(self, path):
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.lock = threading.Lock()
        with self.lock, self.db:
            self.db.execute("CREATE TABLE IF NOT EXISTS checks (id INTEGER PRIMARY KEY, who TEXT, day TEXT, "
                            "at REAL, score REAL, total REAL, rows TEXT)")

    def add(self, who, day, rows, at=None):
        with self.lock, self.db:
            self.db.execute("INSERT INTO checks (who, day, at, score, total, rows) VALUES (?, ?, ?, ?, ?, ?)",
                            (who, day, at or time.time(), sum(r["score"] for r in rows),
                             sum(r["points"] for r in rows), json.dumps(rows)))

    def checks(self, day):
        """[(who, at, rows)] of a day, oldest first."""
        with self.lock:
            cur = self.db.execute("SELECT who, at, rows FROM checks WHERE day = ? ORDER BY at, id", (day,))
            return [(who, at, json.loads(rows)) for who, at, rows in cur.fetchall()]

    def times_since(self, who, since):
        """When the participant's checks since then ran, oldest first (the rate limit counts them)."""
        with self.lock:
            cur = self.db.execute("SELECT at FROM checks WHERE who = ? AND at >= ? ORDER BY at", (who, since))
            return [at for (at,) in cur.fetchall()]


def cell(history, now):
    """One participant's exercise from their checks of it, oldest first: [(at, row)] where it was started."""
    if not history:
        return {"state": TODO, "attempts": 0, "since_first": None, "stuck": False, "hint": None}
    last = history[-1][1]
    since_first = now - history[0][0]
    failing_run = 0
    for _, row in reversed(history):
        if row["state"] != FAILING:
            break
        failing_run += 1
    stuck = last["state"] == FAILING and (failing_run >= STUCK_FAILS or since_first >= STUCK_SECONDS)
    return {"state": last["state"], "attempts": len(history), "since_first": since_first, "stuck": stuck,
            "hint": last.get("hint") if last["state"] == FAILING else None}


def class_table(checks, participants, exercises, now=None):
    """What the class view shows for one day.

    checks: [(who, at, rows)] oldest first; participants: the roster's participant ids; exercises: the
    day's exercise names in notebook order.  Returns {"exercises", "rows": [{"who", "cells", "stuck",
    "last_check"}], "summary": {exercise: {"passed", "failing", "pass_rate", "common_failure", "count"}}}.
    """
    now = now or time.time()
    seen = {who: {ex: [] for ex in exercises} for who in participants}
    last_check = {}
    for who, at, rows in checks:
        if who not in seen:
            continue
        last_check[who] = at
        for row in rows:
            if row["name"] in seen[who] and row["state"] != TODO:
                seen[who][row["name"]].append((at, row))
    table = []
    for who in participants:
        cells = {ex: cell(seen[who][ex], now) for ex in exercises}
        table.append({"who": who, "cells": cells, "stuck": [ex for ex, c in cells.items() if c["stuck"]],
                      "last_check": last_check.get(who)})
    summary = {}
    for ex in exercises:
        states = [r["cells"][ex] for r in table]
        failures = Counter(c["hint"] for c in states if c["state"] == FAILING and c["hint"])
        common = failures.most_common(1)
        summary[ex] = {"passed": sum(c["state"] == PASSED for c in states),
                       "failing": sum(c["state"] == FAILING for c in states),
                       "pass_rate": sum(c["state"] == PASSED for c in states) / max(1, len(states)),
                       "common_failure": common[0][0] if common else None,
                       "count": common[0][1] if common else 0}
    return {"exercises": list(exercises), "rows": table, "summary": summary}
