"""classroom.client.Hub against a stand-in hub (no JupyterHub, no root): a call to a member's server
that lands on the hub while the proxy has no route is tried again, as a browser follows the hub's
redirect; anything else comes back as it was answered."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from classroom.client import Hub, describe


class StandIn(BaseHTTPRequestHandler):
    """The hub's answers: a ready server; /user/ann/lost answers from the hub for ``misses`` calls."""
    misses, calls = 0, []

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", location=None):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        StandIn.calls.append(f"GET {self.path}")
        if self.path.startswith("/hub/api/users/"):
            return self.answer(200, json.dumps({"servers": {"": {"ready": True}}}).encode())
        if self.path.startswith("/user/ann/lost") and StandIn.misses > 0:
            StandIn.misses -= 1
            return self.answer(302, location="/user/ann/lost?redirects=1")
        if self.path.startswith("/user/ann/login"):
            return self.answer(302, location="/hub/login?next=%2Fuser%2Fann%2Flogin")
        if self.path == "/user/ann/":
            return self.answer(302, location="/user/ann/lab?")
        if self.path.startswith("/user/ann/starting") and StandIn.misses > 0:
            StandIn.misses -= 1
            return self.answer(303, location="/hub/spawn-pending/ann")
        return self.answer(200, b'{"found": true}')

    def do_PUT(self):
        StandIn.calls.append(f"PUT {self.path}")
        self.rfile.read(int(self.headers["Content-Length"]))
        if StandIn.misses > 0:
            StandIn.misses -= 1
            return self.answer(424, b'{"message": "JupyterHub server no longer running"}')
        return self.answer(200, b"{}")


@pytest.fixture
def hub():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    StandIn.calls.clear()
    h = Hub(f"http://127.0.0.1:{server.server_port}", "admin")
    h.tokens["ann"] = "ann's"
    yield h
    server.shutdown()


def test_a_call_that_lands_on_the_hub_is_tried_again_until_the_server_answers(hub):
    StandIn.misses = 2
    r = hub.server("ann", "GET", "/lost")
    assert r.status_code == 200 and r.json() == {"found": True}
    assert [c for c in StandIn.calls if c.startswith("GET /user/")] == ["GET /user/ann/lost"] * 3
    assert len(hub.detours) == 2 and "302 -> /user/ann/lost?redirects=1" in hub.detours[0]


def test_a_write_refused_with_424_is_sent_again(hub):
    StandIn.misses = 1
    assert hub.server("ann", "PUT", "/api/contents/a.ipynb", json={"type": "notebook"}).status_code == 200
    assert StandIn.calls.count("PUT /user/ann/api/contents/a.ipynb") == 2


def test_a_call_to_a_server_still_starting_waits_for_it(hub):
    StandIn.misses = 1
    assert hub.server("ann", "GET", "/starting").status_code == 200
    assert len(hub.detours) == 1 and "303 -> /hub/spawn-pending/ann" in hub.detours[0]


def test_redirects_to_the_log_in_page_or_by_the_server_itself_are_returned_not_followed(hub):
    r = hub.server("ann", "GET", "/login")
    assert r.status_code == 302 and describe(r).startswith("302 -> /hub/login?next=")
    assert hub.server("ann", "GET", "/").headers["Location"] == "/user/ann/lab?"
    assert not hub.detours


def test_patience_runs_out(hub):
    StandIn.misses = 100
    r = hub.server("ann", "GET", "/lost", patience=0)
    assert r.status_code == 302 and not hub.detours
