"""The classroom on Kubernetes (classroom/k8s/), checked without a cluster: the manifests parse, the
chart's values use the chart's keys and no admin or dummy log-in, the rosters become the roles,
groups and server environments the guide describes, the images install the course environment of
environment.yml and never solutions/, and the grading Job is an Indexed Job of --shard runs."""
import csv
import json
import re
import shlex
import sys
import tomllib
import types

import pytest
import yaml
from traitlets.config import Config, PyFileConfigLoader

from autograder.nbg import ROOT

K8S = ROOT / "classroom" / "k8s"
VALUES = yaml.safe_load((K8S / "values.yaml").read_text())
DOCKERFILE = (K8S / "Dockerfile").read_text()
DOCKERIGNORE = (K8S / "Dockerfile.dockerignore").read_text()

# the classroom's roster roles (classroom/roster.py) and the JupyterHub role each becomes ('+' is not
# allowed in a JupyterHub role name)
HUB_ROLE = {"participant": "participant", "instructor": "instructor", "instructor+servers": "instructor-servers"}
# the chart pinned in the guide, and the JupyterHub it runs (its changelog)
CHART_JUPYTERHUB = {"4.4.0": "5.5.0"}
# what the images add to the course environment: the rest is `pip install .`
EXTRA_PINS = {
    "base": {"jupyterhub", "ngshare-exchange"},
    "grader": {"psycopg2-binary", "setuptools"},
    "ngshare": {"ngshare", "jupyterhub", "sqlalchemy", "alembic"},
}
# Zero to JupyterHub 4.x: the keys used here (a misspelt key fails the chart's schema at install)
Z2JH_TOP = {"enabled", "fullnameOverride", "nameOverride", "custom", "imagePullSecret", "imagePullSecrets", "hub",
            "proxy", "singleuser", "scheduling", "ingress", "httpRoute", "prePuller", "cull", "debug", "rbac",
            "global"}
Z2JH_HUB = {"config", "loadRoles", "services", "extraVolumes", "extraVolumeMounts", "extraConfig", "extraEnv",
            "extraFiles", "db", "resources", "networkPolicy", "image", "concurrentSpawnLimit",
            "consecutiveFailureLimit", "activeServerLimit", "existingSecret"}
Z2JH_SINGLEUSER = {"image", "defaultUrl", "uid", "fsGid", "memory", "cpu", "storage", "extraEnv", "lifecycleHooks",
                   "cmd", "networkPolicy", "cloudMetadata", "profileList", "extraFiles", "startTimeout",
                   "nodeSelector", "extraTolerations", "extraLabels", "extraAnnotations"}
Z2JH_CULL = {"enabled", "users", "adminUsers", "removeNamedServers", "timeout", "every", "concurrency", "maxAge"}
# JupyterHub's scopes the roles may use (no admin:*, no tokens or users to write)
ALLOWED_SCOPES = {"self", "admin-ui", "list:users", "read:users", "read:users:activity", "read:servers", "servers",
                  "access:services", "access:servers"}
JUPYTERHUB_ROLE_NAME = re.compile(r"^[a-z][a-z0-9\-_~\.]{1,253}[a-z0-9]$")   # jupyterhub/roles.py
IDLE_SERVER_MB, KERNEL_MB = 155, 70


def docs(name):
    return [d for d in yaml.safe_load_all((K8S / name).read_text()) if d is not None]


def find(name, kind, obj=None):
    found = [d for d in docs(name) if d["kind"] == kind and (obj is None or d["metadata"]["name"] == obj)]
    assert len(found) == 1, f"{name}: expected one {kind} {obj or ''}, found {len(found)}"
    return found[0]


