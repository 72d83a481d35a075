"""The check service: live checks for participants and the class view for instructors, on the hub.

A JupyterHub service (``/services/check/``) that the hub starts, as root, in the instructors' course
folder (which has the solutions).  A participant's ``course.check()`` sends their saved notebook with
their own hub token; the token alone decides who they are.  The service grades that one notebook
with the class grader's verdict (participant code in the sandbox, hidden inputs drawn from the
course's secret for that participant, the verdict reached outside their code), two at a time, in
order, and answers each exercise's state and hint: never an input or an expected value.  Checks
wait in a queue whose position the participant sees; too many checks in a short time are refused
with a message that says when to try again.  Every check goes into the record (check_record), from
which instructors read the class view (``class``, ``class.csv``; participants get 403).
"""
import json
import os
import time
from pathlib import Path

from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import ioloop, web

from autograder import nbparts
from autograder.grade import Area, course_secret
from autograder.nbg import DAYS, ROOT, source_notebook
from autograder.progress import exercise_name
from classroom import class_view, roster
from classroom.check_queue import Checks
from classroom.check_record import Record, class_table

MAX_NOTEBOOK_BYTES = 20_000_000


class Base(HubOAuthenticated, web.RequestHandler):
    def initialize(self, checks, members):
        self.checks, self.members = checks, members

    def write_error(self, status, **kw):
        reason = kw.get("exc_info", (None, None))[1]
        self.finish({"error": getattr(reason, "log_message", None) or self._reason})

    def instructor(self):
        user = self.get_current_user()
        m = self.members().get(user["name"]) if user else None
        if not (m and m.instructor):
            raise web.HTTPError(403, "the class view is for instructors")
        return user


class CheckHandler(Base):
    @web.authenticated
    def post(self):
        # only the member's token (course.check() sends it): a browser's cookie is not enough, so no other
        # site can make a check in a participant's name
        if not self.request.headers.get("Authorization", "").startswith("token "):
            raise web.HTTPError(403, "send your hub token (course.check() does)")
        who = self.get_current_user()["name"]
        try:
            body = json.loads(self.request.body)
            day, notebook = body["day"], json.dumps(body["notebook"]).encode()
        except (ValueError, KeyError, TypeError):
            raise web.HTTPError(400, "expected JSON with 'day' and 'notebook'")
        if day not in DAYS:
            raise web.HTTPError(400, f"no day {day!r}: one of {', '.join(DAYS)}")
        if len(notebook) > MAX_NOTEBOOK_BYTES:
            raise web.HTTPError(413, "the notebook is larger than 20 MB: clear its outputs and save")
        why = self.checks.refuse(who)
        if why:
            self.set_status(429)
            return self.finish({"error": why})
        job = self.checks.submit(who, day, notebook)
        self.set_status(202)
        self.finish({"id": job["id"], "position": self.checks.position(job["id"])})


class JobHandler(Base):
    @web.authenticated
    def get(self, job_id):
        job = self.checks.jobs.get(job_id)
        if job is None or job["who"] != self.get_current_user()["name"]:
            raise web.HTTPError(404, "no such check of yours")
        out = {k: job[k] for k in ("id", "day", "state") if k in job}
        out.update(position=self.checks.position(job_id), **{k: job[k] for k in ("result", "error") if k in job})
        self.finish(out)


def day_table(checks, members, day):
    nb = nbparts.read(source_notebook(day))
    names = [exercise_name(nbparts.meta(c)["grade_id"]) for c in nb["cells"] if nbparts.is_test(c)]
    participants = sorted(m.id for m in members.values() if not m.instructor)
    return class_table(checks.record.checks(day), participants, names)


class ClassHandler(Base):
    @web.authenticated
    def get(self, suffix):
        self.instructor()
        day = self.get_argument("day", DAYS[min(1, len(DAYS) - 1)])
        if day not in DAYS:
            raise web.HTTPError(404, f"no day {day!r}")
        table = day_table(self.checks, self.members(), day)
        if suffix == ".csv":
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", f'attachment; filename="class-{day}.csv"')
            return self.finish(class_view.csv_text(table, day))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(class_view.page(table, day, DAYS, time.strftime("%H:%M:%S")))


class HomeHandler(Base):
    @web.authenticated
    def get(self):
        user = self.get_current_user()
        m = self.members().get(user["name"])
        if m and m.instructor:
            return self.redirect("class")
        self.finish("<p>Checks run from your notebook: <code>course.check()</code> in a cell.</p>")


def app(state, limit, window):
    prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
    hub = Path(state) / "hub"
    members = lambda: {m.id: m for m in roster.read(hub / "roster.csv")}  # noqa: E731  (read anew: a changed roster counts)
    folder = hub / "checks"
    folder.mkdir(mode=0o700, exist_ok=True)
    checks = Checks(Record(folder / "checks.sqlite"), course_secret(Area(ROOT / "autograder")), limit, window)
    kw = {"checks": checks, "members": members}
    return web.Application([
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
        (url_path_join(prefix, r"api/check"), CheckHandler, kw),
        (url_path_join(prefix, r"api/check/([A-Za-z0-9_-]+)"), JobHandler, kw),
        (url_path_join(prefix, r"class(\.csv)?"), ClassHandler, kw),
        (prefix, HomeHandler, kw),
    ], cookie_secret=os.urandom(32))


def main():
    from urllib.parse import urlparse
    state = os.environ["BACKPROP_CLASSROOM_STATE"]
    settings = json.loads((Path(state) / "hub" / "settings.json").read_text())
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    app(state, settings.get("check_limit", 20), settings.get("check_window", 600)).listen(url.port, url.hostname)
    ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
