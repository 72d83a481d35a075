"""Day 3's figures: the digit classifier's held-out accuracy and training time, and the remedies'
effect on the overfitting run, over several seeds; the training playground's tick.

    python -m benchmarks.day3          (part of: make bench)

Everything runs the reference solution (the answer cells of solutions/day3) and the notebook's
own code for the overfitting run (its cells that define ``overfit_model``, ``overfit_run`` and
``random_shifts``), so the numbers are those a learner with a right answer sees.  Writes
benchmarks/day3.md.
"""
import os
import platform
import statistics
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.pop("NBGRADER_EXECUTION", None)

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from autograder import nbparts  # noqa: E402
from autograder.nbg import source_notebook  # noqa: E402
from autograder.verdict import Reference  # noqa: E402
from course import data, day3  # noqa: E402

OUT = Path(__file__).with_name("day3.md")
SPLITS = range(5)   # data.digits(seed=s); the grader uses the notebook's split, seed 0: the others show the spread
SEEDS = (1, 2, 3)   # seeds of the overfitting run (network and mini-batch order)


def namespace():
    """The reference answers plus the notebook's cells that build the overfitting run."""
    ns = Reference(source_notebook("day3")).ns
    ns["__name__"] = "__main__"
    wanted = ("def flat(", "def overfit_model(", "def random_shifts(")
    for c in nbparts.read(source_notebook("day3"))["cells"]:
        src = nbparts.source(c)
        if c["cell_type"] == "code" and any(k in src for k in wanted):
            exec(compile(src.split("\nwith day3.needs")[0], "<notebook cell>", "exec"), ns)
    return ns


def digits_figures(ns):
    rows = []
    for s in SPLITS:
        d = data.digits(seed=s)
        f = ns["flat"]
        start = time.perf_counter()
        net = ns["train_digits"](f(d["X_train"]), d["y_train"], f(d["X_val"]), d["y_val"], seed=0)
        seconds = time.perf_counter() - start
        acc = float(np.mean(np.argmax(net.forward(f(d["X_test"]), train=False), axis=1) == d["y_test"]))
        rows.append((s, acc, seconds))
    return rows


def remedy_runs(ns, seed):
    """The notebook's remedies cell, with the seed of the network and of the mini-batch order changed."""
    def run(model, **kw):
        return ns["train"](model, ns["softmax_cross_entropy"], ns["sgd_momentum"], {"learning_rate": 0.05},
                           ns["X_small"], ns["y_small"], ns["X_val"], ns["y_val"], epochs=ns["EPOCHS_OF"],
                           batch_size=20, rng=np.random.default_rng(seed), **kw)
    m = ns["overfit_model"]
    out = {"none": run(m(seed=seed)),
           "L2 (reg 1e-3)": run(m(seed=seed), reg=1e-3),
           "dropout (p 0.2)": run(m(dropout=0.2, seed=seed)),
           "early stopping (patience 10)": run(m(seed=seed), stopper=ns["EarlyStopping"](patience=10)),
           "augmentation (shifts)": run(m(seed=seed), augment=ns["random_shifts"]),
           "batch norm": run(m(batchnorm=True, seed=seed))}
    stopped = out["early stopping (patience 10)"]
    stopped["best_epoch"] = int(np.argmin(stopped["val_loss"])) + 1
    return out


def playground_ticks(ns, ticks=10):
    layers = {k: ns[k] for k in ("Dense", "ReLU", "Tanh", "Sigmoid", "Dropout", "Sequential")}
    state = day3.PlaygroundState(layers, ns["train"], ns["softmax_cross_entropy"], ns["sgd_momentum"])
    times = []
    for _ in range(ticks):
        t = time.perf_counter()
        state.tick(**{k: day3.DEFAULTS[k] for k in ("lr", "reg", "batch_size")}, epochs=5)
        day3.draw_state(state)
        times.append(time.perf_counter() - t)
        plt.close("all")
    return times, state.status()


def main():
    threadpool_limits(1)   # as course.setup() does in the notebook
    ns = namespace()
    lines = [f"# Day 3 figures ({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()})",
             "", "## The digit classifier (`train_digits`, the solution's settings)", "",
             "| split seed | held-out test accuracy | training time (s) |", "| --- | --- | --- |"]
    rows = digits_figures(ns)
    lines += [f"| {s} | {acc:.1%} | {sec:.2f} |" for s, acc, sec in rows]
    accs, secs = [r[1] for r in rows], [r[2] for r in rows]
    lines += ["", f"Lowest accuracy {min(accs):.1%}, mean {statistics.mean(accs):.1%} (the grader requires 97 %); "
              f"slowest training {max(secs):.2f} s (the limit is 20 s).", ""]
    print("\n".join(lines), flush=True)
    per_seed = [day3.remedy_table(remedy_runs(ns, s)) for s in SEEDS]
    lines += ["## The remedies on the overfitting run (200 training images, 64-128-128-10, "
              f"{ns['EPOCHS_OF']} epochs)", "",
              f"Mean over the seeds {', '.join(map(str, SEEDS))} (and the range); accuracies on the 359 validation "
              "images, the gap is training minus validation accuracy in points.", "",
              "| remedy | epochs | val acc | vs none (points) | gap (points) | val loss |",
              "| --- | --- | --- | --- | --- | --- |"]
    for i, name in enumerate(r.remedy for r in per_seed[0]):
        rs = [t[i] for t in per_seed]

        def span(vals, fmt):
            return f"{fmt(statistics.mean(vals))} ({fmt(min(vals))} to {fmt(max(vals))})"
        lines.append(f"| {name} | {statistics.mean(r.epochs for r in rs):.0f} "
                     f"| {span([r.val_acc for r in rs], lambda v: f'{v:.1%}')} "
                     f"| {span([100 * r.change for r in rs], lambda v: f'{v:+.1f}')} "
                     f"| {span([100 * r.gap for r in rs], lambda v: f'{v:.1f}')} "
                     f"| {span([r.val_loss for r in rs], lambda v: f'{v:.3f}')} |")
        print(lines[-1], flush=True)
    times, status = playground_ticks(ns)
    lines += ["", "## The training playground", "",
              f"A tick (5 epochs of the learner's `train` on the spirals, defaults) plus its redraw (Agg, no PNG): "
              f"median {statistics.median(times):.2f} s, slowest {max(times):.2f} s over {len(times)} ticks; "
              f"after them: {status}.", ""]
    print("\n".join(lines[-3:]))
    OUT.write_text("\n".join(lines))
    print(f"written to {OUT}")


if __name__ == "__main__":
    main()
