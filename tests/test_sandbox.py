"""The sandbox hides the course root but for the helpers, wherever the course lives."""
import subprocess
import sys

from autograder import sandbox
from autograder.nbg import ROOT


def test_hidden_folders_are_mounted_before_what_is_kept(monkeypatch):
    monkeypatch.setattr(sandbox, "available", lambda: True)
    argv = sandbox.wrap(["true"], "/w", extra_ro=["/tmp/conn.json"], hide=["/tmp", "/srv/runtime"])
    assert argv.count("/tmp") == 1, "/tmp is emptied once, before anything is mounted into it"
    assert argv.index("/srv/runtime") < argv.index(str(ROOT / "course"))
    assert argv.index(str(ROOT)) < argv.index(str(ROOT / "course")) < argv.index("/tmp/conn.json")
    assert argv[-4:] == ["--chdir", "/w", "--", "true"]


def test_inside_the_sandbox_only_the_helpers_and_the_workdir_are_there(tmp_path, needs_sandbox):
    probe = ("import os, sys; root = sys.argv[1]; print(sorted(os.listdir(root)));"
             "open('written', 'w').write('ok');"
             "open(os.path.join(root, 'course', 'x'), 'w')")
    p = subprocess.run(sandbox.wrap([sys.executable, "-c", probe, str(ROOT)], tmp_path),
                       capture_output=True, text=True)
    seen = eval(p.stdout.splitlines()[0])
    assert "solutions" not in seen and ".git" not in seen and "course" in seen
    assert (tmp_path / "written").read_text() == "ok"
    assert "Read-only file system" in p.stderr
