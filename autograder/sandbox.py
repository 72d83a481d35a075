"""Run participant code where it reaches nothing but its own scratch folder.

Every process that runs a participant's code (nbgrader's kernel, the probe)
goes through ``wrap``.  bubblewrap builds it a file system of its own:

- read-only: the system's programs and libraries (/usr and its links), the
  Python installation and the virtual environment it runs in, and the
  course's helper package -- nothing else of the machine: no home folders,
  no grading area, no course root, no other participant, no /etc but the
  loader's cache;
- writable: its own scratch folder (owned by a user id of its own) and a
  size-limited /tmp and /dev/shm;
- its own PID, IPC, UTS and network namespaces: it cannot signal the
  grader, and with no network it cannot reach other kernels' ports or a
  server on this machine (a kernel talks to nbgrader over Unix sockets in
  a folder of its own instead, see autograder/kernel.py);
- an allow-listed environment (``environment``): no variable of the grader's
  reaches it.

Inside, before the participant's code starts, ``prlimit`` caps address space,
processes, file size and core dumps, and -- when the grader runs as root --
``setpriv`` drops to a user id used by no one else (one per sandbox), so the
limit on processes is per submission and no file of the machine's users is
writable.  Where the kernel offers a memory or pids cgroup to root, the
sandbox gets one too (``Cgroup``), which also bounds what its /tmp holds.
"""
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UIDS = range(200_000, 300_000)  # ids no account on the machine uses
# what a numpy kernel needs of the grader's environment; nothing else is passed
PASSED_ON = ("LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "TZ")


@dataclass(frozen=True)
class Limits:
    memory: int = 6 * 2**30        # bytes: the cgroup's limit (RAM + /tmp), where there is one
    address_space: int = 4 * 2**30  # bytes per process (rlimit): a MemoryError before the cgroup's kill
    processes: int = 64            # processes and threads of the sandbox's user
    file_size: int = 64 * 2**20    # bytes, the largest file it can write
    tmp: int = 256 * 2**20         # bytes of /tmp (memory-backed)
    shm: int = 16 * 2**20          # bytes of /dev/shm
    disk: int = 256 * 2**20        # bytes (and 10,000 entries) in the folders it shares with the grader


LIMITS = Limits()


def available():
    """True when bubblewrap is installed and can make its namespaces here (not COURSE_NO_SANDBOX=1)."""
    return os.environ.get("COURSE_NO_SANDBOX") != "1" and _bwrap_works()


@lru_cache(maxsize=None)
def _bwrap_works():
    if shutil.which("bwrap") is None:
        return False
    p = subprocess.run(["bwrap", *_base(), "--unshare-pid", "--unshare-net", "--", "/usr/bin/true"],
                       capture_output=True, timeout=60)
    return p.returncode == 0


def privileged():
    return os.geteuid() == 0


def user():
    """A user id of its own for one sandbox when the grader is root (no account has it), else None."""
    return UIDS.start + secrets.randbelow(len(UIDS)) if privileged() else None


def scratch(base=None, uid=None):
    """A fresh folder for one sandbox, owned by its user, readable by nobody else."""
    path = Path(tempfile.mkdtemp(prefix="sbx-", dir=base))
    if uid is not None:
        os.chown(path, uid, uid)
    path.chmod(0o700)
    return path


def give(path, uid):
    """Hand a file the grader wrote to the sandbox's user (read and write for it alone)."""
    if uid is not None:
        os.chown(path, uid, uid)
    os.chmod(path, 0o600)


def _links_or_binds(*paths):
    out = []
    for p in paths:
        if os.path.islink(p):
            out += ["--symlink", os.readlink(p), p]
        elif os.path.isdir(p):
            out += ["--ro-bind", p, p]
    return out


def _base():
    """The system part of the view: programs, libraries, the loader's cache, /proc and /dev."""
    argv = ["--ro-bind", "/usr", "/usr", *_links_or_binds("/bin", "/sbin", "/lib", "/lib32", "/lib64"),
            "--perms", "0755", "--dir", "/etc"]
    for f in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/fonts"):
        argv += ["--ro-bind-try", f, f]
    return argv + ["--proc", "/proc", "--dev", "/dev"]


def _python_paths():
    """The interpreter, the environment it runs in, and the course helpers (nothing else of the course root)."""
    paths = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix),
             os.path.dirname(os.path.realpath(sys.executable)), str(ROOT / "course")}
    # /usr is mounted already, and a folder inside another one comes with it
    return sorted(p for p in paths if not p.startswith("/usr/")
                  and not any(q != p and p.startswith(q + "/") for q in paths))


def _parents(paths):
    """Folders above the mount points, made traversable (bubblewrap would make them 0700)."""
    made = sorted({str(a) for p in paths for a in Path(p).parents if str(a) not in ("/", "/tmp")})
    return [x for a in made for x in ("--perms", "0755", "--dir", a)]