def quantity(q):
    """A Kubernetes memory quantity in bytes ('384M', '1G', '1Gi')."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]i?)?", str(q))
    assert m, f"not a quantity: {q!r}"
    unit = m.group(2) or ""
    base = 1024 if unit.endswith("i") else 1000
    return float(m.group(1)) * base ** ("KMGT".index(unit[0]) + 1 if unit else 0)


# ---------------------------------------------------------------------------------------------------
# the manifests

def test_every_yaml_file_parses_and_every_manifest_names_its_kind():
    files = sorted(K8S.glob("*.yaml"))
    assert {f.name for f in files} >= {"values.yaml", "grade-job.yaml", "ngshare.yaml"}
    for f in files:
        parsed = [d for d in yaml.safe_load_all(f.read_text()) if d is not None]
        assert parsed, f"{f.name} is empty"
        if f.name != "values.yaml":
            for d in parsed:
                assert {"apiVersion", "kind", "metadata"} <= set(d) and d["metadata"].get("name"), f"{f.name}: {d}"


# ---------------------------------------------------------------------------------------------------
# the chart's values

def test_values_use_the_charts_keys_and_name_an_image_with_a_string_tag():
    assert set(VALUES) <= Z2JH_TOP, f"not chart keys: {set(VALUES) - Z2JH_TOP}"
    assert set(VALUES["hub"]) <= Z2JH_HUB, set(VALUES["hub"]) - Z2JH_HUB
    assert set(VALUES["singleuser"]) <= Z2JH_SINGLEUSER, set(VALUES["singleuser"]) - Z2JH_SINGLEUSER
    assert set(VALUES["cull"]) <= Z2JH_CULL, set(VALUES["cull"]) - Z2JH_CULL
    image = VALUES["singleuser"]["image"]
    assert image["name"].endswith("backprop-workbook-singleuser")
    # an unquoted 0.1 would reach the chart as the number 0.1
    assert isinstance(image["tag"], str) and image["tag"]
    # hub.config's keys are configurable classes (the chart refuses anything else)
    assert all(re.fullmatch(r"[A-Z][A-Za-z]+", k) for k in VALUES["hub"]["config"]), VALUES["hub"]["config"]
    assert VALUES["cull"]["enabled"] is True and VALUES["cull"]["timeout"] > 0 and VALUES["cull"]["users"] is False


def _keys(node):
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from _keys(v)


def test_nobody_is_admin_and_the_log_in_is_not_the_dummy():
    text = (K8S / "values.yaml").read_text().lower()
    assert "dummy" not in text
    keys = set(_keys(VALUES))
    assert not keys & {"admin_users", "adminUsers", "admin_access"}, keys
    assert "auth" not in VALUES       # the chart's old auth.admin.users
    authenticator = VALUES["hub"]["config"]["JupyterHub"]["authenticator_class"]
    assert authenticator in {"generic-oauth", "firstuseauthenticator.FirstUseAuthenticator"}, authenticator
    assert VALUES["hub"]["config"]["Authenticator"]["allow_existing_users"] is False


def test_servers_are_guaranteed_an_idle_server_and_a_kernel_and_limited_above_that():
    s = VALUES["singleuser"]
    guarantee, limit = quantity(s["memory"]["guarantee"]), quantity(s["memory"]["limit"])
    assert guarantee >= (IDLE_SERVER_MB + 2 * KERNEL_MB) * 1e6, "less than a server with two notebooks"
    assert limit > guarantee
    assert 0 < s["cpu"]["guarantee"] <= s["cpu"]["limit"]
    assert s["uid"] == 1000 and re.search(r"^USER 1000$", stage("singleuser"), re.M)


def test_the_roles_are_the_rosters_roles_and_only_instructor_servers_enter_servers():
    try:
        from classroom import roster
        assert set(roster.ROLES) == set(HUB_ROLE)
    except ImportError:
        pass   # the one-machine classroom's module; the roles are the same either way
    roles = VALUES["hub"]["loadRoles"]
    assert set(roles) == set(HUB_ROLE.values())
    for name, role in roles.items():
        for scope in role["scopes"]:
            base, _, restriction = scope.partition("!")
            assert base in ALLOWED_SCOPES, f"{name}: {scope}"
            # every scope on others is limited to the class (or to ngshare, for the service)
            assert base in {"self", "admin-ui"} or restriction in {"group={course}", "service=ngshare"}, scope
    enters = {name for name, role in roles.items() if any(s.startswith("access:servers") for s in role["scopes"])}
    assert enters == {"instructor-servers"}
    assert set(roles["instructor"]["scopes"]) < set(roles["instructor-servers"]["scopes"])
    assert roles["participant"]["scopes"] == ["self"]


def test_the_ngshare_service_is_the_ngshare_deployments_service():
    service = VALUES["hub"]["services"]["ngshare"]
    svc = find("ngshare.yaml", "Service", "ngshare")
    port = svc["spec"]["ports"][0]["port"]
    assert service["url"] == f"http://{svc['metadata']['name']}:{port}"
    assert "apiToken" not in service and "api_token" not in service   # generated by the chart, never in the repo
    assert VALUES["singleuser"]["extraEnv"]["NGSHARE_URL"] == "http://proxy-public/services/ngshare"


# ---------------------------------------------------------------------------------------------------
# the rosters -> roles, groups and the servers' environment (hub.extraConfig, run as the chart runs it)

def hub_config(roster_dir, monkeypatch):
    """Run hub.extraConfig the way the chart does: after hub.loadRoles and the culler's role."""
    monkeypatch.setenv("BACKPROP_ROSTER_DIR", str(roster_dir))
    c = Config()
    culler = {"name": "jupyterhub-idle-culler", "scopes": ["list:users"], "services": ["jupyterhub-idle-culler"]}
    c.JupyterHub.load_roles = [culler] + [dict(role, name=key) for key, role in VALUES["hub"]["loadRoles"].items()]
    for _, code in sorted(VALUES["hub"]["extraConfig"].items()):
        exec(compile(code, "hub.extraConfig", "exec"), {"c": c})
    return c


