"""A throw-away PostgreSQL server for a test: Debian's server binaries, a data folder in tmp, a Unix socket only.

`make install` installs Debian's `postgresql` package; without it the tests that need a server skip
with its name.  The server runs as the `postgres` account when the tests run as root (PostgreSQL
refuses root), and listens on no TCP port at all.
"""
import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.skip("PostgreSQL's server is not installed: `make install` installs Debian's postgresql")
    return Path(found[-1]).parent


def _as_owner(cmd):
    return ["runuser", "-u", "postgres", "--", *cmd] if os.getuid() == 0 else cmd


@contextlib.contextmanager
def server(db="gradebook"):
    """Start a server with its data and socket in a folder of its own; yield the SQLAlchemy URL of a fresh
    database.  The folder is made in /tmp: the postgres account cannot reach pytest's (root's, mode 700)."""
    bin_ = binaries()
    folder = Path(tempfile.mkdtemp(prefix="backprop-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    if os.getuid() == 0:
        owner = pwd.getpwnam("postgres")
        for p in (folder, sock):
            os.chown(p, owner.pw_uid, owner.pw_gid)
    made = subprocess.run(_as_owner([str(bin_ / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                     "--no-sync"]), capture_output=True, text=True, timeout=120)
    if made.returncode != 0:
        raise RuntimeError(f"initdb failed: {made.stdout[-1000:]}{made.stderr[-1000:]}")
    port = "5433"
    log = folder / "server.log"
    proc = subprocess.Popen(_as_owner([str(bin_ / "postgres"), "-D", str(data), "-p", port, "-k", str(sock),
                                       "-c", "listen_addresses=", "-c", "fsync=off"]),
                            stdout=subprocess.DEVNULL, stderr=open(log, "wb"), start_new_session=True)
    try:
        for _ in range(120):
            if subprocess.run([str(bin_ / "pg_isready"), "-h", str(sock), "-p", port],
                              capture_output=True).returncode == 0:
                break
            time.sleep(0.25)
        else:
            raise RuntimeError(f"PostgreSQL did not start: {log.read_text()[-1000:]}")
        subprocess.run([str(bin_ / "createdb"), "-h", str(sock), "-p", port, "-U", "postgres", db],
                       check=True, capture_output=True, timeout=60)
        yield f"postgresql+psycopg2://postgres@/{db}?host={sock}&port={port}"
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(folder, ignore_errors=True)
