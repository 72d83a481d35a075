"""The sandbox: participant code reaches its own scratch folder, the course helpers and its Python, nothing else."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from autograder import sandbox
from autograder.nbg import ROOT
from course import wire

INSIDE = r'''
import json, os, resource, socket, sys
root, port, home = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = {"root": sorted(os.listdir(root)), "uid": os.getuid(), "env": sorted(os.environ),
        "home": sorted(os.listdir(home)) if os.path.isdir(home) else [],
        "etc": sorted(os.listdir("/etc")), "nproc": resource.getrlimit(resource.RLIMIT_NPROC)[0],
        "as": resource.getrlimit(resource.RLIMIT_AS)[0], "fsize": resource.getrlimit(resource.RLIMIT_FSIZE)[0]}
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    seen["net"] = "connected"
except OSError as e:
    seen["net"] = type(e).__name__
for p in [os.path.join(root, "course", "x"), "/usr/x", os.path.join(root, "x")]:
    try:
        open(p, "w")
        seen.setdefault("wrote", []).append(p)
    except OSError:
        pass
st = os.statvfs("/tmp")
seen["tmp_bytes"] = st.f_blocks * st.f_frsize
open("mine.txt", "w").write("ok")
print(json.dumps(seen))
'''


def run_inside(tmp_path, code, *args, env_extra=None):
    uid = sandbox.user()
    work = sandbox.scratch(tmp_path, uid)
    env = sandbox.environment(work, **(env_extra or {}))
    p = subprocess.run(sandbox.wrap([sys.executable, "-c", code, *map(str, args)], work, uid), env=env,
                       capture_output=True, text=True, timeout=120)
    return p, work


def test_inside_the_sandbox_only_the_helpers_its_python_and_its_folder_are_there(tmp_path, needs_sandbox,
                                                                                monkeypatch):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    monkeypatch.setenv("LMS_API_TOKEN", "canary")
    (Path.home() / ".backprop-canary-test").write_text("x")
    p, work = run_inside(tmp_path, INSIDE, ROOT, listener.getsockname()[1], Path.home())
    (Path.home() / ".backprop-canary-test").unlink()
    listener.close()
    assert p.returncode == 0, p.stderr
    seen = json.loads(p.stdout)
    assert set(seen["root"]) <= {"course", ".venv"}, "the course root shows nothing but the helpers"
    assert "LMS_API_TOKEN" not in seen["env"] and set(seen["env"]) <= set(sandbox.environment(work)) | {"PWD"}
    assert seen["net"] != "connected", "a server on the grader's loopback is out of reach"
    assert "wrote" not in seen, f"wrote outside its folder: {seen.get('wrote')}"
    assert seen["etc"] == sorted(set(seen["etc"]) & {"ld.so.cache", "ld.so.conf", "localtime", "fonts"})
    assert (work / "mine.txt").read_text() == "ok"
    assert seen["tmp_bytes"] <= sandbox.LIMITS.tmp
    assert seen["as"] == sandbox.LIMITS.address_space and seen["fsize"] == sandbox.LIMITS.file_size
    if sandbox.privileged():
        assert seen["uid"] in sandbox.UIDS and seen["nproc"] == sandbox.LIMITS.processes
    # of the home folder, only the way to a Python installed under it (pyenv, say)
    python_dirs = {Path(p).relative_to(Path.home()).parts[0] for p in sandbox._python_paths()
                   if p.startswith(str(Path.home()) + "/")}
    assert set(seen["home"]) <= python_dirs


def test_each_sandbox_gets_a_user_of_its_own(needs_sandbox):
    if not sandbox.privileged():
        pytest.skip("separate user ids need root")
    ids = {sandbox.user() for _ in range(20)}
    assert len(ids) > 15 and all(i in sandbox.UIDS for i in ids)


def test_a_sandbox_that_overruns_its_time_or_its_folder_is_stopped(tmp_path, needs_sandbox):
    uid = sandbox.user()
    work = sandbox.scratch(tmp_path, uid)
    slow = subprocess.Popen(sandbox.wrap([sys.executable, "-c", "import time; time.sleep(60)"], work, uid),
                            env=sandbox.environment(work))
    start = time.monotonic()
    code, why = sandbox.wait(slow, 2, [work])
    assert code is None and "time budget of 2 s" in why and time.monotonic() - start < 20
    fill = ("for i in range(100):\n    open(f'f{i}', 'wb').write(b'x' * 2**20 * 60)\n"
            "import time; time.sleep(60)")
    big = subprocess.Popen(sandbox.wrap([sys.executable, "-c", fill], work, uid), env=sandbox.environment(work))
    code, why = sandbox.wait(big, 120, [work])
    assert code is None and "MB into its folder" in why


def test_a_cgroup_is_made_and_removed_where_root_may(needs_sandbox):
    cg = sandbox.Cgroup()
    if not cg.dirs:
        pytest.skip("no writable memory/pids cgroup here")
    p = subprocess.run(cg.prefix(["/bin/sh", "-c", "cat /proc/self/cgroup"]), capture_output=True, text=True)
    assert all(d.name in p.stdout for d in cg.dirs)
    cg.close()
    assert not any(d.exists() for d in cg.dirs)


def _npz(path, **arrays):
    np.savez(str(path) + ".npz", **arrays)


def test_results_are_read_as_plain_data_and_size_checked_first(tmp_path):
    wire.save(tmp_path / "ok", {"x": np.arange(3.0), "y": 2.0})
    assert wire.load(tmp_path / "ok")["y"] == 2.0
    # a link in place of a result is not followed
    os.symlink("/etc/passwd", tmp_path / "link.json")
    _npz(tmp_path / "link")
    with pytest.raises(OSError):
        wire.load(tmp_path / "link")
    # an array whose header claims more than the limit is refused before its data is read
    (tmp_path / "bomb.json").write_text(json.dumps({"t": "arr", "k": "a0"}))
    np.savez_compressed(tmp_path / "bomb.npz", a0=np.zeros(20 * 2**20))  # 160 MB of zeros, a few kB on disk
    assert (tmp_path / "bomb.npz").stat().st_size < 2**20
    with pytest.raises(ValueError, match="more than"):
        wire.load(tmp_path / "bomb")
    # only the members the tree names are read; object arrays never
    (tmp_path / "obj.json").write_text(json.dumps({"t": "arr", "k": "a0"}))
    np.savez(tmp_path / "obj.npz", a0=np.array([{}, 1], dtype=object))
    with pytest.raises(ValueError):
        wire.load(tmp_path / "obj")
    # a tree nested without end is refused, not a crash
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    _npz(tmp_path / "deep")
    with pytest.raises((ValueError, RecursionError, KeyError, TypeError)):
        wire.load(tmp_path / "deep")