def write_roster(folder, course, rows):
    folder.mkdir(exist_ok=True)
    (folder / f"{course}.csv").write_text("id,name,role\n" + "".join(f"{w},{w.title()} Example,{r}\n"
                                                                     for w, r in rows))


TWO_CLASSES = {
    "class-a": [("teach", "instructor"), ("help", "instructor+servers"), ("ann", "participant"), ("bo", "participant")],
    "class-b": [("tess", "instructor"), ("cy", "participant")],
}


@pytest.fixture
def two_classes(tmp_path, monkeypatch):
    for course, rows in TWO_CLASSES.items():
        write_roster(tmp_path / "rosters", course, rows)
    return hub_config(tmp_path / "rosters", monkeypatch)


def test_the_rosters_make_one_role_per_class_and_a_group_of_its_participants(two_classes):
    c = two_classes
    assert c.Authenticator.allowed_users == {w for rows in TWO_CLASSES.values() for w, _ in rows}
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert "jupyterhub-idle-culler" in roles            # the chart's own role is kept
    assert roles["participant-class-a"]["users"] == ["ann", "bo"]
    assert roles["instructor-class-a"]["users"] == ["teach"]
    assert roles["instructor-servers-class-a"]["users"] == ["help"]
    assert "instructor-servers-class-b" not in roles   # nobody in class-b may enter servers
    assert "access:servers!group=class-a" in roles["instructor-servers-class-a"]["scopes"]
    assert not any(s.startswith("access:servers") for s in roles["instructor-class-a"]["scopes"])
    assert all("{course}" not in s for r in roles.values() for s in r["scopes"])
    assert all(JUPYTERHUB_ROLE_NAME.match(name) for name in roles), sorted(roles)
    # a class's group holds its participants only: instructors cannot enter each other's servers
    assert c.JupyterHub.load_groups == {"class-a": {"users": ["ann", "bo"]}, "class-b": {"users": ["cy"]}}


def spawn_env(c, who, base=None):
    spawner = types.SimpleNamespace(user=types.SimpleNamespace(name=who), environment=base or {})
    c.KubeSpawner.pre_spawn_hook(spawner)
    return spawner.environment


def test_participants_servers_get_the_participant_config_and_instructors_their_course(two_classes):
    shared = {"NGSHARE_URL": "http://proxy-public/services/ngshare"}
    ann = spawn_env(two_classes, "ann", shared)
    teach = spawn_env(two_classes, "teach", shared)
    assert shared == {"NGSHARE_URL": "http://proxy-public/services/ngshare"}, "the shared environment was changed"
    assert ann["JUPYTER_CONFIG_PATH"] == "/etc/backprop-workbook/participant"
    assert ann["BACKPROP_COURSE_ID"] == "class-a" and ann["BACKPROP_ROLE"] == "participant"
    assert ann["NGSHARE_URL"] == shared["NGSHARE_URL"]
    assert "JUPYTER_CONFIG_PATH" not in teach
    assert teach["BACKPROP_COURSE_ROOT"] == "/home/jovyan/course" and teach["BACKPROP_ROLE"] == "instructor"
    assert spawn_env(two_classes, "cy")["BACKPROP_COURSE_ID"] == "class-b"
    # that folder is where the single-user image puts the participants' configuration
    assert "COPY classroom/jupyter/participant/ /etc/backprop-workbook/participant/" in stage("singleuser")


