"""python -m classroom: install | accounts ROSTER | start --roster ROSTER | stop | status (as root)."""
import argparse
import json
import os
import sys
import urllib.request

from classroom import accounts, roster
from classroom.environment import Environment
from classroom.hub import Classroom

STATE, ENV, GROUP = "/srv/backprop-classroom", "/opt/backprop-classroom", "backprop-instructors"


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m classroom", description=__doc__)
    ap.add_argument("--state", default=STATE, help="the classroom's state folder (hub, exchange, course)")
    ap.add_argument("--env", default=ENV, help="where the course environment is built (world-readable)")
    ap.add_argument("--group", default=GROUP, help="the instructors' Unix group")
    sub = ap.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="build the course environment and the proxy (kept while up to date)")
    a = sub.add_parser("accounts", help="create the roster's Unix accounts; new passwords go to the hand-out sheet")
    a.add_argument("roster")
    a.add_argument("--reset-passwords", action="store_true", help="give every member a new password")
    s = sub.add_parser("start", help="start the hub (installs first when needed)")
    s.add_argument("--roster", required=True)
    s.add_argument("--ip", default="127.0.0.1", help="0.0.0.0 to serve the room (then use --ssl-cert/--ssl-key)")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--cull-after", type=int, default=3600, help="seconds idle before a server is stopped")
    s.add_argument("--check-limit", type=int, default=20, help="live checks a participant may run in 10 minutes")
    s.add_argument("--ssl-cert")
    s.add_argument("--ssl-key")
    sub.add_parser("stop", help="stop the hub, every server and kernel it started; nothing is left running")
    sub.add_parser("status", help="whether the hub runs, and each member's server")
    args = ap.parse_args(argv)
    if os.geteuid() != 0:
        raise SystemExit("the classroom is run as root: it creates accounts and starts servers as their users")
    room = Classroom(args.state)
    if args.command == "install":
        Environment(args.env).build()
    elif args.command == "accounts":
        room.hub.mkdir(parents=True, exist_ok=True)
        room.hub.chmod(0o700)
        handed = accounts.create(roster.read(args.roster), args.group, room.passwords, args.reset_passwords)
        print(f"classroom: {len(handed)} new passwords in {room.passwords} (root only): hand them out")
    elif args.command == "start":
        room.start(args.roster, args.env, args.group, args.ip, args.port, args.cull_after, args.ssl_cert, args.ssl_key,
                   args.check_limit)
    elif args.command == "stop":
        room.stop()
    else:
        status(room)


def status(room):
    if not room.pid():
        print("classroom: not running")
        return 1
    token = room.token_file.read_text().strip()
    req = urllib.request.Request(room.url() + "/hub/api/users", headers={"Authorization": f"token {token}"})
    users = json.load(urllib.request.urlopen(req, timeout=10))
    print(f"classroom: running at {room.url()} (pid {room.pid()})")
    for u in users:
        server = u.get("servers", {}).get("", {})
        print(f"  {u['name']:<24} {'ready' if server.get('ready') else 'stopped':<8} last active {u.get('last_activity')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
