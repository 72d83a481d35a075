"""Driving a classroom hub as its members would (tests, benchmarks): log in through the form, call their
own server's REST API with their token, and run code in a kernel of their server (so a refused
access is tried by the member's own Unix account, in the member's own server)."""
import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


class Hub:
    def __init__(self, url, admin_token):
        self.url, self.admin = url, {"Authorization": f"token {admin_token}"}
        self.tokens = {}

    def api(self, method, path, **kw):
        return requests.request(method, f"{self.url}/hub/api{path}", headers=self.admin, timeout=60, **kw)

    def login(self, who, password):
        """The log-in form, as a browser posts it; the response after redirects (a spawn starts on success)."""
        s = requests.Session()
        s.get(f"{self.url}/hub/login", timeout=30)
        return s.post(f"{self.url}/hub/login", timeout=180,
                      data={"username": who, "password": password, "_xsrf": s.cookies.get("_xsrf", "")})

    def token(self, who):
        """A token of the member's own (scopes of their roles): what their browser session holds."""
        if who not in self.tokens:
            r = self.api("POST", f"/users/{who}/tokens", json={"note": "classroom test", "expires_in": 7200})
            r.raise_for_status()
            self.tokens[who] = r.json()["token"]
        return self.tokens[who]

    def as_member(self, who, method, path, **kw):
        """A request with the member's token to a path under the hub's URL."""
        kw.setdefault("allow_redirects", False)
        return requests.request(method, f"{self.url}{path}", timeout=120,
                                headers={"Authorization": f"token {self.token(who)}"}, **kw)

    def wait_ready(self, who, timeout=240):
        deadline = time.time() + timeout
        while time.time() < deadline:
            server = self.api("GET", f"/users/{who}").json().get("servers", {}).get("")
            if server and server.get("ready"):
                return
            if not server or (not server.get("pending") and not server.get("ready")):
                self.api("POST", f"/users/{who}/server")
            time.sleep(0.5)
        raise TimeoutError(f"{who}'s server was not ready within {timeout} s")

    def server(self, who, method, path, **kw):
        """A call to the member's own server (``/user/<who>/...``), with their token."""
        return self.as_member(who, method, f"/user/{who}{path}", **kw)

    def run(self, who, code, timeout=600):
        """Run code in a new kernel of the member's server; (stdout, error name or None)."""
        r = self.server(who, "POST", "/api/kernels", json={"name": "python3"})
        r.raise_for_status()
        kid = r.json()["id"]
        try:
            return self.execute(who, kid, code, timeout)
        finally:
            self.server(who, "DELETE", f"/api/kernels/{kid}")

    def execute(self, who, kernel_id, code, timeout=600):
        """Run code in one of the member's kernels; (stdout, "ErrorName: message" or None)."""
        # a loop of its own, in a thread of its own: the caller may be inside one (Playwright's sync API is)
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, self._execute(who, kernel_id, code, timeout)).result()

    async def _execute(self, who, kid, code, timeout):
        ws_url = self.url.replace("http", "ws", 1) + f"/user/{who}/api/kernels/{kid}/channels"
        ws = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {self.token(who)}"}))
        msg_id, out, error = uuid.uuid4().hex, [], None
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": who, "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True}}))
        deadline = time.time() + timeout
        while True:
            raw = await asyncio.wait_for(ws.read_message(), max(1, deadline - time.time()))
            if raw is None:
                raise ConnectionError(f"{who}'s kernel channel closed")
            m = json.loads(raw)
            if m.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = m["header"]["msg_type"]
            if kind == "stream":
                out.append(m["content"]["text"])
            elif kind == "error":
                error = f"{m['content']['ename']}: {m['content']['evalue']}"
            elif kind == "status" and m["content"]["execution_state"] == "idle":
                ws.close()
                return "".join(out), error