def test_the_participant_config_turns_off_the_instructor_parts_of_nbgrader_only():
    folder = ROOT / "classroom" / "jupyter" / "participant"
    server = json.loads(next((folder / "jupyter_server_config.d").glob("*.json")).read_text())
    ext = server["ServerApp"]["jpserver_extensions"]
    assert ext["nbgrader.server_extensions.formgrader"] is False
    assert ext["nbgrader.server_extensions.course_list"] is False
    assert ext["nbgrader.server_extensions.assignment_list"] is True
    assert ext["nbgrader.server_extensions.validate_assignment"] is True
    lab = json.loads((folder / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    off = {k.split(":")[1] for k, v in lab.items() if v}
    assert {"formgrader", "create-assignment", "course-list"} <= off
    assert not {"assignment-list", "validate-assignment"} & off


@pytest.mark.parametrize("rosters, why", [
    ({"class-a": [("ann", "participant"), ("bo", "student")]}, "unknown role"),
    ({"class-a": [("ann", "participant")], "class-b": [("ann", "participant")]}, "already in class-a"),
    ({"Class_A": [("ann", "participant")]}, "not a course id"),
    ({"class-a": [("Ann Smith", "participant")]}, "not a member id"),
])
def test_a_roster_that_cannot_be_read_stops_the_hub_with_the_reason(tmp_path, monkeypatch, rosters, why):
    for course, rows in rosters.items():
        write_roster(tmp_path / "rosters", course, rows)
    with pytest.raises(SystemExit, match=why):
        hub_config(tmp_path / "rosters", monkeypatch)


def test_the_one_machine_example_roster_gives_the_same_roles(tmp_path, monkeypatch):
    example = ROOT / "classroom" / "roster.example.csv"
    if not example.exists():
        pytest.skip("classroom/roster.example.csv is not there")
    (tmp_path / "rosters").mkdir()
    (tmp_path / "rosters" / "backprop-workbook.csv").write_text(example.read_text())
    c = hub_config(tmp_path / "rosters", monkeypatch)
    roles = {u: r["name"] for r in c.JupyterHub.load_roles for u in r.get("users", [])}
    with example.open(newline="") as f:
        expected = {row["id"]: f"{HUB_ROLE[row['role']]}-backprop-workbook" for row in csv.DictReader(f)}
    assert roles == expected


# ---------------------------------------------------------------------------------------------------
# nbgrader in the pods (classroom/k8s/nbgrader_config.py, the images' /etc/jupyter/nbgrader_config.py)

def load_nbgrader_config(monkeypatch, **env):
    calls = []
    fake = types.ModuleType("ngshare_exchange")
    fake.configureExchange = lambda c, url=None: calls.append(url)
    monkeypatch.setitem(sys.modules, "ngshare_exchange", fake)
    for k in ("NGSHARE_URL", "BACKPROP_COURSE_ID", "BACKPROP_COURSE_ROOT", "BACKPROP_ROLE"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(K8S)).load_config()
    return config, calls


def test_every_server_uses_ngshare_in_its_class_and_an_instructor_their_course_folder(tmp_path, monkeypatch):
    url = "http://proxy-public/services/ngshare"
    config, calls = load_nbgrader_config(monkeypatch, NGSHARE_URL=url, BACKPROP_COURSE_ID="class-a",
                                         BACKPROP_ROLE="participant", BACKPROP_COURSE_ROOT=str(tmp_path))
    assert calls == [url] and config.CourseDirectory.course_id == "class-a"
    assert "root" not in config.CourseDirectory
    course = tmp_path / "course"
    course.mkdir()
    (course / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text())
    config, _ = load_nbgrader_config(monkeypatch, NGSHARE_URL=url, BACKPROP_COURSE_ID="class-a",
                                     BACKPROP_ROLE="instructor+servers", BACKPROP_COURSE_ROOT=str(course))
    assert config.CourseDirectory.root == str(course)
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.course_id == "class-a"      # the class, not the repository's default
    config, _ = load_nbgrader_config(monkeypatch, BACKPROP_ROLE="participant", BACKPROP_COURSE_ROOT=str(course))
    assert "root" not in config.CourseDirectory and config.CourseDirectory.course_id == "*"


# ---------------------------------------------------------------------------------------------------
# the grading Job

def test_the_grading_job_is_indexed_and_each_pod_grades_its_shard():
    job = find("grade-job.yaml", "Job")
    spec = job["spec"]
    assert spec["completionMode"] == "Indexed"
    container = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e for e in container["env"]}
    n = int(env["N"]["value"])
    assert spec["completions"] == spec["parallelism"] == n
    script = container["command"][-1]
    assert re.search(r'--shard "?\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/\$N"?', script) or (
        "$((JOB_COMPLETION_INDEX + 1))/$N" in script and '--shard "$shard"' in script), script
    lines = [ln.strip() for ln in script.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    step = {name: next(i for i, ln in enumerate(lines) if ln.startswith(name)) for name in
            ("nbgrader collect", "python -m autograder.grade", "nbgrader release_feedback")}
    assert step["nbgrader collect"] < step["python -m autograder.grade"] < step["nbgrader release_feedback"]
    assert '"$DAY"' in lines[step["python -m autograder.grade"]]
    assert "set -euo pipefail" in lines[0]        # a failed collect must not grade an empty folder
    # the database's password and the hidden inputs' seed come from a Secret, never from the manifest
    for name in ("BACKPROP_GRADEBOOK_URL", "BACKPROP_COURSE_SECRET", "JUPYTERHUB_API_TOKEN"):
        assert "valueFrom" in env[name] and "value" not in env[name], name
    assert env["NGSHARE_URL"]["value"].endswith("/services/ngshare")
    # the course root is cloned where the grader works
    pod = spec["template"]["spec"]
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert container["workingDir"] == mounts["course"] == "/course"
    assert "/course" in pod["initContainers"][0]["command"]
    assert {"SYS_ADMIN", "NET_ADMIN"} <= set(container["securityContext"]["capabilities"]["add"])


def test_the_gradebook_is_postgresql_and_its_password_a_secret():
    sts = find("grade-job.yaml", "StatefulSet", "gradebook")
    pg = sts["spec"]["template"]["spec"]["containers"][0]
    assert pg["image"].startswith("postgres:")
    password = next(e for e in pg["env"] if e["name"] == "POSTGRES_PASSWORD")
    assert "valueFrom" in password
    assert "postgresql+psycopg2://" in (K8S / "README.md").read_text()


def test_ngshare_starts_its_volume_is_read_write_once_and_it_may_reach_the_hub():
    dep = find("ngshare.yaml", "Deployment", "ngshare")
    pod = dep["spec"]["template"]
    env = {e["name"]: e for e in pod["spec"]["containers"][0]["env"]}
    assert env["JUPYTERHUB_CLIENT_ID"]["value"] == "service-ngshare"     # ngshare 0.6.0 stops without it
    assert env["JUPYTERHUB_SERVICE_NAME"]["value"] == "ngshare"
    token = env["JUPYTERHUB_API_TOKEN"]["valueFrom"]["secretKeyRef"]
    assert token == {"name": "hub", "key": "hub.services.ngshare.apiToken"}
    assert pod["metadata"]["labels"]["hub.jupyter.org/network-access-hub"] == "true"
    assert dep["spec"]["replicas"] == 1 and dep["spec"]["strategy"]["type"] == "Recreate"
    assert find("ngshare.yaml", "PersistentVolumeClaim")["spec"]["accessModes"] == ["ReadWriteOnce"]
    assert pod["spec"]["securityContext"]["fsGroup"] == pod["spec"]["securityContext"]["runAsUser"]
    assert "backprop-workbook-ngshare:0.6.0" in pod["spec"]["containers"][0]["image"]


# ---------------------------------------------------------------------------------------------------
# the images

def stages():
    """{stage name: its instructions (continuation lines joined)}."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    out, name = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"FROM\s+(\S+)\s+AS\s+(\S+)", line, re.I)
        if m:
            name = m.group(2)
            out[name] = [f"FROM {m.group(1)}"]
        elif name:
            out[name].append(line)
    return out


def stage(name):
    return "\n".join(stages()[name])


def lineage(name):
    """The stage and the stages it is built FROM, innermost last."""
    chain, all_stages = [], stages()
    while name in all_stages:
        chain.append(name)
        name = all_stages[name][0].split()[1]
    return chain


def pip_installs(name):
    """[(options, requirement specs)] of every `pip install` in the stage itself."""
    out = []
    for line in stages()[name]:
        for cmd in re.split(r"&&|;", line.removeprefix("RUN ")):
            words = shlex.split(cmd)
            if words[:2] == ["pip", "install"]:
                args = words[2:]
                out.append(([w for w in args if w.startswith("-")], [w for w in args if not w.startswith("-")]))
    return out


def req_name(spec):
    return re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower()


def names(specs):
    return {req_name(s) for s in specs}


def environment_yml_names():
    """The packages of environment.yml, read as tests/test_environment.py reads them."""
    deps = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1]
    return names(m.group(1) for m in re.finditer(r"^\s{2}- ([A-Za-z0-9_.-][^:\n]*)$", deps, re.M)) - {"python", "pip"}


def test_the_images_install_environment_ymls_course_environment_and_a_known_few_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = names(project["dependencies"])
    tools = {{"psycopg2-binary": "psycopg2"}.get(n, n) for n in names(project["optional-dependencies"]["test"])}
    # environment.yml = the course environment (what `pip install .` brings) + the test tools
    assert environment_yml_names() - tools == runtime
    base = pip_installs("base")
    course = [(opts, specs) for opts, specs in base if "." in specs]
    assert len(course) == 1 and "-e" not in course[0][0] and "--editable" not in course[0][0], base
    for name, expected in EXTRA_PINS.items():
        pinned = [s for _, specs in pip_installs(name) for s in specs if s != "."]
        assert names(pinned) == expected, f"{name}: {names(pinned)}"
        assert all("==" in s for s in pinned), f"{name}: unpinned {pinned}"
    # ngshare-exchange's metadata asks for jupyter-core<4.11.2: with its dependencies pip never resolves
    exchange = [opts for opts, specs in base if "ngshare-exchange" in names(specs)]
    assert exchange == [["--no-deps"]]
    assert set(lineage("singleuser")) == {"singleuser", "base"} and set(lineage("grader")) == {"grader", "base"}


def test_the_user_image_runs_the_hubs_major_version_of_jupyterhub():
    readme = (K8S / "README.md").read_text()
    chart = re.search(r"jupyterhub/jupyterhub --version (\S+)", readme).group(1)
    hub = CHART_JUPYTERHUB[chart]
    comments = " ".join((K8S / "values.yaml").read_text().replace("#", " ").split())
    assert f"Chart `jupyterhub` {chart} (JupyterHub {hub})" in comments
    for name in ("base", "ngshare"):
        pins = [s for _, specs in pip_installs(name) for s in specs if req_name(s) == "jupyterhub"]
        assert pins == [f"jupyterhub=={hub}"], f"{name}: {pins}"


def copies(name):
    """Sources of COPY/ADD in one stage (build context paths)."""
    out = []
    for line in stages()[name]:
        if re.match(r"(COPY|ADD)\s", line, re.I) and "--from" not in line:
            out += [w for w in shlex.split(line)[1:-1] if not w.startswith("--")]
    return out


def test_no_image_gets_solutions_and_the_context_is_an_allow_list():
    for name in stages():
        for src in copies(name):
            top = src.strip("/").split("/")[0]
            assert top not in {".", "*", "solutions", "benchmarks", "tests", "docs"}, f"{name} copies {src}"
            assert (ROOT / src).exists(), f"{name} copies {src}, which is not in the repository"
    # the grader gets the course root at run time, from the private repository
    assert copies("grader") == []
    rules = [ln.strip() for ln in DOCKERIGNORE.splitlines() if ln.strip() and not ln.startswith("#")]
    assert rules[0] == "*", "the build context must start from nothing"
    allowed = {r[1:].strip("/") for r in rules if r.startswith("!")}
    assert not any(a.split("/")[0] == "solutions" for a in allowed)
    for name in lineage("singleuser") + ["grader"]:
        for src in copies(name):
            assert src.strip("/").split("/")[0] in allowed, f"{src} is outside the build context"
    # what grading leaves in an instructor's checkout stays out even inside an allowed folder
    assert {"autograder/gradebook.db", "autograder/.secret", "autograder/submitted"} <= set(rules)


def test_the_image_holds_every_package_pyproject_installs_and_every_released_day():
    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {p.split(".")[0] for p in include}
    copied = {src.strip("/") for src in copies("base")}
    assert packages <= copied, f"pip install . needs {packages - copied}"
    user = {src.strip("/") for src in copies("singleuser")}
    days = {p.name for p in ROOT.glob("day[0-9]") if any(p.glob("*.ipynb"))}
    assert days | {"home.ipynb"} <= user, (days | {"home.ipynb"}) - user