def wrap(cmd, scratch_dir, uid=None, binds=(), ro=(), limits=LIMITS, new_session=True):
    """The command, run in the sandbox with ``scratch_dir`` as its writable working folder.

    binds: (outside, inside) folders mounted read-write in addition, e.g. the
    kernel's socket folder at the path its connection file names; ro:
    (outside, inside) files or folders mounted read-only.  Without a working
    bubblewrap the command is returned as it is (see ``available``).
    """
    if not available():
        return [str(c) for c in cmd]
    scratch_dir = str(Path(scratch_dir).resolve())
    argv = ["bwrap", *_base(),
            "--size", str(limits.tmp), "--perms", "1777", "--tmpfs", "/tmp",
            "--size", str(limits.shm), "--perms", "1777", "--tmpfs", "/dev/shm"]
    rw = [(scratch_dir, scratch_dir), *((str(a), str(b)) for a, b in binds)]
    ro = [(p, p) for p in _python_paths()] + [(str(a), str(b)) for a, b in ro]
    argv += _parents([inside for _, inside in ro + rw])
    for outside, inside in ro:
        argv += ["--ro-bind", outside, inside]
    for outside, inside in rw:
        argv += ["--bind", outside, inside]
    argv += ["--chdir", scratch_dir, "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net",
             "--unshare-cgroup-try", "--die-with-parent"]
    if new_session:
        argv.append("--new-session")
    argv += ["--", "prlimit", f"--as={limits.address_space}", f"--fsize={limits.file_size}",
             "--core=0", "--nofile=1024"]
    if uid is not None:
        # NPROC counts the processes of a real user id: with an id of its own, it is this sandbox's
        argv += [f"--nproc={limits.processes}", "--", "setpriv", f"--reuid={uid}", f"--regid={uid}",
                 "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
    return argv + ["--", *map(str, cmd)]


def environment(scratch_dir, **extra):
    """The whole environment of a sandboxed process: a short allow-list, nothing else inherited."""
    env = {k: os.environ[k] for k in PASSED_ON if k in os.environ}
    env.update(PATH=os.pathsep.join([os.path.dirname(sys.executable), "/usr/bin", "/bin"]),
               HOME=str(scratch_dir), TMPDIR="/tmp", PYTHONNOUSERSITE="1", PYTHONDONTWRITEBYTECODE="1",
               MPLBACKEND="Agg", MPLCONFIGDIR="/tmp/mpl", IPYTHONDIR="/tmp/ipython", XDG_CACHE_HOME="/tmp/cache",
               # one BLAS thread per sandbox: the grader runs one per core already
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    env.setdefault("LANG", "C.UTF-8")
    env.update({k: str(v) for k, v in extra.items()})
    return env


def wait(proc, seconds, folders, limits=LIMITS):
    """Wait for a sandboxed process; kill it when its time runs out or its shared folders grow too big.

    The folders bound from the grader's disk have no size of their own (a
    tmpfs has), so they are measured twice a second.  Returns the exit
    status and None, or None and the reason it was killed.
    """
    deadline = time.monotonic() + seconds if seconds else None
    while True:
        try:
            return proc.wait(timeout=0.5), None
        except subprocess.TimeoutExpired:
            pass
        why = None
        if deadline is not None and time.monotonic() > deadline:
            why = f"it did not finish within the time budget of {seconds:g} s"
        elif _usage(folders) > limits.disk:
            why = f"it wrote more than {limits.disk / 2**20:.0f} MB into its folder"
        if why:
            proc.kill()
            proc.wait()
            return None, why


def _usage(folders):
    """Bytes under the folders, links not followed; a flood of entries counts as too much."""
    total, seen, stack = 0, 0, [str(f) for f in folders]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for e in entries:
            seen += 1
            if seen > 10_000:
                return float("inf")
            try:  # the sandbox keeps writing and removing files while we look
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file(follow_symlinks=False):
                    total += e.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    return total


class Cgroup:
    """A memory and pids cgroup (v1 or v2) for one sandbox, where root may make one; else nothing.

    ``prefix(argv)`` makes the command join it before bubblewrap starts, so
    every process of the sandbox is counted; ``close()`` kills what is left
    and removes it.
    """

    V1 = Path("/sys/fs/cgroup")

    def __init__(self, limits=LIMITS):
        self.dirs = []
        if not privileged():
            return
        name = f"backprop-{os.environ.get('BACKPROP_RUN_ID', 'x')}-{secrets.token_hex(6)}"
        v2 = self.V1 / "cgroup.controllers"
        try:
            if v2.exists() and "memory" in v2.read_text():
                d = self.V1 / name
                d.mkdir()
                self.dirs.append(d)
                (d / "memory.max").write_text(str(limits.memory))
                (d / "pids.max").write_text(str(limits.processes))
            else:
                for ctl, knob, value in (("memory", "memory.limit_in_bytes", limits.memory),
                                         ("pids", "pids.max", limits.processes)):
                    if (self.V1 / ctl / "cgroup.procs").exists():
                        d = self.V1 / ctl / name
                        d.mkdir()
                        self.dirs.append(d)
                        (d / knob).write_text(str(value))
        except OSError:
            self.close()

    def prefix(self, argv):
        if not self.dirs:
            return list(argv)
        procs = " ".join(f"{d}/cgroup.procs" for d in self.dirs)
        return ["/bin/sh", "-c", f'for f in {procs}; do echo $$ > "$f" || exit 125; done; exec "$@"',
                "sh", *argv]

    @classmethod
    def sweep(cls, run_id):
        """Remove what is left of a run's cgroups (a kernel launcher killed outright cannot close its own)."""
        left = cls.__new__(cls)
        left.dirs = list(cls.V1.glob(f"backprop-{run_id}-*")) + list(cls.V1.glob(f"*/backprop-{run_id}-*"))
        left.close()

    def close(self):
        for d in self.dirs:
            try:
                for pid in (d / "cgroup.procs").read_text().split():
                    os.kill(int(pid), 9)
            except (OSError, ValueError):
                pass
            for _ in range(50):
                try:
                    d.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)
        self.dirs = []
