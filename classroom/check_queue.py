"""The check service's queue: checks run in order, two at a time, each in the name of its sender.

Jobs live in memory (an answer is fetched within seconds); results go into the record.  A
participant has at most one check waiting or running, and at most ``limit`` checks in ``window``
seconds: ``refuse`` says why a new one must wait, and for how long.
"""
import secrets
import shutil
import tempfile
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import nbparts
from autograder.nbg import source_notebook
from autograder.progress import exercises

WORKERS = 2                  # checks at once: one per core of a classroom machine


class Checks:
    """The queue and its workers; jobs are kept in memory, results in the record."""

    def __init__(self, record, secret, limit, window, workers=WORKERS, judge=exercises):
        """judge(nb, path, day, hidden, secret, student) -> rows: the progress view's, with the hidden checks."""
        self.record, self.secret, self.limit, self.window, self.judge = record, secret, limit, window, judge
        self.pool = ThreadPoolExecutor(workers)
        self.jobs, self.waiting, self.lock = {}, deque(), threading.Lock()
        self.scratch = Path(tempfile.mkdtemp(prefix="backprop-checks-"))

    def refuse(self, who):
        """Why a new check of this participant must wait, or None."""
        with self.lock:
            mine = [j for j in self.jobs.values() if j["who"] == who and j["state"] in ("queued", "running")]
        if mine:
            return "your previous check is not finished yet: its answer comes first"
        now = time.time()
        recent = self.record.times_since(who, now - self.window)
        if len(recent) >= self.limit:
            wait = int(recent[-self.limit] + self.window - now) + 1
            return (f"{self.limit} checks in {self.window // 60} minutes is the limit: the next one in {wait} s. "
                    "Meanwhile, read the last hint again and test your function on a small example.")
        return None

    def submit(self, who, day, notebook):
        job = {"id": secrets.token_urlsafe(12), "who": who, "day": day, "state": "queued", "at": time.time()}
        with self.lock:
            # an answer is fetched within seconds: an hour-old one is gone for good (the record keeps it)
            for old in [k for k, j in self.jobs.items() if j["state"] in ("done", "failed") and j["at"] < job["at"] - 3600]:
                del self.jobs[old]
            self.jobs[job["id"]] = job
            self.waiting.append(job["id"])
        self.pool.submit(self.run, job, notebook)
        return job

    def position(self, job_id):
        with self.lock:
            return list(self.waiting).index(job_id) + 1 if job_id in self.waiting else 0

    def run(self, job, notebook):
        with self.lock:
            self.waiting.remove(job["id"])
            job["state"] = "running"
        folder = Path(tempfile.mkdtemp(dir=self.scratch))
        try:
            path = folder / source_notebook(job["day"]).name
            path.write_bytes(notebook)
            nb = nbparts.read(path)
            rows = self.judge(nb, path, job["day"], hidden=True, secret=self.secret, student=job["who"])
            self.record.add(job["who"], job["day"], rows)
            job.update(state="done", result={"day": job["day"], "exercises": rows,
                                             "points": sum(r["score"] for r in rows),
                                             "total": sum(r["points"] for r in rows),
                                             "seconds": round(time.time() - job["at"], 1)})
        except ValueError as e:
            job.update(state="failed", error=f"the notebook could not be read: {e}")
        except Exception as e:  # a fault of ours: say so, keep serving the others
            job.update(state="failed", error=f"the check failed ({type(e).__name__}); ask the instructor")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
