"""JupyterHub's configuration for one classroom (started by ``python -m classroom start``).

Everything comes from the classroom's state folder (BACKPROP_CLASSROOM_STATE): the settings that
``start`` wrote, the roster's copy and the classroom's own API token.
"""
import json
import os
from pathlib import Path

from classroom import roster

c = get_config()  # noqa: F821  (injected by JupyterHub)

STATE = Path(os.environ["BACKPROP_CLASSROOM_STATE"])
HUB = STATE / "hub"
S = json.loads((HUB / "settings.json").read_text())
ENV = Path(S["env"])
JUPYTER = Path(__file__).resolve().parent / "jupyter"
MEMBERS = {m.id: m for m in roster.read(HUB / "roster.csv")}
MARK = {"BACKPROP_CLASSROOM_STATE": str(STATE)}     # how `stop` finds what the hub left running

# -- where it listens, where it keeps its state (root only) --------------------------------------------
c.JupyterHub.bind_url = f"{'https' if S['ssl_cert'] else 'http'}://{S['ip']}:{S['port']}"
if S["ssl_cert"]:
    c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key = S["ssl_cert"], S["ssl_key"]
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", S["hub_port"]
c.JupyterHub.db_url = f"sqlite:///{HUB / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(HUB / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(HUB / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [str(ENV / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S['proxy_api_port']}"
c.JupyterHub.cleanup_servers = True      # stopping the hub stops every server

# -- who may log in: PAM (passwords from `classroom accounts`), the roster and nobody else --------------
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.open_sessions = False
c.Authenticator.allowed_users = set(MEMBERS)
c.Authenticator.allow_existing_users = False   # someone taken off the roster cannot log in again
c.Authenticator.admin_users = set()             # hub admins could open every server: instructors get a role

# -- roles: instructors see the class and (where the roster says so) enter servers ----------------------
INSTRUCTOR_SCOPES = ["admin-ui", "list:users", "read:users", "read:users:activity", "read:servers", "servers"]
c.JupyterHub.load_roles = [
    {"name": "instructor", "description": "the class tools; no entry into participants' servers",
     "scopes": INSTRUCTOR_SCOPES,
     "users": sorted(m.id for m in MEMBERS.values() if m.instructor and not m.enters_servers)},
    {"name": "instructor-servers", "description": "the class tools and entry into participants' servers",
     "scopes": [*INSTRUCTOR_SCOPES, "access:servers"],
     "users": sorted(m.id for m in MEMBERS.values() if m.enters_servers)},
    {"name": "classroom-admin", "description": "the classroom's own commands (root, on this machine)",
     "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users", "read:servers"],
     "services": ["classroom-admin"]},
    {"name": "idle-culler", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
     "services": ["idle-culler"]},
    # every member may use the check service (the class view inside it asks the roster who is an instructor)
    {"name": "user", "description": "their own server, and the check service",
     "scopes": ["self", "access:services!service=check"]},
]
c.JupyterHub.services = [
    {"name": "classroom-admin", "api_token": (HUB / "admin-token").read_text().strip()},
    # live checks and the class view (classroom/check_service.py): root, in the course folder (solutions)
    {"name": "check", "url": f"http://127.0.0.1:{S['check_port']}", "cwd": str(STATE / "course"),
     "command": [str(ENV / "env" / "bin" / "python"), "-m", "classroom.check_service"], "oauth_no_confirm": True,
     "environment": {**MARK, "PATH": f"{ENV / 'env' / 'bin'}:/usr/local/bin:/usr/bin:/bin"}},
    {"name": "idle-culler", "environment": MARK,
     "command": [str(ENV / "env" / "bin" / "python"), "-m", "jupyterhub_idle_culler",
                 f"--timeout={S['cull_after']}", f"--cull-every={S['cull_every']}"]},
]

# -- each member's JupyterLab, as their own Unix account ------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV / "env" / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = c.Spawner.http_timeout = 180   # a whole class at once on a small machine
c.Spawner.environment = {
    **MARK,
    "PATH": f"{ENV / 'env' / 'bin'}:/usr/local/bin:/usr/bin:/bin",   # nbgrader runs `alembic` by name
    "BACKPROP_EXCHANGE": str(STATE / "exchange"),
    "BACKPROP_CHECK_URL": f"http://127.0.0.1:{S['check_port']}/services/check/",   # course.check()
}
# the server's token (which its kernels see) may call the check service: course.check() sends it
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server", "access:services!service=check"]


def by_role(spawner):
    """Participants: no formgrader, course list or assignment creation (their URLs answer 404)."""
    member = MEMBERS[spawner.user.name]
    paths, extra = [JUPYTER / "common"], {}
    if member.instructor:
        extra["BACKPROP_NBGRADER_ROOT"] = os.path.join(os.path.expanduser(f"~{member.id}"), "course")
        # what one instructor writes in the shared course folder (gradebook, grades) the others may change
        spawner.cmd = ["/bin/sh", "-c", 'umask 007 && exec "$0" "$@"', *c.Spawner.cmd]
    else:
        paths.insert(0, JUPYTER / "participant")
    extra["JUPYTER_CONFIG_PATH"] = os.pathsep.join(map(str, paths))
    # a new dict: the configured one is shared by every spawner
    spawner.environment = {**spawner.environment, **extra}


c.Spawner.pre_spawn_hook = by_role
