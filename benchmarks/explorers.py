"""How fast each explorer redraws when a control moves (the reference solution's functions, headless).

    python -m benchmarks.explorers        (part of: make bench)

Every control of every explorer of Days 1 to 3 is moved a few times (Day 3's
training playground, which trains on Play, is timed in benchmarks/day3.py); the
table gives the median and the slowest redraw per explorer, in seconds, with
matplotlib's Agg backend (building the figure; in a notebook the inline
backend adds its PNG rendering, typically 0.1-0.3 s).  The course's aim is
about a second on a laptop.  Writes benchmarks/explorers.md.
"""
import contextlib
import io
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("NBGRADER_EXECUTION", None)  # in grading mode explorers open no widgets

import ipywidgets as w  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from autograder.nbg import source_notebook  # noqa: E402
from autograder.verdict import Reference  # noqa: E402
from course import data, day1, day2, day3  # noqa: E402

OUT = Path(__file__).with_name("explorers.md")


def builders():
    """(day, explorer name, a function that builds it from the reference solution)."""
    d1 = Reference(source_notebook("day1")).ns
    d2 = Reference(source_notebook("day2")).ns
    d3 = Reference(source_notebook("day3")).ns
    acts3 = {"sigmoid": d3["Sigmoid"], "tanh": d3["Tanh"], "relu": d3["ReLU"]}
    acts = {k: (d1[k], d1[k + "_grad"]) for k in ("sigmoid", "tanh", "relu", "leaky_relu")}
    lin, xor = data.linearly_separable(n=100, seed=14), data.xor(n=200, seed=0)
    rules = {k: d2[k] for k in ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam")}
    return [
        ("day1", "activation_explorer", lambda: day1.activation_explorer(acts)),
        ("day1", "neuron_playground", lambda: day1.neuron_playground({"lin": lin, "xor": xor})),
        ("day1", "xor_playground", lambda: day1.xor_playground(d1["mlp_forward"], *xor)),
        ("day1", "pretrained_explorer", lambda: day1.pretrained_explorer(d1["mlp_forward"])),
        ("day1", "perceptron_explorer", lambda: day1.perceptron_explorer(
            d1["perceptron_train"], {"lin": lin, "xor": (xor[0], np.where(xor[1] == 1, 1.0, -1.0))})),
        ("day2", "graph_explorer", lambda: day2.graph_explorer(d2["Value"])),
        ("day2", "race_explorer", lambda: day2.race_explorer(rules, d2["gradient_descent"])),
        ("day2", "lr_explorer", lambda: day2.lr_explorer(d2["two_layer_net"], rules)),
        ("day2", "gradient_norm_explorer", lambda: day2.gradient_norm_explorer(d2["mlp_loss_and_grads"])),
        ("day3", "depth_explorer", lambda: day3.depth_explorer(d3["Dense"], acts3, init_weights=d3["init_weights"])),
    ]


def _other(c):
    if isinstance(c, w.SelectMultiple):
        return tuple(c.options[:2]) if c.value != tuple(c.options[:2]) else tuple(c.options[:1])
    if hasattr(c, "options"):
        return next(o for o in c.options if o != c.value)
    return c.max if c.value != c.max else c.min


def redraws(ui, rounds=2):
    times = []
    for _ in range(rounds):
        for c in (c for row in ui.children[:-1] for c in row.children):
            t = time.perf_counter()
            c.value = _other(c) if not isinstance(c, w.FloatLogSlider) else 10 ** (c.min + 0.5)
            times.append(time.perf_counter() - t)
            plt.close("all")
    return times


def main():
    lines = [f"# Explorer redraws ({platform.machine()}, {os.cpu_count()} cores, Python "
             f"{platform.python_version()})", "", "Seconds per redraw after a control moves (Agg backend: "
             "the figure is built, not rendered to PNG).", "",
             "| day | explorer | redraws | median (s) | slowest (s) |", "| --- | --- | --- | --- | --- |"]
    for day, name, build in builders():
        with contextlib.redirect_stdout(io.StringIO()):  # headless, display() prints the widget's repr
            times = redraws(build())
        lines.append(f"| {day} | {name} | {len(times)} | {statistics.median(times):.2f} | {max(times):.2f} |")
        print(lines[-1], flush=True)
    OUT.write_text("\n".join(lines) + "\n")
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
