"""What the side-by-side benchmarks (benchmarks/day4.py, day5.py) share: torch if installed,
interleaved medians, and one line that says which machine measured."""
import os
import platform
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info

try:
    import torch
except ImportError:   # the optional extra is not installed: the torch rows are skipped
    torch = None

__all__ = ["torch", "met", "interleaved", "load_line", "machine_line"]


def met(ok):
    return "met" if ok else "NOT MET"


def interleaved(fns, reps, warmup=3):
    """{name: median seconds}: one call of each function per repetition, the order reversed every other one."""
    names = list(fns)
    for _ in range(warmup):
        for k in names:
            fns[k]()
    times = {k: [] for k in names}
    for r in range(reps):
        for k in (names if r % 2 == 0 else names[::-1]):
            start = time.perf_counter()
            fns[k]()
            times[k].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def load_line():
    return ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"


def machine_line(load=None):
    """The platform, BLAS and torch versions, and the load average (``load``: as measured at the start)."""
    blas = [f"{i['internal_api']} {i.get('version') or ''} ({i.get('architecture') or i['user_api']})".replace("  ", " ")
            for i in threadpool_info() if i["user_api"] == "blas"]
    return (f"{platform.platform()}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; "
            f"Python {platform.python_version()}, numpy {np.__version__}, "
            f"torch {torch.__version__ if torch else 'not installed'}; BLAS: {', '.join(blas) or 'unknown'}; "
            f"load average at the start {load or load_line()}")


def start(day):
    """Set the threads as the notebooks run (1), load the day's reference solution and print the header.

    Returns (the source notebook's path, the reference's names, the header lines of the day's report).
    """
    import hashlib
    from threadpoolctl import threadpool_limits

    from autograder.nbg import source_notebook
    from autograder.verdict import Reference

    load = load_line()   # before this run adds its own load
    threadpool_limits(1)   # as course.setup() does in the notebook
    if torch is not None:
        torch.set_num_threads(1)
    nb = source_notebook(day)
    ns = Reference(nb).ns
    stamp = time.strftime("%Y-%m-%d %H:%M", time.gmtime(nb.stat().st_mtime))
    lines = [f"# Day {day[3:]} figures", "", f"Machine: {machine_line(load)}.", "",
             f"Reference: the answer cells of solutions/{day}/{nb.name} (md5 "
             f"{hashlib.md5(nb.read_bytes()).hexdigest()[:8]}, modified {stamp} UTC).", "",
             f"All figures below come from one run of `python -m benchmarks.{day}`, measured side by side "
             "(interleaved repetitions, medians).", ""]
    print("\n".join(lines), flush=True)
    return nb, ns, lines


def finish(lines, first, out, begun):
    """Close the day's report: the run's time, the new lines printed, the whole report written to out."""
    lines += [f"The whole run took {time.perf_counter() - begun:.0f} s.", ""]
    print("\n".join(lines[first:]))
    out.write_text("\n".join(lines))
    print(f"written to {out}")
