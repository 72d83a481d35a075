"""`make lab` opens a JupyterLab that serves Day 1 with the widget front end."""
import json
import re
import socket
import subprocess
import time
import urllib.request

import pytest

from autograder.nbg import ROOT, env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status, r.read().decode()


@pytest.mark.slow
def test_lab_serves_day1_with_widgets(tmp_path):
    target = re.search(r"^OPEN \?= (\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert (ROOT / target).exists(), f"make lab opens {target}, which does not exist"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # the README's command itself, told not to open a browser and where to listen
    cmd = ["make", "-s", "lab", f"LAB_ARGS=--allow-root --no-browser --port={port} "
           "--ServerApp.token=t --ServerApp.ip=127.0.0.1"]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env(JUPYTER_RUNTIME_DIR=str(tmp_path)),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                if get(f"{base}/api/status?token=t")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        status, page = get(f"{base}/?token=t")  # follows the redirect to the default URL
        assert status == 200 and "JupyterLab" in page
        _, nb = get(f"{base}/api/contents/{target}?token=t")
        assert json.loads(nb)["type"] == "notebook"
        _, ext = get(f"{base}/lab/api/extensions?token=t")
        assert "jupyterlab_widgets" in ext, "the ipywidgets front end (jupyterlab_widgets) is missing"
    finally:
        subprocess.run(["pkill", "-f", f"--port={port}"])
        server.terminate()
        server.wait(timeout=20)
